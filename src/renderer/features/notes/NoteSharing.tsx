import { mutate, useQuery } from '../../api/query'
import { useToast } from '../../ui/Toast'

/**
 * Whether the paper's note goes to the shared lists that hold the paper (and that this library may
 * change). Unmarked, a note never leaves the library's own database.
 */
export function NoteSharing({ paperId, listIds }: { paperId: string; listIds: string[] }) {
  const shared = useQuery('sync:sharedLists', {})
  const toast = useToast()
  const lists = (shared.data?.lists ?? []).filter(
    (l) => l.rights === 'read-write' && listIds.includes(l.listId),
  )
  if (lists.length === 0) return null
  const marked = shared.data?.notes.includes(paperId) === true
  const toggle = (on: boolean) =>
    void mutate('sync:shareNote', { paperId, shared: on }).catch((error: Error) =>
      toast({ text: error.message, tone: 'error' }),
    )
  return (
    <label className="note-sharing">
      <input type="checkbox" checked={marked} onChange={(e) => toggle(e.target.checked)} /> Share this note
      with {lists.map((l) => `“${l.name}”`).join(', ')}
    </label>
  )
}
