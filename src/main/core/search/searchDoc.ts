/** What of a paper the search box looks at. */
import type { Paper } from '../../../shared/domain'
import { sameStrings } from '../../../shared/sameStrings'
import { isLive } from '../library/entity'
import type { StoreChange } from '../store/libraryStore'
import type { PaperHead } from '../store/paperParts'
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

/**
 * Whether a commit can have changed paper `id`'s search document (`head`: its head now): its text part
 * was written, or a head field the document reads (title, authors, tags, appearances, deleted)
 * changed. Commits of a head's other fields (citation key, reading state, viewer) need no re-index,
 * which would read the paper's text shard for nothing. The recommender's document reads a subset.
 */
export function searchDocMayHaveChanged(
  change: StoreChange,
  id: string,
  head: PaperHead | undefined,
): boolean {
  if (change.texts.has(id) || change.notes.has(id)) return true
  const before = change.headsBefore.get(id)
  if (!before || !head) return before !== head
  return (
    isLive(before) !== isLive(head) ||
    before.title !== head.title ||
    before.appearances !== head.appearances ||
    !sameStrings(before.authors, head.authors) ||
    !sameStrings(before.tags, head.tags)
  )
}
