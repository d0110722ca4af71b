/** How a sync is doing, as Settings › Sync says it for the library and for each shared list. */
export function SyncStateLine({
  tone,
  words,
  reason,
  more,
  label,
}: {
  /** The dot's colour: synced, syncing, offline, error… (styles.css `.sync-<tone>`). */
  tone: string
  words: string
  reason: string | null
  /** Said after the state and its reason (pending changes). */
  more?: string | null
  label?: string
}) {
  return (
    <p className={`sync-line sync-${tone}`} role="status" aria-label={label}>
      <span className="sync-dot" aria-hidden="true" />
      {words}
      {reason && `: ${reason}`}
      {more && ` · ${more}`}
    </p>
  )
}

/** Runs a Settings action; a failure is shown as a toast. */
export type Run = (work: () => Promise<unknown>) => Promise<void>
