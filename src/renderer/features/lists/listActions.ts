import type { ListSummary } from '../../../shared/api'
import { api } from '../../api/client'
import { mutate } from '../../api/query'
import { changeRows, shownOrder } from '../../rows/liveRows'
import { LISTS_ORDER } from '../../rows/optimistic'

/**
 * Changes to reading lists, shown at once through the one optimistic layer (rows/): a paper's list
 * chips, a list's order while it is shown, and the order of the lists themselves.
 */

/** `ids` moved to `index` of `order` (positions as shown; papers already there move), as main does it. */
export function moveWithin(order: readonly string[], ids: readonly string[], index: number): string[] {
  const moving = new Set(ids)
  const kept = order.filter((id) => !moving.has(id))
  const before = order.slice(0, index).filter((id) => !moving.has(id)).length
  return [...kept.slice(0, before), ...ids, ...kept.slice(before)]
}

/** Puts papers into a list (at its end, or at `index`): their chips and the list's order change at once. */
export function addToList(
  list: Pick<ListSummary, 'id'>,
  paperIds: string[],
  index?: number,
): Promise<ListSummary> {
  const key = `list:${list.id}` as const
  const order = shownOrder(key)
  return changeRows(
    {
      rows: {
        ids: paperIds,
        patch: (row) => ({ listIds: [...new Set([...(row?.listIds ?? []), list.id])] }),
      },
      ...(order ? { order: { key, ids: moveWithin(order, paperIds, index ?? order.length) } } : {}),
    },
    () => mutate('lists:addPapers', { id: list.id, paperIds, ...(index === undefined ? {} : { index }) }),
  )
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
  await changeRows({ order: { key: `list:${listId}`, ids: next } }, () =>
    inOrder(() => mutate('lists:addPapers', { id: listId, paperIds: moving, index })),
  )
}

/**
 * Alt+↑/↓: the selected papers move one row up or down (together, closing gaps). Keys can come
 * faster than renders (a held key): a move not yet shown counts, so each starts from the last.
 */
export function reorderBy(listId: string, paperIds: string[], delta: -1 | 1): Promise<void> {
  const order = shownOrder(`list:${listId}`) ?? []
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
  const key = `list:${listId}` as const
  const order = shownOrder(key) ?? (await api.call('papers:view', { listId })).ids
  const removed = order.map((id, index) => ({ id, index })).filter((p) => paperIds.includes(p.id))
  const leaving = new Set(paperIds)
  await changeRows(
    {
      rows: {
        ids: paperIds,
        patch: (row) => ({ listIds: (row?.listIds ?? []).filter((id) => id !== listId) }),
      },
      order: { key, ids: order.filter((id) => !leaving.has(id)) },
    },
    () => mutate('lists:removePapers', { id: listId, paperIds }),
  )
  return async () => {
    for (const { id, index } of removed)
      await mutate('lists:addPapers', { id: listId, paperIds: [id], index })
  }
}

/** The lists in their new order at once, until the event of the reorder carries it (or main refuses it). */
export async function reorderLists(ids: string[]): Promise<void> {
  await changeRows({ order: { key: LISTS_ORDER, ids } }, () => mutate('lists:reorder', { ids }))
}
