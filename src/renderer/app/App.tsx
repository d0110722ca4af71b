import { useCallback, useState } from 'react'
import type { ImportReport } from '../../shared/api'
import { useLecternEvent } from '../api/events'
import { useQuery } from '../api/query'
import { TaskBar } from '../features/digests/TaskBar'
import { describeImport, useDigestDrop } from '../features/digests/useDigestDrop'
import { Sidebar, type LibraryView } from '../features/lists/Sidebar'
import { AddPaperForm } from '../features/papers/AddPaperForm'
import { PaperDetailPane } from '../features/papers/PaperDetailPane'
import { PaperList } from '../features/papers/PaperList'
import { ToastProvider, useToast } from '../ui/Toast'
import { useTheme } from './useTheme'

export function App() {
  return (
    <ToastProvider>
      <Library />
    </ToastProvider>
  )
}

/** The three-pane frame of the library: sidebar, paper list, detail. Digests can be dropped anywhere. */
function Library() {
  const [chosenView, setView] = useState<LibraryView>({ kind: 'all' })
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const settings = useQuery('settings:get', {})
  useTheme(settings.data?.theme ?? 'system')
  const toast = useToast()

  // A deleted list cannot stay selected: fall back to all papers.
  const lists = useQuery('lists:list', {})
  const listGone = chosenView.kind === 'list' && lists.data && !lists.data.some((l) => l.id === chosenView.id)
  const view: LibraryView = listGone ? { kind: 'all' } : chosenView

  const showImport = useCallback(
    (report: ImportReport) => {
      const problems = report.files.flatMap((f) => f.skipped)
      toast({ text: describeImport(report) + (problems[0] ? ` (${problems[0]})` : ''), tone: report.added + report.updated + report.unchanged === 0 ? 'error' : 'info' })
      const newest = report.files.map((f) => f.date).filter((d): d is string => d !== null).sort().pop()
      if (newest && report.added > 0) setView({ kind: 'digest', date: newest })
    },
    [toast],
  )
  useLecternEvent('import:finished', ({ report }) => showImport(report))
  const drop = useDigestDrop(showImport)

  return (
    <div className="app" {...drop.handlers}>
      <Sidebar view={view} onSelect={setView} />
      <main className="pane pane-list" aria-label="Papers">
        <div className="toolbar">
          <AddPaperForm onAdded={setSelectedId} />
        </div>
        <PaperList view={view} selectedId={selectedId} onSelect={setSelectedId} />
      </main>
      <aside className="pane pane-detail" aria-label="Paper details">
        <PaperDetailPane paperId={selectedId} />
      </aside>
      <TaskBar />
      {drop.dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop Daily Papers digests to import them</div>
        </div>
      )}
    </div>
  )
}
