import { useEffect, useLayoutEffect, useRef } from 'react'
import { DETAILS_ID } from '../../ui/libraryActions'

export interface KeyboardCommands {
  move: (delta: number, extend: boolean) => void
  moveToEdge: (edge: 'first' | 'last', extend: boolean) => void
  selectAll: () => void
  open: () => void
  back: () => void
  toggleRead: () => void
  toggleStar: () => void
  addToList: () => void
  reorder: (delta: -1 | 1) => void
  removeFromList: () => void
  focusNote: () => void
  openPdf: () => void
  contextMenu: () => void
  focusSearch: () => void
  showPalette: () => void
  showHelp: () => void
}

/** Fields where keys are text: shortcuts rest there (but for Mod+K and Mod+Shift+P). */
function isTyping(target: Element): boolean {
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null
}

/** Controls that Space and Enter activate, and that may use the arrow keys themselves. */
function isControl(target: Element): boolean {
  return (
    target.closest('button, a[href], summary, [role="menuitem"], [role="radio"], [role="separator"]') !== null
  )
}

/**
 * The library's keyboard: one listener on the window, so that the shortcuts work wherever the focus
 * is (the list, the details, the body) except in text fields and open dialogs.
 */
export function useLibraryKeyboard(commands: KeyboardCommands): void {
  const latest = useRef(commands)
  // Before paint, so that a key pressed right after a change acts on what is now shown.
  useLayoutEffect(() => {
    latest.current = commands
  })
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return
      const c = latest.current
      const target = event.target instanceof Element ? event.target : document.body
      const mod = event.ctrlKey || event.metaKey
      const key = event.key
      const run = (action: () => void) => {
        event.preventDefault()
        action()
      }

      // A modal dialog or menu owns the keyboard while it is open.
      if (document.querySelector('dialog[open], [role="menu"]')) return
      if (mod && !event.altKey && key.toLowerCase() === 'k' && !event.shiftKey) return run(c.focusSearch)
      if (mod && event.shiftKey && key.toLowerCase() === 'p') return run(c.showPalette)
      if (isTyping(target)) {
        // Escape in a field of the details (a tag) goes back to the list; fields elsewhere keep it.
        if (key === 'Escape' && target.closest(`#${DETAILS_ID}`)) run(c.back)
        return
      }

      const control = isControl(target)
      if (mod && !event.shiftKey && key.toLowerCase() === 'a' && !control) return run(c.selectAll)
      if (event.altKey && !mod && (key === 'ArrowUp' || key === 'ArrowDown')) {
        if (control) return
        return run(() => c.reorder(key === 'ArrowUp' ? -1 : 1))
      }
      if (mod || event.altKey) return
      if ((key === 'F10' && event.shiftKey) || key === 'ContextMenu') return run(c.contextMenu)

      const lower = key.length === 1 ? key.toLowerCase() : key
      switch (lower) {
        case 'j':
        case 'ArrowDown':
          if (control && lower === 'ArrowDown') return
          return run(() => c.move(1, event.shiftKey))
        case 'k':
        case 'ArrowUp':
          if (control && lower === 'ArrowUp') return
          return run(() => c.move(-1, event.shiftKey))
        case 'Home':
        case 'End':
          if (control) return
          return run(() => c.moveToEdge(lower === 'Home' ? 'first' : 'last', event.shiftKey))
        case 'Enter':
          if (control) return
          return run(c.open)
        case 'Escape':
          return run(c.back)
        case ' ':
          if (control) return
          return run(c.toggleRead)
        case 's':
          return run(c.toggleStar)
        case 'l':
          return run(c.addToList)
        case 'n':
          return run(c.focusNote)
        case 'o':
          return run(c.openPdf)
        case 'Delete':
        case 'Backspace':
          if (control) return
          return run(c.removeFromList)
        case '/':
          return run(c.focusSearch)
        case '?':
          return run(c.showHelp)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
