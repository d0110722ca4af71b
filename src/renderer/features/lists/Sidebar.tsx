import { useState, type FormEvent } from 'react'
import type { ListSummary } from '../../../shared/api'
import { mutate, useQuery } from '../../api/query'
import { useToast } from '../../ui/Toast'

export type LibraryView = { kind: 'all' } | { kind: 'list'; id: string } | { kind: 'digest'; date: string }

interface SidebarProps {
  view: LibraryView
  onSelect: (view: LibraryView) => void
}

export function Sidebar({ view, onSelect }: SidebarProps) {
  const lists = useQuery('lists:list', {})
  const info = useQuery('app:info', {})
  const [creating, setCreating] = useState(false)

  return (
    <nav className="pane sidebar" aria-label="Library">
      <div className="sidebar-brand">Lectern</div>
      <ul className="nav-list">
        <li>
          <button
            type="button"
            className="nav-item"
            aria-current={view.kind === 'all' ? 'page' : undefined}
            onClick={() => onSelect({ kind: 'all' })}
          >
            <span>All papers</span>
            <span className="count">{info.data?.paperCount ?? ''}</span>
          </button>
        </li>
      </ul>

      <div className="sidebar-heading">
        <h2 id="lists-heading">Reading lists</h2>
        <button type="button" className="icon-button" aria-label="New reading list" onClick={() => setCreating(true)}>
          +
        </button>
      </div>
      <ul className="nav-list" aria-labelledby="lists-heading">
        {lists.data?.map((list) => (
          <ListItem
            key={list.id}
            list={list}
            selected={view.kind === 'list' && view.id === list.id}
            onSelect={() => onSelect({ kind: 'list', id: list.id })}
          />
        ))}
        {creating && (
          <li>
            <ListNameForm label="New list name" initial="" onDone={() => setCreating(false)} save={(name) => mutate('lists:create', { name })} />
          </li>
        )}
      </ul>
      {lists.data?.length === 0 && !creating && (
        <p className="sidebar-hint">Make a list for what you want to read: press + above.</p>
      )}
      {lists.error && <p className="inline-error">Lists could not be loaded: {lists.error.message}</p>}

      <DigestDays view={view} onSelect={onSelect} />
    </nav>
  )
}

function DigestDays({ view, onSelect }: SidebarProps) {
  const days = useQuery('digests:list', {})
  if (!days.data || days.data.length === 0) return null
  return (
    <>
      <div className="sidebar-heading">
        <h2 id="digests-heading">Digests</h2>
      </div>
      <ul className="nav-list" aria-labelledby="digests-heading">
        {days.data.map((day) => (
          <li key={day.date}>
            <button
              type="button"
              className="nav-item"
              aria-current={view.kind === 'digest' && view.date === day.date ? 'page' : undefined}
              onClick={() => onSelect({ kind: 'digest', date: day.date })}
            >
              <span className="nav-label">{formatDay(day.date)}</span>
              <span className="count">{day.count}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  )
}

/** `2024-02-13` → `Tue 13 Feb 2024`, always in UTC so the day never shifts. */
export function formatDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

function ListItem({ list, selected, onSelect }: { list: ListSummary; selected: boolean; onSelect: () => void }) {
  const [renaming, setRenaming] = useState(false)
  const toast = useToast()

  if (renaming) {
    return (
      <li>
        <ListNameForm
          label={`Rename list ${list.name}`}
          initial={list.name}
          onDone={() => setRenaming(false)}
          save={(name) => mutate('lists:rename', { id: list.id, name })}
        />
      </li>
    )
  }

  const remove = async () => {
    try {
      await mutate('lists:delete', { id: list.id })
      toast({ text: `Deleted “${list.name}”`, action: { label: 'Undo', run: () => void mutate('lists:restore', { id: list.id }) } })
    } catch (error) {
      toast({ text: (error as Error).message, tone: 'error' })
    }
  }

  return (
    <li className="list-row">
      <button
        type="button"
        className="nav-item"
        aria-current={selected ? 'page' : undefined}
        onClick={onSelect}
        onDoubleClick={() => setRenaming(true)}
      >
        <span className="nav-label">{list.name}</span>
        <span className="count">{list.count}</span>
      </button>
      <span className="row-actions">
        <button type="button" className="icon-button" aria-label={`Rename ${list.name}`} onClick={() => setRenaming(true)}>
          ✎
        </button>
        <button type="button" className="icon-button" aria-label={`Delete ${list.name}`} onClick={() => void remove()}>
          🗑
        </button>
      </span>
    </li>
  )
}

interface ListNameFormProps {
  label: string
  initial: string
  save: (name: string) => Promise<unknown>
  onDone: () => void
}

/** Inline name editor: Enter saves, Escape cancels, errors (a taken name) show in place. */
function ListNameForm({ label, initial, save, onDone }: ListNameFormProps) {
  const [name, setName] = useState(initial)
  const [error, setError] = useState<string | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await save(name)
      onDone()
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <form className="list-form" onSubmit={(e) => void submit(e)}>
      <input
        aria-label={label}
        autoFocus
        value={name}
        onChange={(e) => {
          setName(e.target.value)
          setError(null)
        }}
        onKeyDown={(e) => e.key === 'Escape' && onDone()}
        onBlur={() => name.trim() === initial.trim() && onDone()}
      />
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
