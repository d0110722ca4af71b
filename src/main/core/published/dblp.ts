import { z } from 'zod'
import { httpLinkOrNull } from '../../../shared/httpLink'
import type { JsonService } from './jsonService'
import { bareDoi, doiLink, familyName, sameTitle, type Found } from './publishedVersion'

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), item]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[])
const author = z.union([z.string(), z.object({ text: z.string() })])
const info = z.object({
  title: z.string(),
  authors: z.object({ author: oneOrMany(author) }).nullish(),
  venue: oneOrMany(z.string()).nullish(),
  year: z.union([z.string(), z.number()]).nullish(),
  type: z.string().nullish(),
  doi: z.string().nullish(),
  ee: oneOrMany(z.string()).nullish(),
  url: z.string().nullish(),
})
const answer = z.object({
  result: z.object({
    hits: z.object({ hit: oneOrMany(z.object({ info: z.unknown() })).optional() }),
  }),
})

/** Where DBLP files preprints: an entry at this venue is the arXiv version itself. */
const PREPRINT_VENUE = /^corr$/i
const KINDS: Record<string, Found['type']> = {
  'Conference and Workshop Papers': 'conference',
  'Journal Articles': 'journal',
}

/**
 * DBLP's publications matching the paper's title and first author (`cs.*` papers: DBLP is computer
 * science's index). DBLP knows no arXiv ids, so a match is by title and author only: a suggestion for
 * the user to accept or reject, never taken as given.
 */
export async function searchDblp(
  service: JsonService,
  paper: { title: string; firstAuthor: string },
  opts: { signal?: AbortSignal | undefined; onWait?: (ms: number) => void },
): Promise<Found | null> {
  const query = new URLSearchParams({
    q: `${paper.title} ${familyName(paper.firstAuthor)}`.replace(/\s+/g, ' ').trim(),
    format: 'json',
    h: '100',
  })
  const reply = await service.request({
    path: `/search/publ/api?${query}`,
    signal: opts.signal,
    onWait: opts.onWait,
  })
  if (reply.kind === 'not-found') throw new Error('DBLP has no search API at this address')
  return matchDblp(reply.json, paper)
}

/**
 * The first hit whose title equals the paper's (DBLP ends titles with a period) and whose first author
 * has the paper's first author's family name, skipping CoRR (arXiv itself) and entries that are neither
 * conference nor journal papers. `author` may be one object instead of a list, `venue` a list.
 */
export function matchDblp(json: unknown, paper: { title: string; firstAuthor: string }): Found | null {
  const parsed = answer.safeParse(json)
  if (!parsed.success)
    throw new Error(`DBLP's answer is not a search result (${parsed.error.issues[0]?.message})`)
  const family = familyName(paper.firstAuthor)
  for (const hit of parsed.data.result.hits.hit ?? []) {
    const entry = info.safeParse(hit.info)
    if (!entry.success) continue
    const { title, authors, venue, year, type, doi: rawDoi, ee, url } = entry.data
    const venues = venue ?? []
    const kind = type ? KINDS[type] : undefined
    if (!kind || venues.length === 0 || venues.some((v) => PREPRINT_VENUE.test(v.trim()))) continue
    const first = authors?.author[0]
    const firstName = typeof first === 'string' ? first : first?.text
    if (!firstName || !family || familyName(firstName) !== family) continue
    if (!sameTitle(title.replace(/\.\s*$/, ''), paper.title)) continue
    const doi = bareDoi(rawDoi)
    const numericYear = year === undefined || year === null ? NaN : Number(year)
    return {
      doi,
      venue: venues.join(', '),
      year: Number.isInteger(numericYear) ? numericYear : null,
      type: kind,
      source: 'dblp',
      confidence: 'title-author',
      url:
        doiLink(doi) ??
        (ee ?? []).map((link) => httpLinkOrNull(link)).find((l) => l !== null) ??
        httpLinkOrNull(url),
    }
  }
  return null
}
