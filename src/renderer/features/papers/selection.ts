/**
 * Which papers are selected, and which one has the focus (the one the detail pane shows and the
 * keyboard acts from). Pure functions over the ids in display order, so the list, the shortcuts and
 * the tests agree on what shift-click or shift+J does.
 */
export interface Selection {
  focus: string | null
  /** Where a shift-click or shift+arrow range starts. */
  anchor: string | null
  selected: ReadonlySet<string>
}

export const NO_SELECTION: Selection = { focus: null, anchor: null, selected: new Set() }

export function selectOnly(id: string): Selection {
  return { focus: id, anchor: id, selected: new Set([id]) }
}

/** Ctrl/Cmd-click: adds or removes one paper, which becomes the focus and the new anchor. */
export function toggleOne(selection: Selection, id: string): Selection {
  const selected = new Set(selection.selected)
  if (selected.has(id)) selected.delete(id)
  else selected.add(id)
  return { focus: id, anchor: id, selected }
}

/** Shift-click or shift+arrow: everything from the anchor to `id` (the anchor stays). */
export function extendTo(
  selection: Selection,
  ids: readonly string[],
  indexOf: ReadonlyMap<string, number>,
  id: string,
): Selection {
  const anchor = selection.anchor !== null && indexOf.has(selection.anchor) ? selection.anchor : id
  const from = indexOf.get(anchor) ?? 0
  const to = indexOf.get(id) ?? 0
  const [lo, hi] = from <= to ? [from, to] : [to, from]
  return { focus: id, anchor, selected: new Set(ids.slice(lo, hi + 1)) }
}

/** Moves the focus by `delta` rows (clamped); with `extend` the selection grows from the anchor. */
export function moveFocus(
  selection: Selection,
  ids: readonly string[],
  indexOf: ReadonlyMap<string, number>,
  delta: number,
  { extend = false }: { extend?: boolean } = {},
): Selection {
  if (ids.length === 0) return selection
  const current = selection.focus === null ? undefined : indexOf.get(selection.focus)
  const start = current ?? (delta > 0 ? -1 : ids.length)
  const next = ids[Math.max(0, Math.min(ids.length - 1, start + delta))]
  if (next === undefined) return selection
  return extend ? extendTo(selection, ids, indexOf, next) : selectOnly(next)
}

/** Nothing selected; the focus stays where it is (Escape, so that Export takes the whole view). */
export function deselectAll(selection: Selection): Selection {
  return selection.selected.size === 0 ? selection : { ...selection, selected: new Set() }
}

export function selectAll(ids: readonly string[], focus: string | null): Selection {
  return { focus: focus ?? ids[0] ?? null, anchor: focus ?? ids[0] ?? null, selected: new Set(ids) }
}

/**
 * After the rows change: drops ids no longer shown, and when the focused paper just left the view (it
 * was shown before; a paper marked read leaves Unread), focuses the row that took its place.
 */
export function reconcile(
  selection: Selection,
  ids: readonly string[],
  indexOf: ReadonlyMap<string, number>,
  { focusWasShown, lastIndex }: { focusWasShown: boolean; lastIndex: number },
): Selection {
  if (selection.focus !== null && !indexOf.has(selection.focus) && focusWasShown) {
    const replacement = ids[Math.min(lastIndex, ids.length - 1)]
    return replacement === undefined ? NO_SELECTION : selectOnly(replacement)
  }
  const kept = [...selection.selected].filter((id) => indexOf.has(id))
  return kept.length === selection.selected.size ? selection : { ...selection, selected: new Set(kept) }
}

/** The selected ids in display order, or the focused one when nothing is selected. */
export function selectedIds(selection: Selection, ids: readonly string[]): string[] {
  if (selection.selected.size === 0) return selection.focus === null ? [] : [selection.focus]
  if (selection.selected.size === 1) return [...selection.selected]
  return ids.filter((id) => selection.selected.has(id))
}
