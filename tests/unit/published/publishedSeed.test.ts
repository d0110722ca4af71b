import { afterEach, describe, expect, it } from 'vitest'
import { Lectern, type LecternOptions } from '../../../src/main/core/lectern'
import type { PublishedAs } from '../../../src/shared/domain'
import { FakeClock } from '../../fixtures/arxiv/fakeClock'
import { startFakeArxiv, type FakeArxiv } from '../../fixtures/arxiv/fakeArxivServer'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { startFakeScholarly, type FakeScholarly } from '../../fixtures/published/fakeScholarlyServers'
import { SEED_DIGEST } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
let arxiv: FakeArxiv | null = null
let scholarly: FakeScholarly | null = null
let open: Lectern | null = null
afterEach(async () => {
  await open?.close()
  await arxiv?.close()
  await scholarly?.close()
  open = arxiv = scholarly = null
})

const DAY = 86_400_000

/** The seed library with its arXiv records, pointed at the fake services (virtual time for their pacing). */
async function seeded(now: { t: number }, extra: Partial<LecternOptions> = {}) {
  arxiv ??= await startFakeArxiv({ entries: seedArxivEntries })
  scholarly ??= await startFakeScholarly()
  const dataDir = await tempDir()
  const options: LecternOptions = {
    dataDir,
    lock: { kind: 'cli' },
    arxivBaseUrl: arxiv.url,
    openAlexBaseUrl: scholarly.openAlex.url,
    semanticScholarBaseUrl: scholarly.semanticScholar.url,
    dblpBaseUrl: scholarly.dblp.url,
    serviceKeys: { 'semantic-scholar': 's2-test-key' },
    clock: new FakeClock(),
    now: () => new Date(now.t),
    ...extra,
  }
  open = await Lectern.open(options)
  await open.digests.importPaths([SEED_DIGEST])
  const meta = await open.metadata.fetch('missing')
  expect(meta.fetched).toHaveLength(16)
  return { lectern: open, options }
}

const summary = (p: PublishedAs) => [p.source, p.confidence, p.venue, p.year, p.doi, p.type]
const count = (s: FakeScholarly) => ({
  openAlex: s.openAlex.requests.length,
  semanticScholar: s.semanticScholar.requests.length,
  dblp: s.dblp.requests.length,
})

