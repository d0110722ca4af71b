import { useQuery } from '../../api/query'
import { EmptyState } from '../../ui/EmptyState'

export function PaperDetailPane({ paperId }: { paperId: string | null }) {
  const detail = useQuery('papers:get', { id: paperId ?? '' }, paperId !== null)
  if (paperId === null) return <EmptyState title="No paper selected">Choose a paper to see its details.</EmptyState>
  if (detail.error) return <p className="inline-error">{detail.error.message}</p>
  if (!detail.data) return <p className="loading">Loading…</p>
  const { paper } = detail.data
  return (
    <article className="detail">
      <h1 className="detail-title">{paper.title}</h1>
      <p className="detail-authors">
        {paper.authors.join(', ')}
        {paper.authorsElided ? ' …' : ''}
      </p>
      <p>
        <a href={paper.url} target="_blank" rel="noreferrer">
          {paper.arxivId ? `arXiv:${paper.arxivId}` : paper.url}
        </a>
      </p>
    </article>
  )
}
