import { useCallback, useMemo, useState } from 'react'
import type { ListSummary, PaperSummary, SearchMatch } from '../../../shared/api'
import { api } from '../../api/client'
import { invalidate, mutate, useQuery } from '../../api/query'
import { useToast } from '../../ui/Toast'
import {
  addToList,
  applyListOrder,
  removeFromList,
  reorderBy,
  reorderInList,
  useListOrders,
} from '../lists/listActions'
import type { LibraryView } from '../lists/Sidebar'
import { focusNote } from '../notes/NoteEditor'
import {
  applyPatches,
  markOpened,
  toggleRead,
  toggleStar,
  updatePaperState,
  usePaperPatches,
} from '../papers/paperActions'
import { PAPER_LIST_ID } from '../papers/PaperList'
import { rowDomId } from '../papers/PaperRow'
import { firstMatch } from '../search/MatchLine'
import {
  deselectAll,
  extendTo,
  moveFocus,
  NO_SELECTION,
  reconcile,
  selectAll,
  selectedIds,
  selectOnly,
  toggleOne,
  type Selection,
} from '../papers/selection'
import { DEFAULT_SORTS, sortRows, type Sort, type SortContext } from '../papers/sortPapers'
import { openPdf } from '../pdf/openPdf'
import { focusSearch } from '../search/SearchBox'
import type { SearchState } from '../search/useSearch'
import { DETAILS_ID, type LibraryActions } from './libraryActions'

const EMPTY: readonly PaperSummary[] = []
const SORT_KEY = 'lectern:sort'

export type Overlay =
  | { kind: 'help' }
  | { kind: 'palette' }
  | { kind: 'pick-list'; paperIds: string[] }
  | { kind: 'menu'; paperIds: string[]; x: number; y: number }

/**
 * The paper browser: which rows the list shows (a view or search hits, sorted, with local changes
 * laid over), what is selected, and every action on them — for the list, the keyboard, the context
 * menu and the sidebar alike.
 */
