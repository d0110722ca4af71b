import { useCallback } from 'react'
import type { ListSummary } from '../../../shared/api'
import { mutate } from '../../api/query'
import { shownRow } from '../../rows/liveRows'
import type { LibraryView } from '../../rows/views'
import { useToast } from '../../ui/Toast'
import { addToList, removeFromList, reorderBy } from '../lists/listActions'

/** What the list, the keyboard and the sidebar do to reading lists' contents, with toasts and Undo. */
export function useListCommands({
  view,
  listId,
  reorderable,
  selected,
  listNames,
  fail,
}: {
  view: LibraryView
  /** The list shown (not while searching), or null. */
  listId: string | null
  reorderable: boolean
  selected: () => string[]
  listNames: Map<string, string>
  fail: (what: string) => (error: unknown) => void
}) {
  const toast = useToast()
  /** Adds papers to a list, leaving alone those already in it (adding them again would move them). */
  const addPapersToList = useCallback(
    async (list: ListSummary, paperIds: string[]) => {
      const fresh = paperIds.filter((id) => !shownRow(id)?.listIds.includes(list.id))
      if (fresh.length === 0) {
        toast({
          text:
            paperIds.length === 1
              ? `Already in “${list.name}”`
              : `All ${paperIds.length} are already in “${list.name}”`,
        })
        return
      }
      try {
        await addToList(list, fresh)
        toast({
          text: `Added ${fresh.length === 1 ? '1 paper' : `${fresh.length} papers`} to “${list.name}”`,
          action: {
            label: 'Undo',
            run: () => void mutate('lists:removePapers', { id: list.id, paperIds: fresh }),
          },
        })
      } catch (error) {
        fail(`Not added to “${list.name}”`)(error)
      }
    },
    [toast, fail],
  )

  const dropOnList = useCallback(
    (list: ListSummary, paperIds: string[]) => void addPapersToList(list, paperIds),
    [addPapersToList],
  )

  const removeSelectedFromList = useCallback(async () => {
    if (view.kind !== 'list') return
    const paperIds = selected()
    if (paperIds.length === 0) return
    const name = listNames.get(view.id) ?? 'the list'
    try {
      const undo = await removeFromList(view.id, paperIds)
      toast({
        text: `Removed ${paperIds.length === 1 ? '1 paper' : `${paperIds.length} papers`} from “${name}”`,
        action: { label: 'Undo', run: () => void undo().catch(fail('Could not put them back')) },
      })
    } catch (error) {
      fail('Not removed')(error)
    }
  }, [view, selected, listNames, toast, fail])

  const reorder = useCallback(
    (delta: -1 | 1) => {
      if (listId === null) return
      if (!reorderable) {
        toast({ text: 'Sort by “List order” to move papers within the list.' })
        return
      }
      reorderBy(listId, selected(), delta).catch(fail('Not moved'))
    },
    [listId, reorderable, selected, toast, fail],
  )

  return { addPapersToList, dropOnList, removeSelectedFromList, reorder }
}
