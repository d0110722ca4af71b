import { useState, type FormEvent } from 'react'
import { mutate } from '../../api/query'

/** "Add paper" by arXiv id or link (abs or pdf, with or without version). */
export function AddPaperForm({ onAdded }: { onAdded: (id: string) => void }) {
  const [open, setOpen] = useState(false)
  const [ref, setRef] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Add paper
      </button>
    )
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const detail = await mutate('papers:add', { ref })
      onAdded(detail.paper.id)
      setOpen(false)
      setRef('')
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="add-paper" onSubmit={(e) => void submit(e)}>
      <input
        aria-label="arXiv id or link"
        placeholder="arXiv id or link, e.g. 2402.07827"
        autoFocus
        value={ref}
        onChange={(e) => setRef(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      />
      <button type="submit" className="button" disabled={busy || ref.trim() === ''}>
        {busy ? 'Adding…' : 'Add'}
      </button>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
