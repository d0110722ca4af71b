import { useState, type FormEvent } from 'react'
import type { SharedListStatus, SyncStatus } from '../../../shared/api'
import { mutate, useQuery } from '../../api/query'
import { FieldRow, SubmitRow } from './FormRows'
import { SyncStateLine, type Run } from './SyncStateLine'

const STATE_WORDS: Record<SharedListStatus['state'], string> = {
  off: 'Not syncing',
  syncing: 'Syncing…',
  synced: 'Synced',
  offline: 'Offline',
  error: 'Not syncing',
  gone: 'No longer shared',
}

/**
 * Settings › Sync › Shared lists: share a reading list on the sync server (who reads, who writes:
 * the server enforces it), subscribe to one by its URL, and the shared lists with their rights.
 */
export function SharedListsSettings({ status, run }: { status: SyncStatus; run: Run }) {
  return (
    <div className="shared-lists" role="region" aria-labelledby="shared-lists-title">
      <h4 id="shared-lists-title">Shared lists</h4>
      <p className="setting-note">
        A shared list lives in a database of its own on this server: the list, its order, its papers and the
        notes you mark shared. Your reading state and other notes stay yours.
      </p>
      {status.sharedLists.length > 0 && (
        <ul className="shared-list-rows">
          {status.sharedLists.map((list) => (
            <SharedListRow key={list.listId} list={list} run={run} />
          ))}
        </ul>
      )}
      <ShareForm shared={status.sharedLists} run={run} />
      <SubscribeForm run={run} />
    </div>
  )
}

function SharedListRow({ list, run }: { list: SharedListStatus; run: Run }) {
  const owner = list.role === 'owner'
  return (
    <li className="shared-list-row" aria-label={list.name}>
      <p className="shared-list-title">
        <strong>{list.name}</strong>{' '}
        {owner
          ? `shared by you · readers: ${list.readers.join(', ') || 'none'} · writers: ${list.writers.join(', ') || 'none'}`
          : `subscribed · ${list.rights === 'read-only' ? 'read-only' : 'you can change it'}`}
      </p>
      <SyncStateLine
        tone={list.state === 'gone' ? 'error' : list.state}
        words={STATE_WORDS[list.state]}
        reason={list.reason}
      />
      <p className="shared-list-url">
        <input
          readOnly
          aria-label={`Address of ${list.name}`}
          value={list.url}
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="button"
          onClick={() =>
            void run(() =>
              owner
                ? mutate('sync:unshare', { listId: list.listId })
                : mutate('sync:unsubscribe', { listId: list.listId }),
            )
          }
        >
          {owner ? 'Stop sharing' : 'Unsubscribe'}
        </button>
      </p>
    </li>
  )
}

const names = (text: string) =>
  text
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)

function ShareForm({ shared, run }: { shared: SharedListStatus[]; run: Run }) {
  const lists = useQuery('lists:list', {})
  const subscribed = new Set(shared.filter((l) => l.role === 'subscriber').map((l) => l.listId))
  const choices = (lists.data ?? []).filter((l) => !subscribed.has(l.id))
  const [listId, setListId] = useState('')
  const [readers, setReaders] = useState('')
  const [writers, setWriters] = useState('')
  const chosen = listId || choices[0]?.id || ''
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(() => mutate('sync:share', { listId: chosen, readers: names(readers), writers: names(writers) }))
  }
  if (choices.length === 0) return null
  return (
    <form className="settings-grid shared-form" onSubmit={submit} aria-label="Share a list">
      <label htmlFor="share-list">Share list</label>
      <select id="share-list" value={chosen} onChange={(e) => setListId(e.target.value)}>
        {choices.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <FieldRow
        id="share-readers"
        label="Readers"
        value={readers}
        placeholder="user names on the server, comma-separated"
        onValue={setReaders}
      />
      <FieldRow
        id="share-writers"
        label="Writers"
        value={writers}
        placeholder="who may add, remove and reorder"
        onValue={setWriters}
      />
      <SubmitRow label="Share" disabled={chosen === ''} />
    </form>
  )
}

function SubscribeForm({ run }: { run: Run }) {
  const [url, setUrl] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      await mutate('sync:subscribe', { url })
      setUrl('')
    })
  }
  return (
    <form className="settings-grid shared-form" onSubmit={submit} aria-label="Subscribe to a list">
      <FieldRow
        id="subscribe-url"
        label="List address"
        value={url}
        placeholder="https://host/lectern-list-…"
        onValue={setUrl}
      />
      <SubmitRow label="Subscribe" disabled={url.trim() === ''} />
    </form>
  )
}
