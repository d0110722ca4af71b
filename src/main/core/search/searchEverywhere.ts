/**
 * One query over the papers' index and the page index together: a paper matches by its own text
 * (title, authors, abstract, summaries, note, tags), by a PDF page or by a highlight comment, and
 * ranks by the sum of its own score and its best place's (both BM25 over the same analysis).
 */
import type { SearchMatch } from '../../../shared/api'
import type { PageIndex, PaperPlaces } from './pageIndex'
import type { SearchIndex, SearchOptions } from './searchIndex'
import { authorClauses, type ParsedQuery } from './searchQuery'
import { foldText } from './textAnalysis'
import { containsPhrases, quotedPhrases, snippetOf } from './textMatches'

/**
 * Hits whose snippets are cut: the text of each is read (from `pdf-text/`, cached), which is
 * affordable for a screenful of results on every keystroke, not for thousands. Later hits name
 * their pages without a snippet.
 */
export const SNIPPET_HITS = 20
/**
 * Papers whose own text is read to check a quoted phrase: the best that have all its words (the index
 * keeps no word positions), or as many as are asked for if more. A phrase of common words ("from the
 * models") would otherwise read tens of thousands of papers on each keystroke; the pages are checked
 * the same way (`PageIndex`).
 */
const PHRASE_CANDIDATES = 200

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

/**
 * A query's filters (`is:`, `tag:`…) by paper id, for the page index, the scan and papers named, and
 * as the paper index takes them: the filter sets' bits (`keyed`, a bit test by slot) and any test by id.
 */
export interface PaperFilter {
  byId: (paperId: string) => boolean
  index: Pick<SearchOptions, 'filter' | 'keyed'>
}

export function searchEverywhere(
  sources: EverywhereSources,
  q: ParsedQuery,
  paperFilter: PaperFilter | null,
  limit: number,
): { hits: EverywhereHit[]; total: number } {
  const filter = paperFilter?.byId ?? null
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
    const result = index.searchCounted(q.text, {
      limit: phrases.length === 0 ? limit : Math.max(limit, PHRASE_CANDIDATES),
      and: authorClauses(q),
      ...(scoped ? { fields: ['note'] as const } : {}),
      ...paperFilter?.index,
      // Papers found by places that match by their own text too, past the limit: counted once.
      // With a phrase, the count is of the candidates that have it: the index's is not wanted.
      ...(phrases.length === 0 ? { matchedOf: new Set(places.keys()) } : { count: false }),
    })
    if (phrases.length === 0) {
      own = result.hits
      ownTotal = result.total
      for (const id of result.matchedOf) both.add(id)
    } else {
      // Best first, the phrase read in each candidate's text; the count is of those checked.
      const verified = result.hits.filter((hit) => containsPhrases(sources.paperText(hit.id), phrases))
      for (const hit of verified) if (places.has(hit.id)) both.add(hit.id)
      own = verified.slice(0, limit)
      ownTotal = verified.length
    }
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
