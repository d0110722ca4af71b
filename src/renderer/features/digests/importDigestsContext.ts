import { createContext, useContext } from 'react'

/** Opens the file picker for digest files, or a folder of them, and imports what is picked. */
export type ImportDigests = (options: { folder: boolean }) => void

/** Given by the library frame, which shows every import's outcome in one place. */
export const ImportDigestsContext = createContext<ImportDigests>(() => undefined)

export function useImportDigests(): ImportDigests {
  return useContext(ImportDigestsContext)
}
