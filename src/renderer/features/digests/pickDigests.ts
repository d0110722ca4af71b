import type { NamedFile } from './uploadDigests'

const DIGEST_FILE = /\.(md|markdown)$/i

/**
 * Opens the system file picker for digest files, or (`folder`) a folder whose `*.md` files are
 * imported, as a dropped folder is. Works the same in the desktop app and in browser mode, where
 * there is no native dialog. Resolves to no files when the picker is cancelled.
 */
export function pickDigests({ folder }: { folder: boolean }): Promise<NamedFile[]> {
  const input = document.createElement('input')
  input.type = 'file'
  input.multiple = true
  if (folder) input.webkitdirectory = true
  else input.accept = '.md,.markdown,text/markdown'
  return new Promise((resolve) => {
    input.addEventListener('cancel', () => resolve([]))
    input.addEventListener('change', () => {
      // Files picked one by one are taken whatever their name; in a folder only digests count.
      const files = [...(input.files ?? [])].filter((f) => !folder || DIGEST_FILE.test(f.name))
      resolve(files.map((file) => ({ name: file.webkitRelativePath || file.name, file })))
    })
    input.click()
  })
}
