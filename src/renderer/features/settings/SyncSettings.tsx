import { useState, type FormEvent } from 'react'
import type { SyncConflict, SyncStatus } from '../../../shared/api'
import { mutate, useQuery } from '../../api/query'
import { useToast } from '../../ui/Toast'
import { FieldRow, PlainRow, SubmitRow } from './FormRows'
import { SharedListsSettings } from './SharedListsSettings'
import { SyncStateLine, type Run } from './SyncStateLine'

/**
 * Settings › Sync: the Couch database to sync with and its login, how sync is doing, pause, and the
 * conflicts a person has to decide (a note edited on two machines: both texts side by side).
 */
export function SyncSettings() {
  const status = useQuery('sync:status', {})
  const toast = useToast()
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work()
    } catch (error) {
      toast({ text: (error as Error).message, tone: 'error' })
    }
  }
  return (
    <section className="sync-settings" aria-labelledby="sync-title">
      <h3 id="sync-title">Sync</h3>
      <p className="setting-note">
        Sync this library with a CouchDB database you run or rent: the URL names the database (
        <code>https://host/dbname</code>). Each machine downloads arXiv PDFs itself.
      </p>
      {status.error && !status.data && (
        <p className="sync-line sync-error" role="alert">
          {status.error.message}
        </p>
      )}
      {status.data && (
        <>
          <SyncServerForm status={status.data} run={run} />
          <SyncStatusLine status={status.data} run={run} />
          <SyncPdfLimit status={status.data} run={run} />
          <SyncConflicts conflicts={status.data.conflicts} run={run} />
          <SyncRefused status={status.data} />
          {status.data.server && <SharedListsSettings status={status.data} run={run} />}
        </>
      )}
    </section>
  )
}

function SyncServerForm({ status, run }: { status: SyncStatus; run: Run }) {
  const [url, setUrl] = useState(status.server ?? '')
  const [username, setUsername] = useState(status.username ?? '')
  const [password, setPassword] = useState('')
  const [insecure, setInsecure] = useState(false)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      await mutate('sync:configure', {
        url,
        // An empty password field keeps the password already kept for this user.
        ...(username.trim() !== ''
          ? { username: username.trim(), ...(password !== '' ? { password } : {}) }
          : {}),
        insecure,
      })
      setPassword('')
    })
  }
  const kept = status.loginKeptBy !== null
  return (
    <form className="settings-grid sync-form" onSubmit={submit}>
      <FieldRow
        id="sync-url"
        label="Server"
        value={url}
        placeholder="https://couch.example.org/lectern-you"
        autoComplete="url"
        onValue={setUrl}
      />
      <FieldRow
        id="sync-user"
        label="User"
        value={username}
        placeholder="None (a server that needs no login)"
        autoComplete="username"
        onValue={setUsername}
      />
      <FieldRow
        id="sync-password"
        label="Password"
        type="password"
        value={password}
        placeholder={kept ? 'Kept; type a new one to change it' : ''}
        autoComplete="current-password"
        onValue={setPassword}
      />
      {kept && (
        <PlainRow>
          <span className="setting-note sync-kept">
            {status.loginKeptBy === 'safeStorage'
              ? 'The password is kept in the system keychain.'
              : 'The password is kept in sync/login.json in the library folder, readable only by you.'}{' '}
            It is never in the library, its backups or exports.
          </span>
        </PlainRow>
      )}
      <PlainRow>
        <label className="sync-check">
          <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} /> Allow
          plain http:// to another machine (not encrypted: the password and library cross the network
          readable)
        </label>
      </PlainRow>
      <SubmitRow label={status.server ? 'Save and sync' : 'Connect'} disabled={url.trim() === ''} />
    </form>
  )
}

const STATE_WORDS: Record<SyncStatus['state'], string> = {
  off: 'Not syncing: no server set',
  paused: 'Paused',
  syncing: 'Syncing…',
  synced: 'Synced',
  offline: 'Offline: the server cannot be reached; Lectern tries again by itself',
  error: 'Not syncing',
}

