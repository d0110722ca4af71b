import type { ArxivMetadata } from '../../../shared/domain'
import { bareDoi, doiLink, isArxivDoi, typeOfVenue, yearIn, type Found } from './publishedVersion'

/**
 * What the paper's own arXiv record says (no request: it was fetched with the metadata). Authors give
 * a DOI and a journal reference when their paper appears; both are theirs to say, so the match is by
 * identifier. `complete` when both are there: no other service needs asking.
 */
export function publishedFromArxiv(
  meta: Pick<ArxivMetadata, 'doi' | 'journalRef'> | null,
): { found: Found; complete: boolean } | null {
  if (!meta) return null
  const rawDoi = bareDoi(meta.doi)
  const doi = rawDoi && !isArxivDoi(rawDoi) ? rawDoi : null
  const venue = meta.journalRef?.replace(/\s+/g, ' ').trim() || null
  if (!doi && !venue) return null
  return {
    found: {
      doi,
      venue,
      year: yearIn(venue),
      type: typeOfVenue(venue),
      source: 'arxiv',
      confidence: 'identifier',
      url: doiLink(doi),
    },
    complete: doi !== null && venue !== null,
  }
}
