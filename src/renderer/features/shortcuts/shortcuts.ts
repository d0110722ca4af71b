/** Every keyboard shortcut, as the help dialog and the command palette show them. */
export interface ShortcutHelp {
  keys: string[]
  does: string
}

export const SHORTCUT_GROUPS: { title: string; items: ShortcutHelp[] }[] = [
  {
    title: 'Move around',
    items: [
      { keys: ['J', '↓'], does: 'Next paper' },
      { keys: ['K', '↑'], does: 'Previous paper' },
      { keys: ['Shift+J', 'Shift+↓'], does: 'Extend the selection down' },
      { keys: ['Shift+K', 'Shift+↑'], does: 'Extend the selection up' },
      { keys: ['Home', 'End'], does: 'First or last paper' },
      { keys: ['Mod+A'], does: 'Select all papers in the list' },
      { keys: ['Enter'], does: 'Open the paper (focus its details)' },
      {
        keys: ['Esc'],
        does: 'Back to the list; in the list, let go of the selection (Export takes the view)',
      },
    ],
  },
  {
    title: 'Act on the selected papers',
    items: [
      { keys: ['Space'], does: 'Mark read / unread' },
      { keys: ['S'], does: 'Star or unstar' },
      { keys: ['L'], does: 'Add to a reading list' },
      { keys: ['Alt+↑', 'Alt+↓'], does: 'Move up or down in a reading list (or move a focused list)' },
      { keys: ['Delete'], does: 'Remove from this reading list' },
      { keys: ['N'], does: 'Write in the note' },
      { keys: ['O'], does: 'Open the PDF' },
      { keys: ['Shift+F10'], does: 'More actions (the context menu)' },
    ],
  },
  {
    title: 'Find',
    items: [
      { keys: ['/', 'Mod+K'], does: 'Search papers' },
      { keys: ['Mod+Shift+P'], does: 'Command palette' },
      { keys: ['?'], does: 'This list of shortcuts' },
    ],
  },
]
