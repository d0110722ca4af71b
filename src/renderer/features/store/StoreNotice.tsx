import type { AppInfo } from '../../../shared/api'
import { useQuery } from '../../api/query'

/**
 * What the store found wrong with the library files and did about it — files restored from backup,
 * single records taken out, a refused journal, a folder it cannot write — so that the user is told
 * which record and why, not left to wonder where a paper went.
 */
export function StoreNotice() {
  const info = useQuery('app:info', {})
  const lines = info.data ? noticeLines(info.data) : []
  if (lines.length === 0) return null
  return (
    <section className="store-notice" role="status" aria-label="Library repairs">
      <details>
        <summary>
          {lines.length === 1
            ? 'One problem in the library files'
            : `${lines.length} problems in the library files`}
        </summary>
        <ul>
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      </details>
    </section>
  )
}

function noticeLines(info: AppInfo): string[] {
  const lines: string[] = []
  if (info.readOnly) lines.push('The library folder cannot be written: it is shown read-only.')
  for (const r of info.recovered) lines.push(`${r.file} was damaged; restored from ${r.restoredFrom}.`)
  for (const q of info.quarantined) {
    const what = q.collection === 'settings' ? `The setting ${q.id}` : `${q.collection} record ${q.id}`
    const back = q.restoredFrom ? ' Its last good version was put back.' : ''
    lines.push(
      `${what} in ${q.file} was taken out: ${q.problem}.${back}${q.quarantinedTo ? ` Kept in ${q.quarantinedTo}.` : ''}`,
    )
  }
  if (info.journalRefused)
    lines.push(`${info.journalRefused.file} ${info.journalRefused.problem}; it was not replayed.`)
  return lines
}