describe('published versions of the seed library, from the fake OpenAlex, Semantic Scholar and DBLP', () => {
  it('finds the published versions the fixtures hold, suggests the title matches, and none wrong', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') }
    const { lectern } = await seeded(now)
    const report = await lectern.published.check('all')

    const found = Object.fromEntries(report.found.map((f) => [f.id, summary(f.publishedAs)]))
    expect(found).toEqual({
      '2402.07827': [
        'openalex',
        'identifier',
        'Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)',
        2024,
        '10.5555/lectern.acl.2024.845',
        'conference',
      ],
      // arXiv's journal_ref named ICML without a DOI: OpenAlex completes it.
      '2402.07043': [
        'openalex',
        'identifier',
        'International Conference on Machine Learning',
        2024,
        '10.5555/lectern.icml.2024.07043',
        'conference',
      ],
      '2402.07872': [
        'semantic-scholar',
        'identifier',
        'International Conference on Machine Learning',
        2024,
        null,
        'conference',
      ],
      // Only arXiv's record knows it (a DOI, no venue); no service does.
      '2402.06859': ['arxiv', 'identifier', null, null, '10.5555/lectern.2402.06859', 'journal'],
    })
    const suggested = Object.fromEntries(report.suggested.map((f) => [f.id, summary(f.publishedAs)]))
    expect(suggested).toEqual({
      '2402.07865': ['dblp', 'title-author', 'ICML', 2024, null, 'conference'],
      // A single author as an object, the venue as a list.
      '2402.07896': [
        'dblp',
        'title-author',
        'ACL, Findings',
        2024,
        '10.5555/lectern.findings.2402.07896',
        'conference',
      ],
    })
    // The preprint-only answers (arXiv DOI, type preprint, a repository, "ArXiv" journal under a venue
    // label, CoRR, another first author) are not published.
    expect(report.notFound.sort()).toEqual(
      [
        '2402.07456',
        '2402.07033',
        '2402.07383',
        '2402.06852',
        '2402.07876',
        '2402.07871',
        '2402.07319',
        '2402.07207',
        '2402.07625',
        '2402.07610',
      ].sort(),
    )
    expect(report.pending).toEqual([])

    // Stored beside the arXiv record, which is unchanged.
    const paper = lectern.papers.get('2402.07043').paper
    expect(paper.meta?.journalRef).toBe(seedArxivEntries['2402.07043']?.journalRef)
    expect(paper.publishedAs?.source).toBe('openalex')

    // Cheapest first: one OpenAlex lookup each, one Semantic Scholar batch for the 14 left, DBLP only
    // for the papers in computer science (cross-lists too: 2402.07383 is eess.AS and cs.CL) nothing
    // else placed.
    const s = scholarly as FakeScholarly
    expect(count(s)).toEqual({ openAlex: 16, semanticScholar: 1, dblp: 13 })
    expect(s.openAlex.requests[0]).toMatch(/^GET \/works\/doi:10\.48550\/arXiv\.\d{4}\.\d{5}\?select=/)
    expect((s.semanticScholar.bodies[0] as { ids: string[] }).ids).toHaveLength(14)
    expect((s.semanticScholar.bodies[0] as { ids: string[] }).ids[0]).toMatch(/^arXiv:/)
  })

  it('asks nothing again within the month, and asks again about the unfound after it', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') }
    const { lectern } = await seeded(now)
    await lectern.published.check('all')
    const s = scholarly as FakeScholarly
    const before = count(s)

    now.t += 29 * DAY
    const again = await lectern.published.check('all')
    expect(count(s)).toEqual(before)
    expect(again.alreadyKnown).toHaveLength(4)
    expect(again.recentlyChecked).toHaveLength(12)

    now.t += 2 * DAY
    const later = await lectern.published.check('all')
    expect(later.alreadyKnown).toHaveLength(4)
    // The 10 not found and the 2 suggestions are asked about again; published ones are not.
    expect(s.openAlex.requests.length - before.openAlex).toBe(12)
  })

  it('a suggestion accepted or rejected stays so after a restart, and a rejected one is never offered again', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') }
    const { lectern, options } = await seeded(now)
    await lectern.published.check('all')
    expect(await lectern.published.decide('2402.07865', 'accept')).toMatchObject({
      venue: 'ICML',
      accepted: true,
    })
    expect(await lectern.published.decide('2402.07896', 'reject')).toBeNull()
    await expect(lectern.published.decide('2402.07827', 'reject')).rejects.toThrow(/no suggested/)
    await lectern.close()

    open = await Lectern.open(options)
    const reopened = open
    expect(reopened.papers.get('2402.07865').paper.publishedAs).toMatchObject({
      accepted: true,
      source: 'dblp',
    })
    expect(reopened.papers.get('2402.07896').paper.publishedAs).toBeUndefined()
    expect(reopened.papers.get('2402.07896').paper.publicationCheck?.rejected).toEqual([
      'doi:10.5555/lectern.findings.2402.07896',
    ])
    const published = reopened.papers.list({ smart: 'published' }).map((r) => r.id)
    expect(published.sort()).toEqual(['2402.06859', '2402.07043', '2402.07827', '2402.07865', '2402.07872'])
    expect(reopened.papers.list({ smart: 'preprint' })).toHaveLength(11)

    // Asked again (forced): DBLP offers the same match, which stays rejected; the accepted one stays accepted.
    const forced = await reopened.published.check(['2402.07896', '2402.07865'], { force: true })
    expect(forced.suggested).toEqual([])
    expect(forced.notFound).toEqual(['2402.07896'])
    expect(forced.found.map((f) => f.id)).toEqual(['2402.07865'])
    expect(reopened.papers.get('2402.07896').paper.publishedAs).toBeUndefined()
    expect(reopened.papers.get('2402.07865').paper.publishedAs?.accepted).toBe(true)
  })

  it('without a Semantic Scholar key it is never asked; a service that is down leaves papers to try again', async () => {
    const now = { t: Date.parse('2026-12-01T10:00:00Z') }
    const { lectern } = await seeded(now, { serviceKeys: {} })
    const s = scholarly as FakeScholarly
    // OpenAlex answers 503 to everything; its retries are waited out in virtual time.
    s.openAlex.setBehaviour({ kind: 'status', status: 503, times: 1000 })
    const report = await lectern.published.check('all')
    expect(s.semanticScholar.requests).toEqual([])
    // OpenAlex was tried (4 times) for the first paper, then not asked about the rest in this run.
    expect(s.openAlex.requests).toHaveLength(4)
    // DBLP still answered: its matches are suggested; arXiv's complete answers need no service.
    expect(report.suggested.map((f) => f.id).sort()).toEqual(['2402.07865', '2402.07896'])
    expect(report.pending.length).toBe(14)
    expect(report.pending[0]?.reason).toMatch(
      /OpenAlex: OpenAlex could not be reached after 4 tries \(HTTP 503\)/,
    )
    // Nothing pending was marked checked: the next run asks again.
    s.openAlex.setBehaviour({ kind: 'normal' })
    const next = await lectern.published.check('all')
    expect(next.found.map((f) => f.id).sort()).toEqual(['2402.06859', '2402.07043', '2402.07827'])
  })
})
