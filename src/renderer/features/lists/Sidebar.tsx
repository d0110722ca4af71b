import {
  memo,
  useCallback,
  useEffect,
  useRef,
  useState,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react'
import type { DailyFetchReport, ListSummary, SharedListStatus } from '../../../shared/api'
import { mutate, useQuery } from '../../api/query'
import { GearIcon, ImportIcon, LockIcon, PencilIcon, SharedIcon, TrashIcon } from '../../ui/icons'
import { deferred } from '../../ui/deferred'
import { ContextMenu } from '../../ui/Menu'
import { useToast } from '../../ui/Toast'
import { WatchLogDialog } from '../digests/ImportReportDialog'
import { useImportDigests } from '../digests/importDigestsContext'
import { FetchDaysControls } from '../digests/FetchDaysControls'
import { newestFetchedDay } from '../digests/fetchDays'
import { StoreNotice } from '../store/StoreNotice'
import { carriesPapers, LIST_MIME, readPapers } from '../../ui/dragData'
import { formatDay } from '../../ui/formatDay'
import { SMART_VIEWS, type LibraryView } from '../../rows/views'
import { useShownLists } from '../../rows/liveRows'
import { reorderLists } from './listActions'
import { isReadOnly, useSharedLists } from './useSharedLists'

const NO_LISTS: ListSummary[] = []

interface SidebarProps {
  view: LibraryView
  onSelect: (view: LibraryView) => void
  /** Papers dropped on a list. */
  onDropPapers: (list: ListSummary, paperIds: string[]) => void
}

export const Sidebar = memo(function Sidebar({ view, onSelect, onDropPapers }: SidebarProps) {
  const info = useQuery('app:info', {})
  return (
    <nav className="pane sidebar" aria-label="Library">
      <div className="sidebar-brand">Lectern</div>
      <ul className="nav-list" aria-label="Views">
        <li>
          <button
            type="button"
            className="nav-item"
            aria-current={view.kind === 'all' ? 'page' : undefined}
            onClick={() => onSelect({ kind: 'all' })}
          >
            <span className="nav-label">
              <span className="nav-icon" aria-hidden="true">
                ▤
              </span>
              All papers
            </span>
            <span className="count">{info.data?.paperCount ?? ''}</span>
          </button>
        </li>
        {SMART_VIEWS.map((smart) => (
          <li key={smart.view}>
            <button
              type="button"
              className="nav-item"
              aria-current={view.kind === 'smart' && view.view === smart.view ? 'page' : undefined}
              onClick={() => onSelect({ kind: 'smart', view: smart.view })}
            >
              <span className="nav-label">
                <span className="nav-icon" aria-hidden="true">
                  {smart.icon}
                </span>
                {smart.label}
              </span>
            </button>
          </li>
        ))}
      </ul>

      <ReadingLists view={view} onSelect={onSelect} onDropPapers={onDropPapers} />
      <Recommended view={view} onSelect={onSelect} />
      <DigestDays view={view} onSelect={onSelect} />
      <StoreNotice />
      <SettingsButton />
    </nav>
  )
})

/**
 * The reading lists: click to show, double-click or the pencil to rename, the bin to delete (with Undo). Drag a
 * list, or press Alt+↑/↓ on it, to reorder; drop papers on a list to add them.
 */
function ReadingLists({ view, onSelect, onDropPapers }: SidebarProps) {
  const lists = useQuery('lists:list', {})
  const sharedLists = useSharedLists()
  const toast = useToast()
  const [creating, setCreating] = useState(false)
  const [dropTarget, setDropTarget] = useState<{ id: string; where: 'into' | 'before' | 'after' } | null>(
    null,
  )
  const keepFocus = useRef<string | null>(null)
  const container = useRef<HTMLUListElement>(null)

  const shown = useShownLists(lists.data ?? NO_LISTS)

  // Moving a focused button in the DOM blurs it: give the focus back after a keyboard reorder.
  useEffect(() => {
    const id = keepFocus.current
    if (id === null) return
    keepFocus.current = null
    container.current?.querySelector<HTMLElement>(`[data-list-id="${CSS.escape(id)}"]`)?.focus()
  })

  const reorder = (ids: string[]) =>
    reorderLists(ids).catch((error: Error) =>
      toast({ text: `The lists could not be reordered: ${error.message}`, tone: 'error' }),
    )
  const move = (id: string, to: number) => {
    const ids = shown.map((l) => l.id).filter((x) => x !== id)
    ids.splice(Math.max(0, Math.min(ids.length, to)), 0, id)
    if (ids.every((x, i) => x === shown[i]?.id)) return
    void reorder(ids)
  }

  const onKeyDown = (list: ListSummary, index: number, event: KeyboardEvent) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
    event.preventDefault()
    keepFocus.current = list.id
    move(list.id, index + (event.key === 'ArrowUp' ? -1 : 1))
  }

  const onDragOver = (list: ListSummary, event: DragEvent<HTMLLIElement>) => {
    const types = event.dataTransfer.types
    if (carriesPapers(event.dataTransfer)) {
      // A list shared with you read-only takes no papers.
      if (isReadOnly(sharedLists.get(list.id))) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'copy'
      setDropTarget({ id: list.id, where: 'into' })
    } else if (types.includes(LIST_MIME)) {
      event.preventDefault()
      event.dataTransfer.dropEffect = 'move'
      const box = event.currentTarget.getBoundingClientRect()
      setDropTarget({ id: list.id, where: event.clientY < box.top + box.height / 2 ? 'before' : 'after' })
    }
  }
  const onDrop = (list: ListSummary, index: number, event: DragEvent) => {
    const target = dropTarget
    setDropTarget(null)
    if (carriesPapers(event.dataTransfer)) {
      event.preventDefault()
      event.stopPropagation()
      const ids = readPapers(event.dataTransfer)
      if (ids.length > 0) onDropPapers(list, ids)
      return
    }
    const moved = event.dataTransfer.getData(LIST_MIME)
    if (!moved || !target) return
    event.preventDefault()
    event.stopPropagation()
    const from = shown.findIndex((l) => l.id === moved)
    const to = index + (target.where === 'after' ? 1 : 0)
    move(moved, from >= 0 && from < to ? to - 1 : to)
  }

  return (
    <>
      <div className="sidebar-heading">
        <h2 id="lists-heading">Reading lists</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="New reading list"
          onClick={() => setCreating(true)}
        >
          +
        </button>
      </div>
      <ul ref={container} className="nav-list" aria-labelledby="lists-heading">
        {shown.map((list, index) => (
          <ListItem
            key={list.id}
            list={list}
            shared={sharedLists.get(list.id)}
            selected={view.kind === 'list' && view.id === list.id}
            dropTarget={dropTarget?.id === list.id ? dropTarget.where : null}
            onSelect={() => onSelect({ kind: 'list', id: list.id })}
            onKeyDown={(e) => onKeyDown(list, index, e)}
            onDragOver={(e) => onDragOver(list, e)}
            onDragLeave={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropTarget(null)
            }}
            onDrop={(e) => onDrop(list, index, e)}
          />
        ))}
        {creating && (
          <li>
            <ListNameForm
              label="New list name"
              initial=""
              onDone={() => setCreating(false)}
              save={(name) => mutate('lists:create', { name })}
            />
          </li>
        )}
      </ul>
      {lists.data?.length === 0 && !creating && (
        <p className="sidebar-hint">Make a list for what you want to read: press + above.</p>
      )}
      {lists.error && <p className="inline-error">Lists could not be loaded: {lists.error.message}</p>}
    </>
  )
}

