import { z } from 'zod'
import type { JsonService } from './jsonService'
import { bareDoi, doiLink, isArxivDoi, typeOfVenue, type Found } from './publishedVersion'

/** The fields of an OpenAlex work the decision reads; anything else in the answer is ignored. */
const work = z.object({
  doi: z.string().nullish(),
  type: z.string().nullish(),
  publication_year: z.number().int().nullish(),
  primary_location: z
    .object({
      version: z.string().nullish(),
      landing_page_url: z.string().nullish(),
      source: z.object({ display_name: z.string().nullish(), type: z.string().nullish() }).nullish(),
    })
    .nullish(),
})

/**
 * What OpenAlex says of an arXiv paper, looked up by its arXiv DOI (the singleton route costs nothing
 * with a key; the bare `arxiv:` route answers 404 since 2026). OpenAlex clusters the preprint with its
 * published version into one work, whose `doi` is the published one once it is known.
 * Null: OpenAlex does not know the paper, or knows only the preprint.
 */
export async function lookUpOpenAlex(
  service: JsonService,
  arxivId: string,
  opts: { apiKey: string | null; signal?: AbortSignal | undefined; onWait?: (ms: number) => void },
): Promise<Found | null> {
  const query = new URLSearchParams({ select: 'id,doi,type,publication_year,primary_location' })
  if (opts.apiKey) query.set('api_key', opts.apiKey)
  const doi = `10.48550/arXiv.${arxivId}`
  const answer = await service.request({
    path: `/works/doi:${encodeURI(doi)}?${query}`,
    signal: opts.signal,
    onWait: opts.onWait,
  })
  if (answer.kind === 'not-found') return null
  return publishedFromOpenAlex(answer.json)
}

/**
 * Published when the work's DOI is not arXiv's, its type is not `preprint`, and its primary location
 * is not a repository (nor a submitted version); the venue is that location's source.
 */
export function publishedFromOpenAlex(json: unknown): Found | null {
  const parsed = work.safeParse(json)
  if (!parsed.success) throw new Error(`OpenAlex's answer is not a work (${parsed.error.issues[0]?.message})`)
  const { doi: rawDoi, type, publication_year, primary_location } = parsed.data
  const doi = bareDoi(rawDoi)
  if (!doi || isArxivDoi(doi)) return null
  if (type === 'preprint') return null
  const source = primary_location?.source
  if (!source || source.type === 'repository') return null
  if (primary_location.version === 'submittedVersion') return null
  const venue = source.display_name?.trim() || null
  return {
    doi,
    venue,
    year: publication_year ?? null,
    type:
      source.type === 'conference'
        ? 'conference'
        : source.type === 'journal'
          ? 'journal'
          : typeOfVenue(venue),
    source: 'openalex',
    confidence: 'identifier',
    url: doiLink(doi),
  }
}