export function usePaperBrowser({
  view,
  setView,
  search,
  onPane,
  openOnClick = false,
}: {
  view: LibraryView
  setView: (view: LibraryView) => void
  search: SearchState
  /**
   * Told before the focus moves to the list or to the details, so that a window showing one pane
   * at a time can show that one first.
   */
  onPane?: (pane: 'list' | 'details') => void
  /** A plain click on a row opens its details (one pane at a time: the click is the way in). */
  openOnClick?: boolean
}) {
  const toast = useToast()
  const [overlay, setOverlay] = useState<Overlay | null>(null)

  // Rows: the view's, or the search hits while a search is active.
  const papers = useQuery('papers:list', viewInput(view), !search.active)
  const lists = useQuery('lists:list', {})
  const context: SortContext = search.active
    ? 'search'
    : view.kind === 'list'
      ? 'list'
      : view.kind === 'digest'
        ? 'digest'
        : view.kind === 'recommend'
          ? 'recommend'
          : 'library'
  const [sorts, setSorts] = useState(readSorts)
  const sort = sorts[context]
  const setSort = useCallback(
    (next: Sort) =>
      setSorts((current) => {
        const all = { ...current, [context]: next }
        try {
          localStorage.setItem(SORT_KEY, JSON.stringify(all))
        } catch {
          // Storage off: the sort holds for this session.
        }
        return all
      }),
    [context],
  )

  const patches = usePaperPatches()
  const orders = useListOrders()
  const source = search.active ? search.result?.hits : papers.data
  const requestedAt = search.active ? (search.result?.requestedAt ?? 0) : papers.requestedAt
  const listId = view.kind === 'list' && !search.active ? view.id : null
  // Sorted once per answer or sort; read status and star (laid over after) are no sort keys.
  const sorted = useMemo(() => {
    if (!source) return EMPTY
    return sortRows(listId === null ? source : applyListOrder(listId, source, requestedAt, orders), sort)
  }, [source, listId, requestedAt, orders, sort])
  const rows = useMemo(() => applyPatches(sorted, requestedAt, patches), [sorted, requestedAt, patches])
  const ids = useMemo(() => sorted.map((r) => r.id), [sorted])
  const indexOf = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids])
  const rowById = useCallback(
    (id: string | null) => (id === null ? undefined : rows[indexOf.get(id) ?? -1]),
    [rows, indexOf],
  )
  const terms = useMemo(
    () => (search.active && search.result ? new Map(search.result.hits.map((h) => [h.id, h.terms])) : null),
    [search.active, search.result],
  )
  const matches = useMemo(() => {
    if (!search.active || !search.result) return null
    const byPaper = new Map<string, SearchMatch>()
    for (const hit of search.result.hits) {
      const match = firstMatch(hit.matches)
      if (match) byPaper.set(hit.id, match)
    }
    return byPaper
  }, [search.active, search.result])
  const listNames = useMemo(() => new Map((lists.data ?? []).map((l) => [l.id, l.name])), [lists.data])
  const reorderable = listId !== null && sort.key === 'natural' && !sort.descending

  // Selection, kept across reloads; when the focused paper leaves the rows (read in Unread), the
  // row that took its place gets the focus.
  const [selection, setSelection] = useState<Selection>(NO_SELECTION)
  const sourceKey = search.active ? `search ${search.result?.q ?? ''}` : JSON.stringify(view)
  const [previous, setPrevious] = useState({ ids, indexOf, sourceKey })
  if (previous.ids !== ids) {
    setPrevious({ ids, indexOf, sourceKey })
    const focus = selection.focus
    const focusWasShown = previous.sourceKey === sourceKey && focus !== null && previous.indexOf.has(focus)
    const next = reconcile(selection, ids, indexOf, {
      focusWasShown,
      lastIndex: focus === null ? 0 : (previous.indexOf.get(focus) ?? 0),
    })
    if (next !== selection) setSelection(next)
  }
  const selected = useCallback(() => selectedIds(selection, ids), [selection, ids])
  const focused = rowById(selection.focus)

  const fail = useCallback(
    (what: string) => (error: unknown) =>
      toast({ text: `${what}: ${(error as Error).message}`, tone: 'error' }),
    [toast],
  )

  const focusList = useCallback(() => {
    onPane?.('list')
    document.getElementById(PAPER_LIST_ID)?.focus({ preventScroll: true })
  }, [onPane])
  const focusDetails = useCallback(() => {
    onPane?.('details')
    document.getElementById(DETAILS_ID)?.focus()
  }, [onPane])
  const select = useCallback(
    (id: string) => {
      setSelection(selectOnly(id))
    },
    [setSelection],
  )

  const clearSearch = search.clear
  /** From the search box to the hits: the focus goes to the list, on the best hit unless one is focused. */
  const enterList = useCallback(() => {
    const first = ids[0]
    if (first !== undefined && (selection.focus === null || !indexOf.has(selection.focus)))
      setSelection(selectOnly(first))
    focusList()
  }, [ids, indexOf, selection.focus, focusList])

  const selectView = useCallback(
    (next: LibraryView) => {
      clearSearch()
      setView(next)
    },
    [clearSearch, setView],
  )

  const openPaper = useCallback(
    async (id: string) => {
      if (indexOf.has(id)) {
        select(id)
        return
      }
      try {
        await api.call('papers:get', { id })
        search.clear()
        setView({ kind: 'all' })
        select(id)
      } catch {
        toast({
          text: `${id} is not in your library`,
          action: {
            label: 'Add it from arXiv',
            run: () =>
              void mutate('papers:add', { ref: id }).then(
                (d) => select(d.paper.id),
                fail('Could not add it'),
              ),
          },
        })
      }
    },
    [indexOf, search, setView, select, toast, fail],
  )

  /** Adds papers to a list, leaving alone those already in it (adding them again would move them). */
  const addPapersToList = useCallback(
    async (list: ListSummary, paperIds: string[]) => {
      const fresh = paperIds.filter((id) => !rowById(id)?.listIds.includes(list.id))
      if (fresh.length === 0) {
        toast({
          text:
            paperIds.length === 1
              ? `Already in “${list.name}”`
              : `All ${paperIds.length} are already in “${list.name}”`,
        })
        return
      }
      try {
        await addToList(list, fresh)
        toast({
          text: `Added ${fresh.length === 1 ? '1 paper' : `${fresh.length} papers`} to “${list.name}”`,
          action: {
            label: 'Undo',
            run: () => void mutate('lists:removePapers', { id: list.id, paperIds: fresh }),
          },
        })
      } catch (error) {
        fail(`Not added to “${list.name}”`)(error)
      }
    },
    [rowById, toast, fail],
  )

  const dropOnList = useCallback(
    (list: ListSummary, paperIds: string[]) => void addPapersToList(list, paperIds),
    [addPapersToList],
  )

  const removeSelectedFromList = useCallback(async () => {
    if (view.kind !== 'list') return
    const paperIds = selected()
    if (paperIds.length === 0) return
    const name = listNames.get(view.id) ?? 'the list'
    try {
      const undo = await removeFromList(view.id, paperIds)
      toast({
        text: `Removed ${paperIds.length === 1 ? '1 paper' : `${paperIds.length} papers`} from “${name}”`,
        action: { label: 'Undo', run: () => void undo().catch(fail('Could not put them back')) },
      })
    } catch (error) {
      fail('Not removed')(error)
    }
  }, [view, selected, listNames, toast, fail])

  const reorder = useCallback(
    (delta: -1 | 1) => {
      if (listId === null) return
      if (!reorderable) {
        toast({ text: 'Sort by “List order” to move papers within the list.' })
        return
      }
      reorderBy(listId, { order: ids, requestedAt }, selected(), delta).catch(fail('Not moved'))
    },
    [listId, reorderable, ids, requestedAt, selected, toast, fail],
  )

  const open = useCallback(() => {
    if (selection.focus === null) return
    focusDetails()
    markOpened(selection.focus).catch(() => undefined)
  }, [selection.focus, focusDetails])

  const showMenuAt = useCallback(
    (id: string, at: { x: number; y: number }) => {
      const inSelection = selection.selected.has(id)
      if (!inSelection) setSelection(selectOnly(id))
      setOverlay({ kind: 'menu', paperIds: inSelection ? selected() : [id], ...at })
    },
    [selection, selected],
  )

  const commands = {
    move: (delta: number, extend: boolean) => {
      setSelection((s) => moveFocus(s, ids, indexOf, delta, { extend }))
      focusList()
    },
    moveToEdge: (edge: 'first' | 'last', extend: boolean) => {
      const id = edge === 'first' ? ids[0] : ids[ids.length - 1]
      if (id === undefined) return
      setSelection((s) => (extend ? extendTo(s, ids, indexOf, id) : selectOnly(id)))
      focusList()
    },
    selectAll: () => setSelection((s) => selectAll(ids, s.focus)),
    open,
    back: () => {
      if (document.getElementById(DETAILS_ID)?.contains(document.activeElement)) focusList()
      else if (selection.selected.size > 1 && selection.focus) setSelection(selectOnly(selection.focus))
      else setSelection(deselectAll)
    },
    toggleRead: () => void toggleRead(selected(), focused).catch(fail('Read status not saved')),
    toggleStar: () => void toggleStar(selected(), focused).catch(fail('Star not saved')),
    addToList: () => {
      const paperIds = selected()
      if (paperIds.length > 0) setOverlay({ kind: 'pick-list', paperIds })
    },
    reorder,
    removeFromList: () => void removeSelectedFromList(),
    focusNote: () => void focusNote(),
    openPdf: () => selection.focus !== null && openPdf({ paperId: selection.focus }),
    contextMenu: () => {
      if (selection.focus === null) return
      const box = document.getElementById(rowDomId(selection.focus))?.getBoundingClientRect()
      showMenuAt(selection.focus, box ? { x: box.left + 24, y: box.bottom - 4 } : { x: 200, y: 120 })
    },
    focusSearch,
    showPalette: () => setOverlay({ kind: 'palette' }),
    showHelp: () => setOverlay({ kind: 'help' }),
  }

  const actions: LibraryActions = useMemo(
    () => ({
      openPaper: (id: string) => void openPaper(id),
      pickList: (paperIds: string[]) => setOverlay({ kind: 'pick-list', paperIds }),
      focusList,
    }),
    [openPaper, focusList],
  )

  const listProps = {
    rows,
    indexOf,
    selection,
    terms,
    matches,
    listNames,
    reorderable,
    onClickRow: useCallback(
      (id: string, how: { range: boolean; toggle: boolean }) => {
        setSelection((s) =>
          how.range ? extendTo(s, ids, indexOf, id) : how.toggle ? toggleOne(s, id) : selectOnly(id),
        )
        if (openOnClick && !how.range && !how.toggle) {
          focusDetails()
          markOpened(id).catch(() => undefined)
        }
      },
      [ids, indexOf, openOnClick, focusDetails],
    ),
    onOpen: useCallback(
      (id: string) => {
        setSelection(selectOnly(id))
        focusDetails()
        markOpened(id).catch(() => undefined)
      },
      [focusDetails],
    ),
    onContextMenu: showMenuAt,
    onToggleStar: useCallback(
      (id: string) => {
        const row = rowById(id)
        updatePaperState([id], { starred: !(row?.starred ?? false) }).catch(fail('Star not saved'))
      },
      [rowById, fail],
    ),
    onDragRows: useCallback(
      (id: string) => {
        if (selection.selected.has(id)) return selectedIds(selection, ids)
        setSelection(selectOnly(id))
        return [id]
      },
      [selection, ids],
    ),
    onReorder: useCallback(
      (paperIds: string[], index: number) => {
        if (listId === null) return
        reorderInList(listId, ids, paperIds, index).catch(fail('Not moved'))
      },
      [listId, ids, fail],
    ),
  }

  return {
    view,
    context,
    sort,
    setSort,
    rows,
    loading: search.active
      ? search.result === null && search.error === null
      : papers.data === undefined && !papers.error,
    error: search.active ? search.error : (papers.error ?? null),
    retry: () => invalidate('papers:list'),
    selection,
    /** The selected ids (in row order), computed on demand. */
    selected,
    focused,
    rowById,
    lists: lists.data ?? [],
    listProps,
    overlay,
    setOverlay,
    commands,
    actions,
    selectView,
    addPapersToList,
    dropOnList,
    enterList,
    removeSelectedFromList,
    setStatus: (paperIds: string[], status: PaperSummary['status']) =>
      void updatePaperState(paperIds, { status }).catch(fail('Read status not saved')),
    setStarred: (paperIds: string[], starred: boolean) =>
      void updatePaperState(paperIds, { starred }).catch(fail('Star not saved')),
    showAdded: (id: string) => {
      search.clear()
      setView({ kind: 'all' })
      select(id)
    },
  }
}

export type PaperBrowser = ReturnType<typeof usePaperBrowser>

function viewInput(view: LibraryView) {
  switch (view.kind) {
    case 'list':
      return { listId: view.id }
    case 'digest':
      return { digest: view.date }
    case 'smart':
      return { smart: view.view }
    case 'recommend':
      return { recommendFor: view.listId }
    case 'all':
      return {}
  }
}

function readSorts(): Record<SortContext, Sort> {
  try {
    const stored = JSON.parse(localStorage.getItem(SORT_KEY) ?? '{}') as Partial<Record<SortContext, Sort>>
    return { ...DEFAULT_SORTS, ...stored }
  } catch {
    return DEFAULT_SORTS
  }
}
