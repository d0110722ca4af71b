import { useState, type FormEvent } from 'react'
import type { PdfTextStatus } from '../../../shared/api'
import { useLecternEvent } from '../../api/events'
import { invalidate, mutate, useQuery } from '../../api/query'

/**
 * Whether search can see inside the paper's PDF: "no text (scan?)", a damaged file's diagnostic, or
 * an encrypted PDF waiting for its password (asked here too, used once, never stored).
 */
export function PdfTextStatusLine({ paperId }: { paperId: string }) {
  const status = useQuery('pdf:textStatus', { paperId })
  // The background reading of PDFs finished one batch: statuses may have changed.
  useLecternEvent('task:progress', (task) => {
    if (task.kind === 'fulltext' && task.state !== 'running') invalidate('pdf:textStatus')
  })
  // A PDF of this paper attached or removed.
  useLecternEvent('library:changed', (change) => {
    if (change.papers?.rows.some((row) => row.id === paperId)) invalidate('pdf:textStatus')
  })
  if (!status.data || status.data.state === 'none') return null
  return (
    <p className={`pdf-text-status is-${status.data.state}`} aria-label="PDF text for search">
      {describe(status.data)}
      {status.data.state === 'password' && <PasswordForm paperId={paperId} />}
    </p>
  )
}

function describe(status: PdfTextStatus): string {
  switch (status.state) {
    case 'pending':
      return 'PDF text: not indexed yet.'
    case 'text':
      return `PDF text: ${status.pages} ${status.pages === 1 ? 'page' : 'pages'} searchable.`
    case 'no-text':
      return 'PDF text: no text (scan?). Its pages have no text layer, so search cannot find words in it.'
    case 'password':
      return 'PDF text: encrypted. Its text becomes searchable once it is opened with its password.'
    case 'damaged':
      return `PDF text: could not be read. ${status.message}`
    default:
      return ''
  }
}

function PasswordForm({ paperId }: { paperId: string }) {
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setProblem(null)
    mutate('pdf:indexWithPassword', { paperId, password })
      .then(() => invalidate('pdf:textStatus', 'search:'))
      .catch((error: unknown) => setProblem((error as Error).message))
  }
  return (
    <form className="pdf-text-password" onSubmit={submit}>
      <label>
        Password
        <input
          type="password"
          value={password}
          autoComplete="off"
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <button type="submit" disabled={password === ''}>
        Index its text
      </button>
      {problem && <span className="inline-error">{problem}</span>}
    </form>
  )
}
