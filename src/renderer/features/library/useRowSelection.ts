import { useCallback, useState } from 'react'
import { NO_SELECTION, reconcile, selectedIds, type Selection } from '../papers/selection'

/**
 * What is selected in the list, kept across changes of the rows: when the focused paper leaves them
 * (read in Unread), the row that took its place gets the focus.
 */
export function useRowSelection(ids: string[], indexOf: Map<string, number>, sourceKey: string) {
  const [selection, setSelection] = useState<Selection>(NO_SELECTION)
  const [previous, setPrevious] = useState({ ids, indexOf, sourceKey })
  if (previous.ids !== ids || previous.sourceKey !== sourceKey) {
    setPrevious({ ids, indexOf, sourceKey })
    const focus = selection.focus
    const focusWasShown = previous.sourceKey === sourceKey && focus !== null && previous.indexOf.has(focus)
    const next = reconcile(selection, ids, indexOf, {
      focusWasShown,
      lastIndex: focus === null ? 0 : (previous.indexOf.get(focus) ?? 0),
    })
    if (next !== selection) setSelection(next)
  }
  const selected = useCallback(() => selectedIds(selection, ids), [selection, ids])
  return { selection, setSelection, selected }
}
