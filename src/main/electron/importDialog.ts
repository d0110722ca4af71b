import { dialog, type BrowserWindow } from 'electron'
import type { Lectern } from '../core/lectern'

/** File › Import Digests…: pick files or folders, import them as one task, tell the window. */
export async function importDigestsFromDialog(window: BrowserWindow, lectern: Lectern): Promise<void> {
  const choice = await dialog.showOpenDialog(window, {
    title: 'Import Daily Papers digests',
    properties: ['openFile', 'openDirectory', 'multiSelections'],
    filters: [{ name: 'Markdown digests', extensions: ['md', 'markdown'] }],
  })
  if (choice.canceled || choice.filePaths.length === 0) return
  try {
    const report = await lectern.tasks.run('import', 'Importing digests', (control) =>
      lectern.digests.importPaths(choice.filePaths, {
        signal: control.signal,
        onProgress: (p) => control.progress(p.done, p.total),
      }),
    )
    lectern.events.emit('import:finished', { source: 'dialog', report })
  } catch (error) {
    dialog.showErrorBox('Import failed', error instanceof Error ? error.message : String(error))
  }
}
