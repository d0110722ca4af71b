import { createContext, useContext } from 'react'

/** The detail pane's element id: Enter puts the focus there, Escape takes it back to the list. */
export const DETAILS_ID = 'paper-details'

/** What parts of the library deeper down (the note's paper links, the detail pane) ask the frame to do. */
export interface LibraryActions {
  /** Shows a paper: selects it in the list (switching to All papers if needed). */
  openPaper: (paperId: string) => void
  /** Opens the list picker for these papers. */
  pickList: (paperIds: string[]) => void
  /** Puts the keyboard focus back on the paper list. */
  focusList: () => void
}

export const LibraryActionsContext = createContext<LibraryActions>({
  openPaper: () => undefined,
  pickList: () => undefined,
  focusList: () => undefined,
})

export function useLibraryActions(): LibraryActions {
  return useContext(LibraryActionsContext)
}
