import { useCallback, useMemo, useState } from 'react'
import type { PaperSummary } from '../../../shared/api'
import { api } from '../../api/client'
import { mutate, useQuery } from '../../api/query'
import type { LibraryView } from '../../rows/views'
import { useToast } from '../../ui/Toast'
import { reorderInList } from '../lists/listActions'
import { focusNote } from '../notes/NoteEditor'
import { markOpened, toggleRead, toggleStar, updatePaperState } from '../papers/paperActions'
import { PAPER_LIST_ID } from '../papers/PaperList'
import { rowDomId } from '../papers/PaperRow'
import {
  deselectAll,
  extendTo,
  moveFocus,
  selectAll,
  selectedIds,
  selectOnly,
  toggleOne,
} from '../papers/selection'
import { openPdf } from '../pdf/openPdf'
import { focusSearch } from '../search/SearchBox'
import type { SearchState } from '../search/useSearch'
import { DETAILS_ID, type LibraryActions } from '../../ui/libraryActions'
import { useListCommands } from './useListCommands'
import { useRowSelection } from './useRowSelection'
import { useShownRows } from './useShownRows'

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

  const shown = useShownRows(view, search)
  const { rows, ids, indexOf } = shown
  const lists = useQuery('lists:list', {})
  const listId = view.kind === 'list' && !search.active ? view.id : null
  const rowById = useCallback(
    (id: string | null) => (id === null ? undefined : rows[indexOf.get(id) ?? -1]),
    [rows, indexOf],
  )
  const listNames = useMemo(() => new Map((lists.data ?? []).map((l) => [l.id, l.name])), [lists.data])
  const reorderable = listId !== null && shown.sort.key === 'natural' && !shown.sort.descending

  const sourceKey = search.active ? `search ${search.result?.q ?? ''}` : JSON.stringify(view)
  const { selection, setSelection, selected } = useRowSelection(ids, indexOf, sourceKey)
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
  }, [ids, indexOf, selection.focus, focusList, setSelection])

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

  const { addPapersToList, dropOnList, removeSelectedFromList, reorder } = useListCommands({
    view,
    listId,
    reorderable,
    selected,
    listNames,
    fail,
  })

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
    [selection, selected, setSelection],
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
    terms: shown.terms,
    matches: shown.matches,
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
      [ids, indexOf, openOnClick, focusDetails, setSelection],
    ),
    onOpen: useCallback(
      (id: string) => {
        setSelection(selectOnly(id))
        focusDetails()
        markOpened(id).catch(() => undefined)
      },
      [focusDetails, setSelection],
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
      [selection, ids, setSelection],
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
    context: shown.context,
    sort: shown.sort,
    setSort: shown.setSort,
    rows,
    loading: shown.loading,
    error: shown.error,
    retry: shown.retry,
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
