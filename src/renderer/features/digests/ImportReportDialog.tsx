import type { ImportReport } from '../../../shared/api'
import { Dialog } from '../../ui/Dialog'
import { NOT_A_DIGEST, notADigest, problemsOf } from './importSummary'

/** The per-file report of one import: what each file added, and its problems as `file:line` lines. */
export function ImportReportDialog({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  return (
    <Dialog title="Import report" onClose={onClose} className="import-report">
      <ul className="import-files">
        {report.files.map((file, i) => {
          const problems = problemsOf(file)
          const name = file.file.split(/[\\/]/).pop() ?? file.file
          return (
            <li key={`${file.file}-${i}`} className="import-file">
              <h3 title={file.file}>
                {name}
                {file.date && <span className="muted"> · {file.date}</span>}
              </h3>
              <p className="muted">
                {file.added.length} added, {file.updated.length} updated, {file.unchanged.length} unchanged
                {notADigest(file) && ` — ${NOT_A_DIGEST}`}
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
    </Dialog>
  )
}
