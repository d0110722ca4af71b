/** What of a paper "more like these" compares. */
import type { Paper } from '../../../shared/domain'
import type { RecommendDoc } from './recommender'

/**
 * Title, arXiv abstract and digest summaries (a bullet repeated across days once): what the paper is
 * about. Authors, tags and notes are left out: sharing an author or a tag is not being about the same.
 */
export function recommendDocFromPaper(paper: Paper): RecommendDoc {
  const bullets = new Set<string>()
  for (const appearance of paper.appearances) for (const bullet of appearance.summary) bullets.add(bullet)
  return { id: paper.id, text: [paper.title, paper.meta?.abstract ?? '', ...bullets].join('\n') }
}
