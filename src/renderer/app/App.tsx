import { useState } from 'react'
import { useQuery } from '../api/query'
import { Sidebar, type LibraryView } from '../features/lists/Sidebar'
import { PaperDetailPane } from '../features/papers/PaperDetailPane'
import { PaperList } from '../features/papers/PaperList'
import { ToastProvider } from '../ui/Toast'
import { useTheme } from './useTheme'

/** The three-pane frame of the library: sidebar, paper list, detail. */
export function App() {
  const [chosenView, setView] = useState<LibraryView>({ kind: 'all' })
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const settings = useQuery('settings:get', {})
  useTheme(settings.data?.theme ?? 'system')

  // A deleted list cannot stay selected: fall back to all papers.
  const lists = useQuery('lists:list', {})
  const listGone = chosenView.kind === 'list' && lists.data && !lists.data.some((l) => l.id === chosenView.id)
  const view: LibraryView = listGone ? { kind: 'all' } : chosenView

  return (
    <ToastProvider>
      <div className="app">
        <Sidebar view={view} onSelect={setView} />
        <main className="pane pane-list" aria-label="Papers">
          <PaperList view={view} selectedId={selectedId} onSelect={setSelectedId} />
        </main>
        <aside className="pane pane-detail" aria-label="Paper details">
          <PaperDetailPane paperId={selectedId} />
        </aside>
      </div>
    </ToastProvider>
  )
}
