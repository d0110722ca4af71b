import { z } from 'zod'
import type { JsonService } from './jsonService'
import { bareDoi, doiLink, isArxivDoi, typeOfVenue, type Found } from './publishedVersion'

/** Most ids one batch request may carry (the API's own limit). */
export const S2_BATCH_SIZE = 500
const FIELDS = 'externalIds,venue,publicationVenue,journal,year,publicationTypes'

const record = z.object({
  externalIds: z.record(z.string(), z.union([z.string(), z.number()]).nullable()).nullish(),
  venue: z.string().nullish(),
  publicationVenue: z.object({ name: z.string().nullish(), type: z.string().nullish() }).nullish(),
  journal: z.object({ name: z.string().nullish() }).nullish(),
  year: z.number().int().nullish(),
  publicationTypes: z.array(z.string()).nullish(),
})

/**
 * Semantic Scholar's records of up to 500 arXiv papers in one request (only with the user's own key:
 * the keyless pool is shared by everyone and mostly answers 429). The answer has the ids' length and
 * order, `null` for an id it does not know. Returns each id's published version, or null.
 */
export async function lookUpSemanticScholar(
  service: JsonService,
  arxivIds: readonly string[],
  opts: { apiKey: string; signal?: AbortSignal | undefined; onWait?: (ms: number) => void },
): Promise<Map<string, Found | null>> {
  if (arxivIds.length > S2_BATCH_SIZE) throw new RangeError(`at most ${S2_BATCH_SIZE} ids a batch`)
  const answer = await service.request({
    path: `/graph/v1/paper/batch?fields=${FIELDS}`,
    method: 'POST',
    body: { ids: arxivIds.map((id) => `arXiv:${id}`) },
    headers: { 'x-api-key': opts.apiKey },
    signal: opts.signal,
    onWait: opts.onWait,
  })
  if (answer.kind === 'not-found')
    throw new Error('Semantic Scholar has no paper/batch route at this address')
  const list = answer.json
  if (!Array.isArray(list) || list.length !== arxivIds.length)
    throw new Error(
      `Semantic Scholar answered ${Array.isArray(list) ? `${list.length} records` : 'no list'} for ${arxivIds.length} ids`,
    )
  return new Map(arxivIds.map((id, i) => [id, publishedFromSemanticScholar(list[i])]))
}

/**
 * Published when the record names a venue and is not still the preprint: a record whose DOI is arXiv's
 * or whose journal is "ArXiv" is the preprint, whatever venue label it carries (Semantic Scholar puts
 * the conference a preprint was later accepted at in `venue` while its journal stays "ArXiv").
 */
export function publishedFromSemanticScholar(json: unknown): Found | null {
  if (json === null) return null
  const parsed = record.safeParse(json)
  if (!parsed.success)
    throw new Error(`Semantic Scholar's record is not a paper (${parsed.error.issues[0]?.message})`)
  const { externalIds, venue: label, publicationVenue, journal, year, publicationTypes } = parsed.data
  const rawDoi = externalIds?.DOI
  const doi = typeof rawDoi === 'string' ? bareDoi(rawDoi) : null
  if (doi && isArxivDoi(doi)) return null
  if (journal?.name && /^\s*arxiv\b/i.test(journal.name)) return null
  const venue =
    [publicationVenue?.name, label, journal?.name]
      .map((v) => v?.trim())
      .find((v) => v && !/^arxiv\b/i.test(v)) ?? null
  if (!venue) return null
  const types = publicationTypes ?? []
  const type =
    publicationVenue?.type === 'conference' || types.includes('Conference')
      ? 'conference'
      : publicationVenue?.type === 'journal' || types.includes('JournalArticle')
        ? 'journal'
        : typeOfVenue(venue)
  return {
    doi,
    venue,
    year: year ?? null,
    type,
    source: 'semantic-scholar',
    confidence: 'identifier',
    url: doiLink(doi),
  }
}
