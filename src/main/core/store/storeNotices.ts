import type { LibraryStore } from './libraryStore'

/**
 * What the user must be told about an open library, one line each: files restored from backup,
 * records taken out, a refused journal. The CLI and browser mode print these; the app shows them.
 */
export function storeNotices(store: LibraryStore): string[] {
  const lines: string[] = []
  if (store.readOnly) lines.push(`${store.dir} cannot be written: the library was opened read-only`)
  for (const r of store.recovered)
    lines.push(`${r.problem}; moved to ${r.quarantinedTo} and restored from ${r.restoredFrom}`)
  for (const q of store.quarantined) {
    const kept = q.quarantinedTo ? `kept in ${q.quarantinedTo}` : 'not moved (the data dir is read-only)'
    const back = q.restoredFrom ? `; its last good version was put back from ${q.restoredFrom}` : ''
    lines.push(`${q.file}: ${q.collection} record ${q.id} was taken out: ${q.problem}; ${kept}${back}`)
  }
  const j = store.journalProblem
  if (j)
    lines.push(
      `${j.file} ${j.problem}; it was not replayed${j.setAsideTo ? ` and was moved to ${j.setAsideTo}` : ''}`,
    )
  return lines
}
