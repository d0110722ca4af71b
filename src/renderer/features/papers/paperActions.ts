import { useSyncExternalStore } from 'react'
import type { PaperSummary } from '../../../shared/api'
import type { ReadStatus } from '../../../shared/domain'
import { mutate } from '../../api/query'

/**
 * Read status and star change at a keypress, before main answers: the change is laid over every row
 * and detail loaded before it was sent, until answers asked for afterwards arrive (they carry it).
 */
export type PaperStatePatch = { status?: ReadStatus; starred?: boolean }
export interface Pending {
  patch: PaperStatePatch
  sentAt: number
}

/** Replaced, never changed in place: a new map is what tells React something changed. */
let pending: ReadonlyMap<string, Pending> = new Map()
const listeners = new Set<() => void>()
function setPending(next: Map<string, Pending>): void {
  pending = next
  listeners.forEach((l) => l())
}
const KEEP_MS = 60_000

/** The local changes not yet confirmed; the component re-renders when they change. */
export function usePaperPatches(): ReadonlyMap<string, Pending> {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange)
      return () => listeners.delete(onChange)
    },
    () => pending,
  )
}

/** The rows with local changes the answer (asked for at `requestedAt`) does not carry yet. */
export function applyPatches<T extends PaperSummary>(
  rows: readonly T[],
  requestedAt: number,
  patches: ReadonlyMap<string, Pending>,
): readonly T[] {
  if (patches.size === 0) return rows
  let out: T[] | null = null
  rows.forEach((row, i) => {
    const p = patches.get(row.id)
    if (!p || p.sentAt < requestedAt) return
    out ??= [...rows]
    out[i] = { ...row, ...p.patch }
  })
  return out ?? rows
}

export function patchedState<T extends { id: string; status: ReadStatus; starred: boolean }>(
  paper: T,
  requestedAt: number,
  patches: ReadonlyMap<string, Pending>,
): T {
  const p = patches.get(paper.id)
  return p && p.sentAt >= requestedAt ? { ...paper, ...p.patch } : paper
}

/** Sets read status and/or star on papers, shown at once and saved in the background. */
export async function updatePaperState(ids: string[], patch: PaperStatePatch): Promise<void> {
  if (ids.length === 0) return
  const sentAt = performance.now()
  const next = new Map([...pending].filter(([, p]) => sentAt - p.sentAt < KEEP_MS))
  for (const id of ids) next.set(id, { patch: { ...pending.get(id)?.patch, ...patch }, sentAt })
  setPending(next)
  try {
    await mutate('papers:update', { ids, ...patch })
  } catch (error) {
    setPending(new Map([...pending].filter(([, p]) => p.sentAt !== sentAt)))
    throw error
  }
}

export function changeTags(ids: string[], change: { add?: string[]; remove?: string[] }): Promise<unknown> {
  return mutate('papers:update', {
    ids,
    ...(change.add ? { addTags: change.add } : {}),
    ...(change.remove ? { removeTags: change.remove } : {}),
  })
}

/** Records that the paper was opened (the "Last opened" sort). */
export function markOpened(id: string): Promise<unknown> {
  return mutate('papers:update', { ids: [id], opened: true })
}

/** Space: read when the focused paper is not read yet, else back to unread — for all selected. */
export function toggleRead(ids: string[], focused: { status: ReadStatus } | undefined): Promise<void> {
  return updatePaperState(ids, { status: focused?.status === 'read' ? 'unread' : 'read' })
}

export function toggleStar(ids: string[], focused: { starred: boolean } | undefined): Promise<void> {
  return updatePaperState(ids, { starred: !(focused?.starred ?? false) })
}
