import type { PublishedAs } from '../../../shared/domain'
import { httpLinkOrNull } from '../../../shared/httpLink'
import { foldText } from '../../../shared/foldText'

/** What a resolver found: a published version, without the time it was found (the service stamps it). */
export type Found = Omit<PublishedAs, 'checkedAt'>

/** arXiv's own DOIs (`10.48550/arXiv.2402.07827`) name the preprint, never a published version. */
export function isArxivDoi(doi: string): boolean {
  return /^10\.48550\//i.test(doi.trim())
}

/** A DOI from `https://doi.org/10.…`, `doi:10.…` or bare `10.…`; null when it is none. */
export function bareDoi(text: unknown): string | null {
  if (typeof text !== 'string') return null
  const doi = text
    .trim()
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '')
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null
}

export function doiLink(doi: string | null): string | null {
  return doi ? httpLinkOrNull(`https://doi.org/${doi}`) : null
}

// Conference names, and the words proceedings carry; what is not one of these is taken as a journal.
const CONFERENCE =
  /\b(proc\.?|proceedings|conference|conf\.|workshop|symposium|neurips|nips|icml|iclr|cvpr|iccv|eccv|acl|emnlp|naacl|eacl|coling|aaai|ijcai|kdd|sigir|www|chi|uist|siggraph|interspeech|icassp|corl|icra|iros|rss|aistats|uai|colt|mlsys|osdi|sosp|nsdi|usenix|isca|micro|asplos|pldi|popl|icse|fse|ccs|ndss)\b/i

/** Conference or journal, from a venue's name alone (arXiv's journal_ref, a label without a type). */
export function typeOfVenue(venue: string | null): 'conference' | 'journal' {
  return venue && CONFERENCE.test(venue) ? 'conference' : 'journal'
}

/** The last plausible year a text names (`… (2024)`), or null. */
export function yearIn(text: string | null): number | null {
  const years = text?.match(/\b(19[5-9]\d|20\d\d)\b/g)
  return years ? Number(years[years.length - 1]) : null
}

/** What a suggestion is remembered by once rejected: its DOI, else where it says it appeared. */
export function suggestionKey(found: Pick<Found, 'doi' | 'source' | 'venue' | 'year'>): string {
  if (found.doi) return `doi:${found.doi.toLowerCase()}`
  return `${found.source}:${foldText(found.venue ?? '')}|${found.year ?? ''}`
}

/** Titles compared as words only: case, accents, punctuation and DBLP's closing period do not count. */
export function sameTitle(a: string, b: string): boolean {
  const norm = (t: string) =>
    foldText(t)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  return norm(a) !== '' && norm(a) === norm(b)
}

/** A person's family name for matching: the last word, without DBLP's homonym number (`Wei Liu 0001`). */
export function familyName(name: string): string {
  const words = foldText(name.replace(/\s+\d{4}$/, ''))
    .replace(/[^a-z\s-]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !/^(jr|sr|ii|iii|iv)$/.test(w))
  return words[words.length - 1] ?? ''
}
