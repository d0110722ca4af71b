import { useState, type FormEvent } from 'react'
import type { DailyFetchReport } from '../../../shared/api'
import { Dialog } from '../../ui/Dialog'
import { todayOnTheHub, useFetchDays } from './fetchDays'

/**
 * The Digests heading's actions: fetch today's Hugging Face Daily Papers, or a range of days.
 * `onFetched` hears what came of it (the sidebar shows the fetched day).
 */
export function FetchDaysControls({ onFetched }: { onFetched: (report: DailyFetchReport) => void }) {
  const fetchDays = useFetchDays(onFetched)
  const [busy, setBusy] = useState(false)
  const [choosing, setChoosing] = useState(false)
  const run = (range: { from?: string; to?: string }) => {
    setBusy(true)
    void fetchDays(range).finally(() => setBusy(false))
  }
  return (
    <span className="heading-actions">
      <button
        type="button"
        className="icon-button"
        aria-label="Fetch today's papers"
        title="Fetch today's papers from Hugging Face"
        disabled={busy}
        onClick={() => run({})}
      >
        ⤓
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Fetch papers of other days…"
        title="Fetch papers of other days from Hugging Face"
        disabled={busy}
        onClick={() => setChoosing(true)}
      >
        …
      </button>
      {choosing && (
        <FetchDaysDialog
          onClose={() => setChoosing(false)}
          onFetch={(range) => {
            setChoosing(false)
            run(range)
          }}
        />
      )}
    </span>
  )
}

/** From and to (both included); progress and Cancel show in the task bar while it runs. */
function FetchDaysDialog(props: {
  onClose: () => void
  onFetch: (range: { from: string; to: string }) => void
}) {
  const today = todayOnTheHub()
  const [from, setFrom] = useState(today)
  const [to, setTo] = useState(today)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    props.onFetch({ from, to })
  }
  return (
    <Dialog title="Fetch Hugging Face Daily Papers" onClose={props.onClose}>
      <form className="fetch-days" onSubmit={submit}>
        <label>
          From{' '}
          <input type="date" value={from} max={today} required onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" value={to} max={today} required onChange={(e) => setTo(e.target.value)} />
        </label>
        <p className="muted">Days are dated as Hugging Face dates them (UTC). Weekends have no list.</p>
        <div className="dialog-actions">
          <button type="submit" className="button">
            Fetch
          </button>
        </div>
      </form>
    </Dialog>
  )
}
