import { useEffect, useSyncExternalStore } from 'react'
import type { LibraryChange, ListSummary, PaperSummary } from '../../shared/api'
import { api } from '../api/client'
import { peek } from '../api/query'
import { LISTS_ORDER, Optimistic, type Change, type ShownOrderKey } from './optimistic'
import type { OrderKey } from './rowStore'
import { loadRows, onApplied, retryRows, rowsError, rowStore } from './rowSource'
import { orderKeyOf, type LibraryView } from './views'

/**
 * Optimistic changes laid over the rows (rowSource.ts loads them and patches them from events).
 * Views read through this.
 */
export const optimistic = new Optimistic(
  {
    row: (id) => rowStore.row(id),
    // The lists are kept by the query layer, patched by the same events (api/query.ts).
    order: (key) => (key === LISTS_ORDER ? heldLists(peek('lists:list', {})) : rowStore.order(key)),
  },
  () => performance.now(),
)

function heldLists(lists: readonly ListSummary[] | undefined): { ids: string[] } | undefined {
  return lists && { ids: lists.map((l) => l.id) }
}

const ordersLoading = new Map<OrderKey, Promise<void>>()
const orderErrors = new Map<OrderKey, Error>()

function loadOrder(view: LibraryView, key: OrderKey): void {
  if (ordersLoading.has(key)) return
  const since = rowStore.mark()
  const input =
    view.kind === 'list'
      ? { listId: view.id }
      : view.kind === 'digest'
        ? { digest: view.date }
        : view.kind === 'recommend'
          ? { recommendFor: view.listId }
          : {}
  orderErrors.delete(key)
  const done = api.call('papers:view', input).then(
    (order) => rowStore.setOrder(key, order, since),
    (error: Error) => {
      orderErrors.set(key, error)
      rowStore.touch()
    },
  )
  ordersLoading.set(
    key,
    done.finally(() => ordersLoading.delete(key)),
  )
}

/** Every change main makes arrives once: optimistic changes it describes are dropped. */
onApplied((change) => optimistic.carried(touchedIds(change), touchedOrders(change)))

function touchedIds(change: LibraryChange): string[] {
  return [...(change.papers?.rows.map((r) => r.id) ?? []), ...(change.papers?.removed ?? [])]
}
function touchedOrders(change: LibraryChange): ShownOrderKey[] {
  const lists = change.lists?.rows ?? []
  // A list's row carries its place among the lists too (a reorder sends every list it moved).
  return [...lists.map((l) => `list:${l.id}` as const), ...(lists.length > 0 ? [LISTS_ORDER] : [])]
}

/** Asks main again for a view's order the next time it is shown (its answer was provisional). */
export function refreshOrder(key: OrderKey): void {
  rowStore.staleOrder(key)
}

/** Re-renders the component on any change of the rows or of what is laid over them. */
export function useRowsVersion(): number {
  const rows = useSyncExternalStore(
    (onChange) => rowStore.subscribe(onChange),
    () => rowStore.version,
  )
  const overlay = useSyncExternalStore(
    (onChange) => optimistic.subscribe(onChange),
    () => optimistic.version,
  )
  return rows * 1_000_003 + overlay
}

export interface ViewSource {
  /** The rows (and the view's order, for views main orders) have arrived. */
  ready: boolean
  error: Error | null
  retry: () => void
}

/** Loads what a view needs (the rows once, its order if main keeps one); re-renders on every change. */
export function useViewSource(view: LibraryView, enabled: boolean): ViewSource & { version: number } {
  const version = useRowsVersion()
  const key = orderKeyOf(view)
  const needsOrder = key !== null && rowStore.needsOrder(key)
  // An out-of-date order is shown until its new one arrives.
  const held = key === null || rowStore.order(key) !== undefined
  useEffect(() => {
    if (!enabled) return
    void loadRows()
    if (key !== null && needsOrder) loadOrder(view, key)
  }, [enabled, key, view, needsOrder])
  const error = (key !== null ? orderErrors.get(key) : undefined) ?? rowsError()
  return { ready: enabled && rowStore.started && held, error, retry, version }
}

function retry(): void {
  orderErrors.clear()
  retryRows()
}

/** The rows as shown: the store's with optimistic changes laid over (views read through this). */
export const overlaid = {
  row: (id: string) => optimistic.row(rowStore.row(id)),
  all: () => (optimistic.pending ? rowStore.all().map((r) => optimistic.row(r)) : rowStore.all()),
  order: (key: OrderKey) => rowStore.order(key),
}

/** A view's rows (or the lists) in the order a pending move gave them; any not in it keep their place after. */
export function inOrder<T extends { id: string }>(rows: readonly T[], ids: string[]): readonly T[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const placed = ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined)
  const seen = new Set(ids)
  return placed.length === rows.length ? placed : [...placed, ...rows.filter((r) => !seen.has(r.id))]
}

/** The reading lists as shown: in the order a reorder not yet carried by its event gave them. */
export function useShownLists(lists: readonly ListSummary[]): readonly ListSummary[] {
  useSyncExternalStore(
    (onChange) => optimistic.subscribe(onChange),
    () => optimistic.version,
  )
  return inOrder(
    lists,
    optimistic.order(
      LISTS_ORDER,
      lists.map((l) => l.id),
    ),
  )
}

/** One row as shown (the detail pane's star and status), or undefined when it is not held. */
export function useShownRow(id: string): PaperSummary | undefined {
  useRowsVersion()
  return overlaid.row(id)
}

/** A row as shown right now, outside React (keyboard actions). */
export function shownRow(id: string): PaperSummary | undefined {
  return overlaid.row(id)
}

/** A view's order as shown right now (keys can come faster than renders). */
export function shownOrder(key: OrderKey): string[] | undefined {
  const held = rowStore.order(key)?.ids
  return held && optimistic.order(key, held)
}

/**
 * Shows a change at once and sends it: taken back if main refuses it, kept until the event that
 * describes it arrives if main takes it.
 */
export async function changeRows<T>(change: Change, send: () => Promise<T>): Promise<T> {
  const token = optimistic.begin(change)
  try {
    const result = await send()
    optimistic.settle(token)
    return result
  } catch (error) {
    optimistic.rollback(token)
    throw error
  }
}

/** How many papers the library holds, once the rows are all in (null before). */
export function heldCount(): number | null {
  return rowStore.complete ? rowStore.size : null
}
