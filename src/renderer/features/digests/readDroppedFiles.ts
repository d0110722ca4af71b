import type { NamedFile } from './uploadDigests'

/** The dropped digest files, walking dropped folders for `*.md`, as the importer does for paths. */
export async function readDroppedDigests(data: DataTransfer): Promise<NamedFile[]> {
  const entries = [...data.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null)
  const files: File[] = []
  if (entries.length > 0) {
    for (const entry of entries) await collect(entry, files, entry.isFile)
  } else {
    files.push(...data.files)
  }
  return files.map((file) => ({ name: file.name, file }))
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
