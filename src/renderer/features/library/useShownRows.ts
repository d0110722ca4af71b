import { useCallback, useMemo, useState } from 'react'
import type { PaperSummary, SearchMatch } from '../../../shared/api'
import { sameStrings } from '../../../shared/sameStrings'
import { inOrder, optimistic, overlaid, rowStore, useViewSource } from '../../rows/liveRows'
import { hitRows, orderKeyOf, smartFilter, viewRows, type LibraryView } from '../../rows/views'
import { DEFAULT_SORTS, sortRows, type Sort, type SortContext } from '../../../shared/sortPapers'
import { firstMatch } from '../search/MatchLine'
import type { SearchState } from '../search/useSearch'

const EMPTY: readonly PaperSummary[] = []
const SORT_KEY = 'lectern:sort'

/**
 * The rows the list shows: a view's (or the search hits while a search is active), sorted as the
 * user chose for that kind of view, with local changes laid over. All come from the row store, so a
 * star changes one row and sorts nothing again.
 */
export function useShownRows(view: LibraryView, search: SearchState) {
  const source = useViewSource(view, !search.active)
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

  const [now] = useState(() => new Date())
  const wholeLibrary = !search.active && (view.kind === 'all' || view.kind === 'smart')
  // The whole library is sorted again only when rows come or go or a sort field changes.
  const shape = rowStore.shapeVersion
  const sortedLibrary = useMemo(
    () => (wholeLibrary && source.ready ? sortRows(rowStore.all(), sort) : null),
    // `shape` stands for the rows' order-relevant content, which the store keeps by version.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [wholeLibrary, source.ready, shape, sort],
  )
  const hits = search.active ? search.result : undefined
  const version = source.version
  const rows = useMemo(() => {
    void version
    if (search.active) return hits ? sortRows(hitRows(hits, overlaid), sort) : null
    if (!source.ready) return null
    if (sortedLibrary) {
      const keep = view.kind === 'smart' ? smartFilter(view.view, now) : null
      if (!keep && !optimistic.pending) return sortedLibrary.map((r) => rowStore.row(r.id) ?? r)
      const out: PaperSummary[] = []
      for (const r of sortedLibrary) {
        const shown = overlaid.row(r.id) ?? r
        if (!keep || keep(shown)) out.push(shown)
      }
      return out
    }
    const base = viewRows(view, overlaid, now)
    if (!base) return null
    const key = orderKeyOf(view)
    const ordered =
      key === null
        ? base
        : inOrder(
            base,
            optimistic.order(
              key,
              base.map((r) => r.id),
            ),
          )
    return sortRows(ordered, sort)
  }, [version, search.active, hits, sort, source.ready, sortedLibrary, view, now])

  // Ids change far less often than rows (a star changes a row, not the order): keep the same array,
  // so that what depends on the order alone (selection, positions) is not computed again.
  const nextIds = useMemo(() => (rows ?? EMPTY).map((r) => r.id), [rows])
  const [stableIds, setStableIds] = useState(nextIds)
  let ids = stableIds
  if (nextIds !== stableIds && !sameStrings(nextIds, stableIds)) {
    setStableIds(nextIds)
    ids = nextIds
  }
  const indexOf = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids])
  const terms = useMemo(
    () => (search.active && search.result ? new Map(search.result.hits.map((h) => [h.id, h.terms])) : null),
    [search.active, search.result],
  )
  // Each hit's best place inside the paper (a PDF page, a note, a highlight), shown under its row.
  const matches = useMemo(() => {
    if (!search.active || !search.result) return null
    const byPaper = new Map<string, SearchMatch>()
    for (const hit of search.result.hits) {
      const match = firstMatch(hit.matches)
      if (match) byPaper.set(hit.id, match)
    }
    return byPaper
  }, [search.active, search.result])
  return {
    context,
    sort,
    setSort,
    rows: rows ?? EMPTY,
    ids,
    indexOf,
    terms,
    matches,
    loading: search.active ? search.result === null && search.error === null : rows === null && !source.error,
    error: search.active ? search.error : source.error,
    retry: source.retry,
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
