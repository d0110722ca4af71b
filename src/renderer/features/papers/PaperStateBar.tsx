import { useState, type FormEvent } from 'react'
import type { PaperDetail } from '../../../shared/api'
import type { ReadStatus } from '../../../shared/domain'
import { useQuery } from '../../api/query'
import { useToast } from '../../ui/Toast'
import { useLibraryActions } from '../../ui/libraryActions'
import { removeFromList } from '../lists/listActions'
import { useShownRow } from '../../rows/liveRows'
import { changeTags, updatePaperState } from './paperActions'

const STATUSES: { value: ReadStatus; label: string }[] = [
  { value: 'unread', label: 'Unread' },
  { value: 'reading', label: 'Reading' },
  { value: 'read', label: 'Read' },
]

/** The user's own state of the paper in the detail pane: read status, star, reading lists, tags. */
export function PaperStateBar({ detail }: { detail: PaperDetail }) {
  // The list's row is kept current by events and shows changes not yet saved; the detail may lag.
  const row = useShownRow(detail.paper.id)
  const paper = row
    ? { ...detail.paper, status: row.status, starred: row.starred, tags: row.tags }
    : detail.paper
  const toast = useToast()
  const fail = (what: string) => (error: unknown) =>
    toast({ text: `${what}: ${(error as Error).message}`, tone: 'error' })
  return (
    <div className="state-bar">
      <div className="segmented" role="radiogroup" aria-label="Read status">
        {STATUSES.map((s) => (
          <button
            key={s.value}
            type="button"
            role="radio"
            aria-checked={paper.status === s.value}
            className="segment"
            onClick={() =>
              void updatePaperState([paper.id], { status: s.value }).catch(fail('Status not saved'))
            }
          >
            {s.label}
          </button>
        ))}
      </div>
      <button
        type="button"
        className={`button star-button ${paper.starred ? 'star-on' : ''}`}
        aria-pressed={paper.starred}
        onClick={() =>
          void updatePaperState([paper.id], { starred: !paper.starred }).catch(fail('Star not saved'))
        }
      >
        <span aria-hidden="true">{paper.starred ? '★' : '☆'}</span> {paper.starred ? 'Starred' : 'Star'}
      </button>
      <ListMembership paperId={paper.id} listIds={row?.listIds ?? detail.listIds} />
      <TagEditor paperId={paper.id} tags={paper.tags} />
    </div>
  )
}

function ListMembership({ paperId, listIds }: { paperId: string; listIds: string[] }) {
  const lists = useQuery('lists:list', {})
  const actions = useLibraryActions()
  const toast = useToast()
  const names = new Map((lists.data ?? []).map((l) => [l.id, l.name]))
  const remove = async (listId: string) => {
    try {
      const undo = await removeFromList(listId, [paperId])
      toast({
        text: `Removed from “${names.get(listId) ?? 'the list'}”`,
        action: { label: 'Undo', run: () => void undo() },
      })
    } catch (error) {
      toast({ text: (error as Error).message, tone: 'error' })
    }
  }
  return (
    <div className="state-row">
      <span className="state-label">Lists</span>
      <ul className="chips" aria-label="Reading lists of this paper">
        {listIds.map((id) => (
          <li key={id} className="chip chip-list">
            {names.get(id) ?? '…'}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove from ${names.get(id) ?? 'list'}`}
              onClick={() => void remove(id)}
            >
              ×
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="quiet-button"
            aria-keyshortcuts="L"
            onClick={() => actions.pickList([paperId])}
          >
            Add to list…
          </button>
        </li>
      </ul>
    </div>
  )
}

/** Free tags: Enter or a comma adds (several at once, separated by spaces or commas), × removes. */
function TagEditor({ paperId, tags }: { paperId: string; tags: string[] }) {
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  const add = async (event?: FormEvent) => {
    event?.preventDefault()
    const words = draft
      .split(/[\s,]+/)
      .map((w) => w.replace(/^#/, '').trim().toLowerCase())
      .filter((w) => w !== '')
    if (words.length === 0) return
    try {
      await changeTags([paperId], { add: words })
      setDraft('')
      setError(null)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const remove = async (tag: string) => {
    try {
      await changeTags([paperId], { remove: [tag] })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <div className="state-row">
      <span className="state-label">Tags</span>
      <ul className="chips" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="chip chip-tag">
            #{tag}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove tag ${tag}`}
              onClick={() => void remove(tag)}
            >
              ×
            </button>
          </li>
        ))}
        <li>
          <form onSubmit={(e) => void add(e)} className="tag-form">
            <input
              className="tag-input"
              aria-label="Add tag"
              placeholder="add tag"
              value={draft}
              onChange={(e) => {
                setError(null)
                if (e.target.value.endsWith(',')) {
                  setDraft(e.target.value.slice(0, -1))
                  void add()
                } else setDraft(e.target.value)
              }}
            />
          </form>
        </li>
      </ul>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
