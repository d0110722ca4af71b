import type { ImportFileReport, ImportReport } from '../../../shared/api'
import { useQuery } from '../../api/query'
import { Dialog } from '../../ui/Dialog'
import { problemsOf } from './importSummary'

/** The per-file report of one import: what each file added, and its problems as `file:line` lines. */
export function ImportReportDialog({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  return (
    <Dialog title="Import report" onClose={onClose} className="import-report">
      <ImportFiles files={report.files.map((file) => ({ file }))} />
    </Dialog>
  )
}

/** What the watched folder imported or turned away lately, newest first, with the same per-file lines. */
export function WatchLogDialog({ onClose }: { onClose: () => void }) {
  const log = useQuery('digests:watchLog', {})
  return (
    <Dialog title="Watched folder log" onClose={onClose} className="import-report">
      {log.error && <p className="inline-error">The log could not be loaded: {log.error.message}</p>}
      {log.data && (
        <>
          <p className="muted">
            {log.data.folder ? (
              <>
                Watching <code>{log.data.folder}</code>
              </>
            ) : (
              'No folder is watched: choose one in Settings.'
            )}
          </p>
          {log.data.entries.length === 0 ? (
            <p>Nothing imported or turned away since Lectern started.</p>
          ) : (
            <ImportFiles files={log.data.entries.map((e) => ({ file: e.report, at: e.at }))} />
          )}
        </>
      )}
    </Dialog>
  )
}

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function ImportFiles({ files }: { files: { file: ImportFileReport; at?: string }[] }) {
  return (
    <ul className="import-files">
      {files.map(({ file, at }, i) => {
        const problems = problemsOf(file)
        const name = file.file.split(/[\\/]/).pop() ?? file.file
        return (
          <li key={`${file.file}-${at ?? ''}-${i}`} className="import-file">
            <h3 title={file.file}>
              {name}
              {file.date && <span className="muted"> · {file.date}</span>}
              {at && <span className="muted"> · {TIME.format(new Date(at))}</span>}
            </h3>
            <p className="muted">
              {file.added.length} added, {file.updated.length} updated, {file.unchanged.length} unchanged
            </p>
            {problems.length > 0 && (
              <ul className="import-problems" aria-label={`Problems in ${name}`}>
                {problems.map((p) => (
                  <li key={p}>
                    <code>{p}</code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        )
      })}
    </ul>
  )
}
