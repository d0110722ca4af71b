import type { PaperSummary } from '../../shared/api'
import { smartFilter, type SmartView } from '../../shared/smartViews'
import type { OrderKey } from './rowStore'

export { smartFilter, type SmartView }

/** The library's views, as the sidebar offers them and the list shows them. */
export type LibraryView =
  | { kind: 'all' }
  | { kind: 'smart'; view: SmartView }
  | { kind: 'list'; id: string }
  | { kind: 'digest'; date: string }
  | { kind: 'recommend'; listId: string }

export const SMART_VIEWS: { view: SmartView; label: string; icon: string }[] = [
  { view: 'unread', label: 'Unread', icon: '●' },
  { view: 'starred', label: 'Starred', icon: '★' },
  { view: 'week', label: 'This week', icon: '◷' },
  { view: 'notes', label: 'Has notes', icon: '✎' },
  { view: 'published', label: 'Published', icon: '◆' },
  { view: 'preprint', label: 'Preprint only', icon: '◇' },
]

/** What the rows of a view are read from. */
export interface RowSource {
  row(id: string): PaperSummary | undefined
  all(): readonly PaperSummary[]
  order(key: OrderKey): { ids: string[]; votes: (number | null)[] | null } | undefined
}

/** The order main keeps for a view, or null for views made from the rows alone (all, smart views). */
export function orderKeyOf(view: LibraryView): OrderKey | null {
  switch (view.kind) {
    case 'list':
      return `list:${view.id}`
    case 'digest':
      return `digest:${view.date}`
    case 'recommend':
      return `recommend:${view.listId}`
    case 'all':
    case 'smart':
      return null
  }
}

/**
 * A view's rows in its own order (sorting comes after), or null while its order has not arrived.
 * A day's view shows that day's votes; rows not held (yet) are left out.
 */
export function viewRows(view: LibraryView, source: RowSource, now: Date): readonly PaperSummary[] | null {
  if (view.kind === 'all') return source.all()
  if (view.kind === 'smart') return source.all().filter(smartFilter(view.view, now))
  const key = orderKeyOf(view)
  const order = key === null ? undefined : source.order(key)
  if (!order) return null
  const rows: PaperSummary[] = []
  order.ids.forEach((id, i) => {
    const row = source.row(id)
    if (!row) return
    rows.push(view.kind === 'digest' ? { ...row, date: view.date, votes: order.votes?.[i] ?? null } : row)
  })
  return rows
}

/**
 * Search hits as rows held (the newest state of each), in rank order. Hits that matched no words
 * (filters alone) come as ids only: their rows are the held ones; one not held yet (the library
 * still loading) is left out until it is.
 */
export function hitRows(
  result: { ids: readonly string[]; hits: readonly PaperSummary[] },
  source: RowSource,
): PaperSummary[] {
  const sent = new Map(result.hits.map((hit) => [hit.id, hit]))
  const rows: PaperSummary[] = []
  for (const id of result.ids) {
    const row = source.row(id) ?? sent.get(id)
    if (row) rows.push(row)
  }
  return rows
}
