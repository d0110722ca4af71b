import { useEffect, useSyncExternalStore } from 'react'
import type { LibraryChange, ListSummary, PaperSummary } from '../../shared/api'
import { FIRST_PAGE_ROWS, FIRST_PAGE_SCRIPT_ID } from '../../shared/firstPage'
import { api, connection } from '../api/client'
import { peek } from '../api/query'
import { LISTS_ORDER, Optimistic, type Change, type ShownOrderKey } from './optimistic'
import { RowStore, type OrderKey } from './rowStore'
import { orderKeyOf, type LibraryView } from './views'

/**
 * The renderer's one copy of the paper rows: loaded once (a first screenful, then the rest), kept up
 * to date by `library:changed` events, with optimistic changes laid over. Views read from it.
 */
export const rowStore = new RowStore()
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

/**
 * The rest comes in pages of this many rows: each is a short piece of work for main, so that a star
 * or another tab is answered between them, and a 50,000-row library is never one 20 MB answer.
 */
const REST_PAGE = 5_000

let loading: Promise<void> | null = null
let loadError: Error | null = null
const ordersLoading = new Map<OrderKey, Promise<void>>()
const orderErrors = new Map<OrderKey, Error>()

/**
 * Loads the rows unless they are held or on their way; the first page is shown as soon as it is in.
 * Called as the page starts (main.tsx), before anything else asks main for anything.
 */
export function loadRows(): Promise<void> {
  loading ??= (async () => {
    loadError = null
    try {
      const since = rowStore.mark()
      const reordered = rowStore.reordered
      // Browser mode's page brings the first page along: filled before React's first render.
      const brought = takeBroughtFirstPage()
      const first = brought ?? (await api.call('papers:list', { limit: FIRST_PAGE_ROWS }))
      rowStore.fill(first, since, { complete: first.length < FIRST_PAGE_ROWS })
      // Parsing the rest's answers takes the page's thread: not before the first screenful is shown.
      await afterNextPaint()
      if (brought) {
        // The page was made before this page heard of changes (a note saved, a paper deleted as the
        // last page closed): once the event stream is open, the first page is asked again and its
        // rows replace the brought ones, except those an event changed since.
        await connection.listening()
        const again = rowStore.mark()
        const fresh = await api.call('papers:list', { limit: FIRST_PAGE_ROWS })
        rowStore.fill(fresh, again, { complete: fresh.length < FIRST_PAGE_ROWS, replaces: brought })
      }
      if (first.length < FIRST_PAGE_ROWS) return
      let rest: PaperSummary[] = []
      for (let offset = FIRST_PAGE_ROWS; ; offset += REST_PAGE) {
        const page = await api.call('papers:list', { offset, limit: REST_PAGE })
        for (const row of page) rest.push(row)
        if (page.length < REST_PAGE) break
      }
      // Pages are cut by position: a paper added, removed or moved in between shifts them, and a row
      // at a page's edge could be missed. Then the whole library is asked for again in one answer.
      if (rowStore.reordered !== reordered) rest = await api.call('papers:list', {})
      rowStore.fill(rest, since, { complete: true })
    } catch (error) {
      loadError = error as Error
      loading = null
      rowStore.touch()
    }
  })()
  return loading
}

/**
 * The first page that index.html carried (browser mode, src/main/web/firstScreen.ts), taken once: a
 * reload of the rows (the event stream had a gap) asks main again.
 */
function takeBroughtFirstPage(): PaperSummary[] | null {
  const element = document.getElementById(FIRST_PAGE_SCRIPT_ID)
  if (!element) return null
  element.remove()
  try {
    const rows: unknown = JSON.parse(element.textContent ?? '')
    return Array.isArray(rows) ? (rows as PaperSummary[]) : null
  } catch {
    return null
  }
}

/**
 * Resolves once the browser has painted a frame with what was rendered so far (at once in a hidden
 * tab, which paints no frames and would otherwise never ask for the rest).
 */
function afterNextPaint(): Promise<void> {
  if (document.hidden) return Promise.resolve()
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
}

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

/** Every change main makes arrives here, once: rows and orders are patched, never reloaded. */
connection.onEvent((event) => {
  if (event.name !== 'library:changed') return
  if (!rowStore.apply(event.data)) {
    // An event was missed (main restarted, the stream dropped): what is held is reloaded.
    rowStore.reset()
    loading = null
    void loadRows()
    return
  }
  optimistic.carried(touchedIds(event.data), touchedOrders(event.data))
})

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
  const error = (key !== null ? orderErrors.get(key) : undefined) ?? loadError
  return { ready: enabled && rowStore.started && held, error, retry, version }
}

function retry(): void {
  loading = null
  orderErrors.clear()
  void loadRows()
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
