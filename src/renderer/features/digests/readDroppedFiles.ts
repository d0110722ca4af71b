/**
 * Reads dropped digest files, walking dropped folders for `*.md`, as the importer does for paths.
 * Their bytes go to main as they are (base64): decoding is main's read step, the same for every import.
 */
export async function readDroppedDigests(data: DataTransfer): Promise<{ name: string; base64: string }[]> {
  const entries = [...data.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null)
  const files: File[] = []
  if (entries.length > 0) {
    for (const entry of entries) await collect(entry, files, entry.isFile)
  } else {
    files.push(...data.files)
  }
  return Promise.all(files.map(async (file) => ({ name: file.name, base64: await base64Of(file) })))
}

/** The file's bytes as base64, encoded natively (a data: URL) rather than byte by byte in script. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error(`Cannot read ${file.name}`))
    reader.readAsDataURL(file)
  })
}

/** A file dropped by itself is taken whatever its name; inside folders only `.md` files count. */
async function collect(entry: FileSystemEntry, into: File[], explicit: boolean): Promise<void> {
  if (entry.isFile) {
    if (explicit || /\.(md|markdown)$/i.test(entry.name))
      into.push(await fileOf(entry as FileSystemFileEntry))
    return
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader()
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    )
    if (batch.length === 0) return
    for (const child of batch) await collect(child, into, false)
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject))
}
