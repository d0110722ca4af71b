import type { PaperSummary } from '../../../shared/api'
import { useQuery } from '../../api/query'
import { EmptyState } from '../../ui/EmptyState'
import type { LibraryView } from '../lists/Sidebar'

interface PaperListProps {
  view: LibraryView
  selectedId: string | null
  onSelect: (id: string) => void
}

export function PaperList({ view, selectedId, onSelect }: PaperListProps) {
  const papers = useQuery(
    'papers:list',
    view.kind === 'list' ? { listId: view.id } : view.kind === 'digest' ? { digest: view.date } : {},
  )
  if (papers.error) return <p className="inline-error">The papers could not be loaded: {papers.error.message}</p>
  if (!papers.data) return <p className="loading">Loading…</p>
  if (papers.data.length === 0) {
    return view.kind === 'all' ? (
      <EmptyState title="Your library is empty">
        <p>Import a Daily Papers digest to begin: drop its <code>.md</code> file on this window,</p>
        <p>
          or run <code>npm run -s lectern -- import FILE.md</code>.
        </p>
      </EmptyState>
    ) : view.kind === 'digest' ? (
      <EmptyState title="No papers on this day" />
    ) : (
      <EmptyState title="This list is empty">
        <p>Add papers to it from the library.</p>
      </EmptyState>
    )
  }
  return (
    <ul className="paper-list" role="listbox" aria-label="Papers">
      {papers.data.map((paper) => (
        <PaperRow key={paper.id} paper={paper} selected={paper.id === selectedId} onSelect={() => onSelect(paper.id)} />
      ))}
    </ul>
  )
}

function PaperRow({ paper, selected, onSelect }: { paper: PaperSummary; selected: boolean; onSelect: () => void }) {
  const more = paper.authorCount - paper.authors.length
  return (
    <li role="option" aria-selected={selected} className="paper-row" onClick={onSelect}>
      <div className="paper-title">{paper.title}</div>
      <div className="paper-meta">
        <span>
          {paper.authors.join(', ')}
          {more > 0 ? ` +${more}` : ''}
        </span>
        {paper.date && <span>{paper.date}</span>}
        {paper.votes !== null && <span aria-label={`${paper.votes} votes`}>▲ {paper.votes}</span>}
        {paper.metaState === 'failed' && (
          <span className="badge-dot" title="No arXiv record" aria-label="No arXiv record">
            !
          </span>
        )}
      </div>
    </li>
  )
}