function SyncStatusLine({ status, run }: { status: SyncStatus; run: Run }) {
  const pending =
    status.pending > 0
      ? `${status.pending} ${status.pending === 1 ? 'change' : 'changes'} not on the server yet`
      : null
  return (
    <div className="sync-status">
      <SyncStateLine
        tone={status.state}
        words={STATE_WORDS[status.state]}
        reason={status.reason}
        more={pending}
        label="Sync status"
      />
      {status.server && (
        <p className="setting-note" aria-label="Last sync">
          Last sync: {status.lastSyncAt ? new Date(status.lastSyncAt).toLocaleString() : 'never'}
        </p>
      )}
      {status.server && (
        <p className="sync-actions">
          {status.state === 'paused' ? (
            <button
              type="button"
              className="button"
              onClick={() => void run(() => mutate('sync:resume', {}))}
            >
              Resume
            </button>
          ) : (
            <button type="button" className="button" onClick={() => void run(() => mutate('sync:pause', {}))}>
              Pause
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={() => void run(() => mutate('sync:disconnect', {}))}
            title="Stop syncing and forget the login; this library stays as it is"
          >
            Disconnect
          </button>
        </p>
      )}
    </div>
  )
}

function SyncConflicts({ conflicts, run }: { conflicts: SyncConflict[]; run: Run }) {
  if (conflicts.length === 0) return null
  return (
    <div className="sync-conflicts">
      <h4 id="sync-conflicts-title">
        {conflicts.length === 1
          ? 'A change made on two machines'
          : `${conflicts.length} changes made on two machines`}
      </h4>
      <ul aria-labelledby="sync-conflicts-title">
        {conflicts.map((conflict) => (
          <li key={conflict.docId}>
            <ConflictView conflict={conflict} run={run} />
          </li>
        ))}
      </ul>
    </div>
  )
}

const ENTITY_WORDS: Record<SyncConflict['entity'], string> = {
  note: 'The note on',
  annotation: 'A highlight’s comment on',
  list: 'The name of the list',
}

/** Every version side by side, the one shown now first; keep one, or (a note) write the merge. */
function ConflictView({ conflict, run }: { conflict: SyncConflict; run: Run }) {
  const [merging, setMerging] = useState<string | null>(null)
  const field = conflict.entity === 'note' ? 'text' : (conflict.fields[0] ?? 'text')
  const valueOf = (body: Record<string, unknown>) => {
    const value = body[field]
    return typeof value === 'string' ? value : JSON.stringify(value ?? null)
  }
  const label = `${ENTITY_WORDS[conflict.entity]} ${conflict.title ?? conflict.paperId ?? conflict.docId}`
  return (
    <article className="sync-conflict" aria-label={label}>
      <p className="sync-conflict-title">
        {ENTITY_WORDS[conflict.entity]}{' '}
        <strong>{conflict.title ?? conflict.paperId ?? conflict.docId}</strong> was changed on two machines.
        Both versions are kept until you choose.
      </p>
      <div className="sync-versions">
        {conflict.revisions.map((revision, i) => {
          const name = revision.winner
            ? 'Shown now'
            : `Other version${conflict.revisions.length > 2 ? ` ${i}` : ''}`
          const updated = typeof revision.body.updatedAt === 'string' ? revision.body.updatedAt : null
          return (
            <section key={revision.rev} className="sync-version" aria-label={name}>
              <h5>
                {name}
                {updated && <span className="muted"> · {new Date(updated).toLocaleString()}</span>}
              </h5>
              <pre className="sync-version-text">{valueOf(revision.body)}</pre>
              <button
                type="button"
                className="button"
                onClick={() =>
                  void run(() => mutate('sync:resolve', { docId: conflict.docId, keep: revision.rev }))
                }
              >
                Keep this one
              </button>
            </section>
          )
        })}
      </div>
      {conflict.entity === 'note' &&
        (merging === null ? (
          <button
            type="button"
            className="button"
            onClick={() => setMerging(conflict.revisions.map((r) => valueOf(r.body)).join('\n\n'))}
          >
            Merge…
          </button>
        ) : (
          <form
            className="sync-merge"
            onSubmit={(event) => {
              event.preventDefault()
              void run(() => mutate('sync:resolve', { docId: conflict.docId, text: merging }))
            }}
          >
            <label htmlFor={`merge-${conflict.docId}`}>Merged note</label>
            <textarea
              id={`merge-${conflict.docId}`}
              value={merging}
              rows={6}
              onChange={(e) => setMerging(e.target.value)}
            />
            <span className="sync-actions">
              <button type="submit" className="button">
                Save merged note
              </button>
              <button type="button" className="button" onClick={() => setMerging(null)}>
                Cancel
              </button>
            </span>
          </form>
        ))}
    </article>
  )
}

const MB = 1024 * 1024

/** Attached PDFs up to this size are synced; larger ones stay on the machine they were attached on. */
function SyncPdfLimit({ status, run }: { status: SyncStatus; run: Run }) {
  const [megabytes, setMegabytes] = useState(String(Math.round((status.pdfMaxBytes / MB) * 10) / 10))
  const value = Number(megabytes)
  const valid = megabytes.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 200
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(() => mutate('sync:setPdfLimit', { maxBytes: Math.round(value * MB) }))
  }
  return (
    <form className="settings-grid sync-form" onSubmit={submit}>
      <label htmlFor="sync-pdf-limit">Attached PDFs up to (MB)</label>
      <span>
        <input
          id="sync-pdf-limit"
          type="number"
          min={0}
          max={200}
          step="any"
          value={megabytes}
          aria-describedby="sync-pdf-limit-note"
          onChange={(e) => setMegabytes(e.target.value)}
        />{' '}
        <button type="submit" className="button" disabled={!valid}>
          Save
        </button>
      </span>
      <span />
      <span id="sync-pdf-limit-note" className="setting-note">
        PDFs you attach from a file go to your other machines up to this size (0: none); a larger one stays on
        the machine it was attached on, and its paper says so. PDFs from arXiv are never sent: each machine
        downloads them.
      </span>
    </form>
  )
}

/** Replicated documents left out (a synced PDF that is not what it claims), each with why. */
function SyncRefused({ status }: { status: SyncStatus }) {
  if (status.quarantined.length === 0) return null
  return (
    <div className="sync-refused" role="region" aria-label="Refused documents">
      <p className="setting-note">Left out of this library, as another client wrote them to the server:</p>
      <ul>
        {status.quarantined.map((q) => (
          <li key={q.docId}>
            <code>{q.docId}</code>: {q.problem}
          </li>
        ))}
      </ul>
    </div>
  )
}
