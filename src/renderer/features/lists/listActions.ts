import { useSyncExternalStore } from 'react'
import type { ListSummary, PaperSummary } from '../../../shared/api'
import { api } from '../../api/client'
import { mutate } from '../../api/query'

/**
 * Changes to reading lists' contents. A paper moved inside a list moves at once on screen: the new
 * order is laid over rows loaded before the change was sent, until main's answer carries it.
 */
export interface PendingOrder {
  ids: string[]
  sentAt: number
}
/** Replaced, never changed in place, so that React sees a change. */
let orders: ReadonlyMap<string, PendingOrder> = new Map()
const listeners = new Set<() => void>()
function setOrders(next: Map<string, PendingOrder>): void {
  orders = next
  listeners.forEach((l) => l())
}

export function useListOrders(): ReadonlyMap<string, PendingOrder> {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange)
      return () => listeners.delete(onChange)
    },
    () => orders,
  )
}

export function applyListOrder<T extends PaperSummary>(
  listId: string,
  rows: readonly T[],
  requestedAt: number,
  pending: ReadonlyMap<string, PendingOrder>,
): readonly T[] {
  const order = pending.get(listId)
  if (!order || order.sentAt < requestedAt) return rows
  const byId = new Map(rows.map((r) => [r.id, r]))
  const placed = order.ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined)
  const seen = new Set(order.ids)
  return [...placed, ...rows.filter((r) => !seen.has(r.id))]
}

/** `ids` moved to `index` of `order` (positions as shown; papers already there move), as main does it. */
export function moveWithin(order: readonly string[], ids: readonly string[], index: number): string[] {
  const moving = new Set(ids)
  const kept = order.filter((id) => !moving.has(id))
  const before = order.slice(0, index).filter((id) => !moving.has(id)).length
  return [...kept.slice(0, before), ...ids, ...kept.slice(before)]
}

export function addToList(
  list: Pick<ListSummary, 'id'>,
  paperIds: string[],
  index?: number,
): Promise<ListSummary> {
  return mutate('lists:addPapers', { id: list.id, paperIds, ...(index === undefined ? {} : { index }) })
}

/** List changes go out one after another, so main applies them in the order they were made. */
let queue: Promise<unknown> = Promise.resolve()
function inOrder<T>(send: () => Promise<T>): Promise<T> {
  const next = queue.then(send, send)
  queue = next.catch(() => undefined)
  return next
}

/** Moves papers of a list to `index` of its shown `order`. */
export async function reorderInList(
  listId: string,
  order: readonly string[],
  paperIds: string[],
  index: number,
): Promise<void> {
  const moving = order.filter((id) => paperIds.includes(id))
  if (moving.length === 0) return
  const next = moveWithin(order, moving, index)
  if (next.every((id, i) => id === order[i])) return
  const sentAt = performance.now()
  setOrders(new Map(orders).set(listId, { ids: next, sentAt }))
  try {
    await inOrder(() => mutate('lists:addPapers', { id: listId, paperIds: moving, index }))
  } catch (error) {
    if (orders.get(listId)?.sentAt === sentAt) {
      const rest = new Map(orders)
      rest.delete(listId)
      setOrders(rest)
    }
    throw error
  }
}

/**
 * Alt+↑/↓: the selected papers move one row up or down (together, closing gaps). Keys can come
 * faster than renders (a held key): a move not yet shown counts, so each starts from the last.
 */
export function reorderBy(
  listId: string,
  shown: { order: readonly string[]; requestedAt: number },
  paperIds: string[],
  delta: -1 | 1,
): Promise<void> {
  const pending = orders.get(listId)
  const order = pending && pending.sentAt >= shown.requestedAt ? pending.ids : shown.order
  const positions = paperIds.map((id) => order.indexOf(id)).filter((i) => i >= 0)
  if (positions.length === 0) return Promise.resolve()
  const first = Math.min(...positions)
  const last = Math.max(...positions)
  const together = last - first + 1 === positions.length
  if (delta < 0) {
    return first === 0 && together
      ? Promise.resolve()
      : reorderInList(listId, order, paperIds, Math.max(0, first - 1))
  }
  return last === order.length - 1 && together
    ? Promise.resolve()
    : reorderInList(listId, order, paperIds, Math.min(order.length, last + 2))
}

/**
 * Takes papers out of a list and returns how to put them back where they were: each at its old
 * position, in ascending order, which rebuilds the old order exactly.
 */
export async function removeFromList(listId: string, paperIds: string[]): Promise<() => Promise<void>> {
  const order = (await api.call('papers:list', { listId })).map((row) => row.id)
  const removed = order.map((id, index) => ({ id, index })).filter((p) => paperIds.includes(p.id))
  await mutate('lists:removePapers', { id: listId, paperIds })
  return async () => {
    for (const { id, index } of removed)
      await mutate('lists:addPapers', { id: listId, paperIds: [id], index })
  }
}

/** The lists in their new order at once; lists loaded before the change are laid out by it. */
let listsOrder: PendingOrder | null = null
const listsOrderListeners = new Set<() => void>()
function setListsOrder(next: PendingOrder | null): void {
  listsOrder = next
  listsOrderListeners.forEach((l) => l())
}

export function useListsOrder(): PendingOrder | null {
  return useSyncExternalStore(
    (onChange) => {
      listsOrderListeners.add(onChange)
      return () => listsOrderListeners.delete(onChange)
    },
    () => listsOrder,
  )
}

export function orderLists(
  lists: readonly ListSummary[],
  requestedAt: number,
  pending: PendingOrder | null,
): ListSummary[] {
  if (!pending || pending.sentAt < requestedAt) return [...lists]
  const byId = new Map(lists.map((l) => [l.id, l]))
  const placed = pending.ids.map((id) => byId.get(id)).filter((l): l is ListSummary => l !== undefined)
  return [...placed, ...lists.filter((l) => !pending.ids.includes(l.id))]
}

export async function reorderLists(ids: string[]): Promise<void> {
  const sentAt = performance.now()
  setListsOrder({ ids, sentAt })
  try {
    await mutate('lists:reorder', { ids })
  } catch (error) {
    if (listsOrder?.sentAt === sentAt) setListsOrder(null)
    throw error
  }
}
