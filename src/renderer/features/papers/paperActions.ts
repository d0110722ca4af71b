import type { ReadStatus } from '../../../shared/domain'
import { mutate } from '../../api/query'
import { changeRows } from '../../rows/liveRows'

/** The user's own state of papers that shows at a keypress, before main answers. */
export type PaperStatePatch = { status?: ReadStatus; starred?: boolean }

/** Sets read status and/or star on papers: shown at once, saved in the background, taken back if refused. */
export async function updatePaperState(ids: string[], patch: PaperStatePatch): Promise<void> {
  if (ids.length === 0) return
  await changeRows({ rows: { ids, patch: () => patch } }, () => mutate('papers:update', { ids, ...patch }))
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
