import { useCallback, useEffect, useMemo, useState } from 'react'
import { flushSync } from 'react-dom'
import { useQuery } from '../api/query'
import { exportScopeOf } from '../features/export/exportScope'
import { TaskBar } from '../features/digests/TaskBar'
import { ImportReportDialog } from '../features/digests/ImportReportDialog'
import { ImportDigestsContext } from '../features/digests/importDigestsContext'
import { useDigestImports } from '../features/digests/useDigestImports'
import { DETAILS_ID, LibraryActionsContext } from '../ui/libraryActions'
import { LibraryOverlays } from '../features/library/LibraryOverlays'
import { usePaperBrowser } from '../features/library/usePaperBrowser'
import { Sidebar } from '../features/lists/Sidebar'
import type { LibraryView } from '../rows/views'
import { AddPaperForm } from '../features/papers/AddPaperForm'
import { EmptyList } from '../features/papers/EmptyList'
import { ListHeader } from '../features/papers/ListHeader'
import { PaperDetailPane } from '../features/papers/PaperDetailPane'
import { PaperList } from '../features/papers/PaperList'
import { PdfViewerHost } from '../features/pdf/PdfViewerHost'
import { SearchBox } from '../features/search/SearchBox'
import { useSearch } from '../features/search/useSearch'
import { useLibraryKeyboard } from '../features/shortcuts/useLibraryKeyboard'
import { ArrowLeftIcon, MenuIcon } from '../ui/icons'
import { PaneResizer } from '../ui/PaneResizer'
import { ToastProvider } from '../ui/Toast'
import { useLayout } from './useLayout'
import { usePaneWidths } from './usePaneWidths'
import { useTheme } from './useTheme'

export function App() {
  return (
    <ToastProvider>
      <Library />
    </ToastProvider>
  )
}

const ALL_PAPERS: LibraryView = { kind: 'all' }

/** The three-pane frame of the library: sidebar, paper list, detail. Digests can be dropped anywhere. */
function Library() {
  const [chosenView, setView] = useState<LibraryView>({ kind: 'all' })
  const settings = useQuery('settings:get', {})
  useTheme(settings.data?.theme ?? 'system')

  // A deleted list cannot stay selected: fall back to all papers.
  const lists = useQuery('lists:list', {})
  const listGone = chosenView.kind === 'list' && lists.data && !lists.data.some((l) => l.id === chosenView.id)
  const view: LibraryView = listGone ? ALL_PAPERS : chosenView
  const search = useSearch()
  const { layout, width } = useLayout()
  // One pane at a time on a narrow window: which one, switched before the focus moves into it.
  const [pane, setPane] = useState<'list' | 'details'>('list')
  const onPane = useCallback(
    (next: 'list' | 'details') => {
      if (layout === 'narrow' && next !== pane) flushSync(() => setPane(next))
    },
    [layout, pane],
  )
  const browser = usePaperBrowser({ view, setView, search, onPane, openOnClick: layout === 'narrow' })
  useLibraryKeyboard(browser.commands)
  const { selectView } = browser
  const panes = usePaneWidths()
  // Below 900 px the sidebar is a drawer over the list, opened from the toolbar.
  const [drawer, setDrawer] = useState(false)
  const drawerOpen = drawer && layout !== 'wide'
  const selectFromSidebar = useCallback(
    (next: LibraryView) => {
      setDrawer(false)
      selectView(next)
    },
    [selectView],
  )
  useEffect(() => {
    if (!drawerOpen) return
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setDrawer(false)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [drawerOpen])
  const columns =
    layout === 'wide'
      ? `${panes.sidebar}px 0 minmax(0, 1fr) 0 ${panes.detail}px`
      : layout === 'medium'
        ? `minmax(0, 1fr) 0 ${Math.max(280, Math.min(panes.detail, width - 340))}px`
        : 'minmax(0, 1fr)'
  const frameClass = [
    'app',
    `layout-${layout}`,
    drawerOpen ? 'drawer-open' : '',
    layout === 'narrow' ? `showing-${pane}` : '',
  ]
    .filter(Boolean)
    .join(' ')
  const { rows, selection, selected } = browser
  const exportScope = useMemo(
    () =>
      exportScopeOf({
        selected: selection.selected.size > 0 ? selected() : [],
        shown: rows,
        searching: search.active,
        view,
        lists: browser.lists,
      }),
    [selection, selected, rows, search.active, view, browser.lists],
  )

  const imports = useDigestImports(selectView)

  return (
    <LibraryActionsContext.Provider value={browser.actions}>
      <ImportDigestsContext.Provider value={imports.importDigests}>
        <div className={frameClass} style={{ gridTemplateColumns: columns }} {...imports.drop.handlers}>
          <Sidebar view={view} onSelect={selectFromSidebar} onDropPapers={browser.dropOnList} />
          {drawerOpen && (
            <div className="drawer-backdrop" aria-hidden="true" onClick={() => setDrawer(false)} />
          )}
          {layout === 'wide' && (
            <PaneResizer
              label="Resize the sidebar"
              value={panes.sidebar}
              min={panes.limits.sidebar[0]}
              max={panes.limits.sidebar[1]}
              direction={1}
              onChange={panes.setSidebar}
            />
          )}
          <main className="pane pane-list" aria-label="Papers">
            <div className="toolbar">
              {layout !== 'wide' && (
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Show the sidebar"
                  aria-expanded={drawerOpen}
                  title="Views, reading lists, digests and settings"
                  onClick={() => setDrawer(!drawer)}
                >
                  <MenuIcon />
                </button>
              )}
              <SearchBox search={search} onLeave={browser.enterList} />
              <AddPaperForm onAdded={browser.showAdded} />
            </div>
            <ListHeader
              view={view}
              lists={browser.lists}
              search={search}
              count={browser.rows.length}
              loading={browser.loading}
              selectedCount={browser.selection.selected.size}
              context={browser.context}
              sort={browser.sort}
              onSort={browser.setSort}
              exportScope={exportScope}
            />
            {browser.error ? (
              <div className="inline-error list-error" role="alert">
                The papers could not be loaded: {browser.error.message}.{' '}
                <button type="button" className="button-link" onClick={browser.retry}>
                  Try again
                </button>
              </div>
            ) : browser.loading ? (
              <p className="loading">{search.active ? 'Searching…' : 'Loading…'}</p>
            ) : (
              <PaperList {...browser.listProps} empty={<EmptyList view={view} search={search} />} />
            )}
          </main>
          {layout !== 'narrow' && (
            <PaneResizer
              label="Resize the details"
              value={panes.detail}
              min={panes.limits.detail[0]}
              max={panes.limits.detail[1]}
              direction={-1}
              onChange={panes.setDetail}
            />
          )}
          <aside id={DETAILS_ID} className="pane pane-detail" aria-label="Paper details" tabIndex={-1}>
            {layout === 'narrow' && (
              <div className="detail-back">
                <button
                  type="button"
                  className="button"
                  aria-label="Back to the papers"
                  onClick={browser.actions.focusList}
                >
                  <ArrowLeftIcon /> Papers
                </button>
              </div>
            )}
            <PaperDetailPane paperId={browser.selection.focus} />
          </aside>
          <TaskBar />
          <LibraryOverlays browser={browser} />
          <PdfViewerHost />
          {imports.report && <ImportReportDialog report={imports.report} onClose={imports.closeReport} />}
          {imports.drop.dragging && (
            <div className="drop-overlay" aria-hidden="true">
              <div>Drop Daily Papers digests to import them</div>
            </div>
          )}
        </div>
      </ImportDigestsContext.Provider>
    </LibraryActionsContext.Provider>
  )
}
