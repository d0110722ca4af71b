import { useCallback, useState } from 'react'
import type { ImportReport } from '../../../shared/api'
import { useLecternEvent } from '../../api/events'
import { invalidate } from '../../api/query'
import { useToast } from '../../ui/Toast'
import type { LibraryView } from '../../rows/views'
import { describeImport, problemCount, type ImportSource } from './importSummary'
import { pickDigests } from './pickDigests'
import { useDigestDrop } from './useDigestDrop'
import { uploadDigests } from './uploadDigests'

/**
 * Every way digests come in (drop, file picker, the menu's dialog, the watched folder) ends here:
 * one toast with what was added and how many problems, which opens the per-file report, and the
 * newest day imported shown.
 */
export function useDigestImports(selectView: (view: LibraryView) => void) {
  const toast = useToast()
  const [report, setReport] = useState<ImportReport | null>(null)
  const show = useCallback(
    (imported: ImportReport, source: ImportSource) => {
      const problems = problemCount(imported)
      const nothing = imported.added + imported.updated + imported.unchanged === 0
      toast({
        text: describeImport(imported, source),
        tone: nothing ? 'error' : 'info',
        ...(problems > 0 || nothing
          ? { action: { label: 'Show report', run: () => setReport(imported) } }
          : {}),
      })
      const newest = imported.files
        .map((f) => f.date)
        .filter((d): d is string => d !== null)
        .sort()
        .pop()
      if (newest && imported.added > 0) selectView({ kind: 'digest', date: newest })
    },
    [toast, selectView],
  )
  const importDigests = useCallback(
    ({ folder }: { folder: boolean }) =>
      void pickDigests({ folder })
        .then(async (files) => {
          if (files.length === 0) {
            if (folder) toast({ text: 'That folder has no digests (.md files) in it.', tone: 'error' })
            return
          }
          show(await uploadDigests(files), 'picker')
        })
        .catch((error: Error) => toast({ text: `Import failed: ${error.message}`, tone: 'error' })),
    [toast, show],
  )
  useLecternEvent('import:finished', ({ report: imported, source }) => {
    if (source === 'watch') invalidate('digests:watchLog')
    show(imported, source)
  })
  const drop = useDigestDrop(useCallback((imported: ImportReport) => show(imported, 'drop'), [show]))
  return { importDigests, drop, report, closeReport: useCallback(() => setReport(null), []) }
}
