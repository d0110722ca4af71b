/** What of a paper the search box looks at. */
import type { Paper } from '../../../shared/domain'
import type { SearchDoc } from './searchIndex'

/**
 * The searchable text of a paper and its note. Summaries of all digest appearances are included
 * (a bullet repeated across days only once); a paper without arXiv metadata has no abstract.
 */
export function searchDocFromPaper(paper: Paper, noteText = ''): SearchDoc {
  const bullets = new Set<string>()
  for (const appearance of paper.appearances) for (const bullet of appearance.summary) bullets.add(bullet)
  return {
    id: paper.id,
    title: paper.title,
    authors: paper.authors.join(', '),
    abstract: paper.meta?.abstract ?? '',
    summary: [...bullets].join('\n'),
    note: noteText,
    tags: paper.tags.join(' '),
  }
}
