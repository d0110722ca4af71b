/**
 * One query over the papers' index and the page index together: a paper matches by its own text
 * (title, authors, abstract, summaries, note, tags), by a PDF page or by a highlight comment, and
 * ranks by the sum of its own score and its best place's (both BM25 over the same analysis).
 */
import type { SearchMatch } from '../../../shared/api'
import type { PageIndex, PaperPlaces } from './pageIndex'
import type { SearchIndex } from './searchIndex'
import { authorClauses, type ParsedQuery } from './searchQuery'
import { foldText } from './textAnalysis'
import { containsPhrases, quotedPhrases, snippetOf } from './textMatches'

/**
 * Hits whose snippets are cut: the text of each is read (from `pdf-text/`, cached), which is
 * affordable for a screenful of results on every keystroke, not for thousands. Later hits name
 * their pages without a snippet.
 */
export const SNIPPET_HITS = 20

export interface EverywhereHit {
  id: string
  terms: string[]
  matches: SearchMatch[]
}

export interface EverywhereSources {
  index: SearchIndex
  pages: PageIndex
  /** A paper's own searchable text, for checking a quoted phrase. */
  paperText: (paperId: string) => string
  /** A paper's note, for its snippet. */
  noteText: (paperId: string) => string
  /** A paper's authors, for `author:` on a paper found by its pages. */
  paperAuthors: (paperId: string) => string
}

export function searchEverywhere(
  sources: EverywhereSources,
  q: ParsedQuery,
  filter: ((id: string) => boolean) | null,
  limit: number,
): { hits: EverywhereHit[]; total: number } {
  const { index, pages } = sources
  const phrases = quotedPhrases(q.text)
  const scoped = q.in.length > 0
  const inPdf = !scoped || q.in.includes('pdf')
  const inHighlight = !scoped || q.in.includes('highlight')
  // `in:` alone narrows the paper's own text to its note; without `in:note` it is not searched.
  const inPaper = !scoped || q.in.includes('note')
  // author: is about the paper, so a page only counts for a paper whose authors match, as the scan
  // before the index is ready matches them (folded text contains each name).
  const authors = q.authors.map(foldText)
  const placeFilter =
    filter === null && authors.length === 0
      ? null
      : (id: string) => {
          if (filter !== null && !filter(id)) return false
          if (authors.length === 0) return true
          const text = foldText(sources.paperAuthors(id))
          return authors.every((a) => text.includes(a))
        }
  const places =
    (inPdf || inHighlight) && q.text.trim() !== ''
      ? pages.search(q.text, {
          phrases,
          paperFilter: placeFilter,
          in: { pdf: inPdf, highlight: inHighlight },
          limit,
        })
      : new Map<string, PaperPlaces>()

  let own: { id: string; score: number; terms: string[] }[] = []
  let ownTotal = 0
  /** Papers with places that also matched by their own text (beyond `limit` too). */
  const both = new Set<string>()
  if (inPaper) {
    const check =
      filter === null && phrases.length === 0 && places.size === 0
        ? undefined
        : (id: string) => {
            if (filter !== null && !filter(id)) return false
            if (phrases.length > 0 && !containsPhrases(sources.paperText(id), phrases)) return false
            // Called on every match past the limit too (to count them): this sees all of them.
            if (places.has(id)) both.add(id)
            return true
          }
    const result = index.searchCounted(q.text, {
      limit,
      and: authorClauses(q),
      ...(scoped ? { fields: ['note'] as const } : {}),
      ...(check ? { filter: check } : {}),
    })
    own = result.hits
    ownTotal = result.total
  }

  const ranked = new Map<string, { score: number; terms: Set<string> }>()
  for (const hit of own) {
    ranked.set(hit.id, { score: hit.score + (places.get(hit.id)?.score ?? 0), terms: new Set(hit.terms) })
    if (places.has(hit.id)) both.add(hit.id)
  }
  for (const [id, found] of places) {
    const entry = ranked.get(id) ?? { score: found.score, terms: new Set<string>() }
    for (const place of found.places) for (const term of place.terms) entry.terms.add(term)
    ranked.set(id, entry)
  }
  const best = [...ranked].sort((a, b) => b[1].score - a[1].score).slice(0, limit)
  const hits = best.map(([id, entry], rank): EverywhereHit => {
    const terms = [...entry.terms]
    const withSnippet = rank < SNIPPET_HITS
    // The best place gets a snippet (the row shows one); the others name their page.
    const matches: SearchMatch[] = (places.get(id)?.places ?? []).map((place, i) => {
      const snippet = withSnippet && i === 0 ? pages.snippetOf(place, phrases) : null
      return {
        in: place.in,
        page: place.page,
        snippet: snippet?.snippet ?? null,
        marks: snippet?.marks ?? [],
        ...(place.in === 'highlight' ? { annotationId: place.key } : {}),
      }
    })
    if (withSnippet && inPaper) {
      const note = snippetOf(sources.noteText(id), terms, phrases)
      if (note) matches.push({ in: 'note', page: null, snippet: note.snippet, marks: note.marks })
    }
    return { id, terms, matches }
  })
  return { hits, total: ownTotal + places.size - both.size }
}