/** Recent days first; older ones wait behind a toggle so a year of digests does not crowd the lists. */
const RECENT_DAYS = 7

/** "More like these" for each list with papers: the rest of the library ranked by likeness. */
function Recommended({ view, onSelect }: Pick<SidebarProps, 'view' | 'onSelect'>) {
  const lists = useQuery('lists:list', {})
  const filled = (lists.data ?? []).filter((l) => l.count > 0)
  if (filled.length === 0) return null
  return (
    <>
      <div className="sidebar-heading">
        <h2 id="recommended-heading">Recommended</h2>
      </div>
      <ul className="nav-list" aria-labelledby="recommended-heading">
        {filled.map((list) => (
          <li key={list.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={view.kind === 'recommend' && view.listId === list.id ? 'page' : undefined}
              onClick={() => onSelect({ kind: 'recommend', listId: list.id })}
            >
              <span className="nav-label">Like “{list.name}”</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  )
}

// Settings (sync, services, keys) are opened now and then: their code loads when they are.
const SettingsDialog = deferred('Settings', () =>
  import('../settings/SettingsDialog').then((m) => m.SettingsDialog),
)

function SettingsButton() {
  const [open, setOpen] = useState(false)
  return (
    <div className="sidebar-footer">
      <button type="button" className="nav-item" onClick={() => setOpen(true)}>
        <span className="nav-label">
          <span className="nav-icon" aria-hidden="true">
            <GearIcon />
          </span>
          Settings
        </span>
      </button>
      {open && <SettingsDialog onClose={() => setOpen(false)} />}
    </div>
  )
}

function DigestDays({ view, onSelect }: Pick<SidebarProps, 'view' | 'onSelect'>) {
  const days = useQuery('digests:list', {})
  const [showAll, setShowAll] = useState(false)
  // A fetch that brought papers shows its newest day, as a dropped digest does.
  const showFetched = useCallback(
    (report: DailyFetchReport) => {
      const day = newestFetchedDay(report)
      if (day) onSelect({ kind: 'digest', date: day })
    },
    [onSelect],
  )
  const [showLog, setShowLog] = useState(false)
  const all = days.data ?? []
  const chosen = view.kind === 'digest' ? all.findIndex((d) => d.date === view.date) : -1
  const shown = showAll ? all : all.slice(0, Math.max(RECENT_DAYS, chosen + 1))
  const older = all.length - shown.length
  return (
    <>
      <div className="sidebar-heading">
        <h2 id="digests-heading">Digests</h2>
        <FetchDaysControls onFetched={showFetched} />
        <ImportDigestsButton onShowLog={() => setShowLog(true)} />
      </div>
      {showLog && <WatchLogDialog onClose={() => setShowLog(false)} />}
      {all.length > 0 && (
        <ul className="nav-list" aria-labelledby="digests-heading">
          {shown.map((day) => (
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
      )}
      {days.data?.length === 0 && (
        <p className="sidebar-hint">
          Fetch today’s papers from Hugging Face (⤓), import digest files with the button above, or drop them
          on the window.
        </p>
      )}
      {(older > 0 || showAll) && all.length > RECENT_DAYS && (
        <button
          type="button"
          className="button-link sidebar-more"
          aria-expanded={showAll}
          onClick={() => setShowAll(!showAll)}
        >
          {showAll ? 'Show recent days only' : `Show ${older} older ${older === 1 ? 'day' : 'days'}`}
        </button>
      )}
    </>
  )
}

/**
 * "Import digests…": a small menu of digest files or a folder of them, each opening the file picker,
 * and the watched folder's log when one is watched.
 */
function ImportDigestsButton({ onShowLog }: { onShowLog: () => void }) {
  const importDigests = useImportDigests()
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null)
  const watched = useQuery('settings:get', {}).data?.watchFolder ?? null
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label="Import digests…"
        title="Import digests…"
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect()
          setMenuAt({ x: box.left, y: box.bottom + 2 })
        }}
      >
        <ImportIcon />
      </button>
      {menuAt && (
        <ContextMenu
          label="Import digests"
          {...menuAt}
          onClose={() => setMenuAt(null)}
          items={[
            { label: 'Digest files…', run: () => importDigests({ folder: false }) },
            { label: 'A folder of digests…', run: () => importDigests({ folder: true }) },
            ...(watched ? [{ label: 'Watched folder log…', separatorBefore: true, run: onShowLog }] : []),
          ]}
        />
      )}
    </>
  )
}

interface ListItemProps {
  list: ListSummary
  shared: SharedListStatus | undefined
  selected: boolean
  dropTarget: 'into' | 'before' | 'after' | null
  onSelect: () => void
  onKeyDown: (event: KeyboardEvent) => void
  onDragOver: (event: DragEvent<HTMLLIElement>) => void
  onDragLeave: (event: DragEvent<HTMLLIElement>) => void
  onDrop: (event: DragEvent) => void
}

function ListItem({
  list,
  shared,
  selected,
  dropTarget,
  onSelect,
  onKeyDown,
  onDragOver,
  onDragLeave,
  onDrop,
}: ListItemProps) {
  const [renaming, setRenaming] = useState(false)
  const toast = useToast()
  const readOnly = isReadOnly(shared)

  if (renaming && !readOnly) {
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
      toast({
        text: `Deleted “${list.name}”`,
        action: { label: 'Undo', run: () => void mutate('lists:restore', { id: list.id }) },
      })
    } catch (error) {
      toast({ text: (error as Error).message, tone: 'error' })
    }
  }

  return (
    <li
      className={`list-row${dropTarget ? ` drop-${dropTarget}` : ''}`}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <button
        type="button"
        className="nav-item"
        data-list-id={list.id}
        aria-current={selected ? 'page' : undefined}
        aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
        title={
          readOnly
            ? 'Shared with you read-only: only its owner and writers change it'
            : 'Drag, or Alt+↑/↓, to reorder; drop papers here to add them'
        }
        draggable
        onDragStart={(e) => {
          e.dataTransfer.effectAllowed = 'move'
          e.dataTransfer.setData(LIST_MIME, list.id)
        }}
        onClick={onSelect}
        onDoubleClick={() => setRenaming(!readOnly)}
        onKeyDown={onKeyDown}
      >
        <span className="nav-label">{list.name}</span>
        {/* A glyph, not a word: beside the name and count, a word left the name cut short ("Reading g…"). */}
        {shared && (
          <span className="list-shared">
            {readOnly ? <LockIcon /> : <SharedIcon />}
            <span className="sr-only">{readOnly ? 'read-only' : 'shared'}</span>
          </span>
        )}
        <span className="count">{list.count}</span>
      </button>
      {!readOnly && (
        <span className="row-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={`Rename ${list.name}`}
            onClick={() => setRenaming(true)}
          >
            <PencilIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Delete ${list.name}`}
            onClick={() => void remove()}
          >
            <TrashIcon />
          </button>
        </span>
      )}
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
