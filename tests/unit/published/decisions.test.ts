import { describe, expect, it } from 'vitest'
import { publishedFromArxiv } from '../../../src/main/core/published/arxivRecord'
import { matchDblp } from '../../../src/main/core/published/dblp'
import { publishedFromOpenAlex } from '../../../src/main/core/published/openAlex'
import { publishedFromSemanticScholar } from '../../../src/main/core/published/semanticScholar'
import { fixture, type RawJson } from '../../fixtures/published/fakeScholarlyServers'

const works = fixture<Record<string, RawJson>>('openalex-works.json')
const s2 = fixture<Record<string, RawJson>>('s2-papers.json')
const hits = fixture<RawJson[]>('dblp-hits.json')
const dblpAnswer = (hit: RawJson[] | RawJson | undefined) => ({
  result: {
    query: 'q',
    status: { '@code': '200', text: 'OK' },
    hits: { '@total': '1', ...(hit ? { hit } : {}) },
  },
})
const published = works['2402.07827'] as RawJson
const withLocation = (location: Record<string, unknown>) => ({
  ...published,
  primary_location: { ...(published.primary_location as object), ...location },
})

describe("arXiv's own record", () => {
  it('a DOI and a journal reference settle it; either alone is a start; arXiv DOIs are not published ones', () => {
    expect(
      publishedFromArxiv({ doi: '10.1103/PhysRevD.76.013009', journalRef: 'Phys. Rev. D 76, 013009 (2007)' }),
    ).toEqual({
      complete: true,
      found: {
        doi: '10.1103/PhysRevD.76.013009',
        venue: 'Phys. Rev. D 76, 013009 (2007)',
        year: 2007,
        type: 'journal',
        source: 'arxiv',
        confidence: 'identifier',
        url: 'https://doi.org/10.1103/PhysRevD.76.013009',
      },
    })
    expect(publishedFromArxiv({ doi: null, journalRef: 'Proceedings of ICML 2024' })).toMatchObject({
      complete: false,
      found: { type: 'conference', year: 2024, doi: null },
    })
    expect(publishedFromArxiv({ doi: '10.48550/arXiv.2402.07827', journalRef: null })).toBeNull()
    expect(publishedFromArxiv({ doi: null, journalRef: null })).toBeNull()
    expect(publishedFromArxiv(null)).toBeNull()
  })
})

describe('OpenAlex work', () => {
  it('published: a DOI that is not arXiv’s, not a preprint, not in a repository', () => {
    expect(publishedFromOpenAlex(published)).toMatchObject({
      doi: '10.5555/lectern.acl.2024.845',
      type: 'conference',
      year: 2024,
      url: 'https://doi.org/10.5555/lectern.acl.2024.845',
    })
    const journal = withLocation({ source: { display_name: 'Nature Machine Intelligence', type: 'journal' } })
    expect(publishedFromOpenAlex(journal)).toMatchObject({
      venue: 'Nature Machine Intelligence',
      type: 'journal',
    })
  })

  it('still the preprint: arXiv DOI, type preprint, a repository, a submitted version', () => {
    expect(publishedFromOpenAlex(works['2402.07456'])).toBeNull()
    expect(
      publishedFromOpenAlex({ ...published, doi: 'https://doi.org/10.48550/arxiv.2402.07827' }),
    ).toBeNull()
    expect(publishedFromOpenAlex({ ...published, type: 'preprint' })).toBeNull()
    expect(publishedFromOpenAlex(works['2402.07383'])).toBeNull()
    expect(publishedFromOpenAlex(withLocation({ version: 'submittedVersion' }))).toBeNull()
    expect(publishedFromOpenAlex({ ...published, doi: null })).toBeNull()
    expect(publishedFromOpenAlex({ ...published, primary_location: null })).toBeNull()
  })

  it('an answer that is not a work is an error, not "not published"', () => {
    expect(() => publishedFromOpenAlex({ doi: 42 })).toThrow(/not a work/)
  })
})

describe('Semantic Scholar record', () => {
  it('published: a venue and no sign of the preprint', () => {
    expect(publishedFromSemanticScholar(s2['2402.07872'])).toMatchObject({
      venue: 'International Conference on Machine Learning',
      type: 'conference',
      doi: null,
      confidence: 'identifier',
    })
    expect(
      publishedFromSemanticScholar({
        externalIds: { DOI: '10.1038/s42256-024-00001-1', ArXiv: '2402.00001' },
        venue: 'Nature Machine Intelligence',
        publicationVenue: { name: 'Nature Machine Intelligence', type: 'journal' },
        journal: { name: 'Nature Machine Intelligence', volume: '6' },
        year: 2024,
        publicationTypes: ['JournalArticle'],
      }),
    ).toMatchObject({ type: 'journal', doi: '10.1038/s42256-024-00001-1' })
  })

  it('still the preprint under a venue label: an arXiv DOI, or journal "ArXiv"', () => {
    expect(publishedFromSemanticScholar(s2['2402.07319'])).toBeNull()
    expect(publishedFromSemanticScholar(s2['2402.07876'])).toBeNull()
    expect(
      publishedFromSemanticScholar({
        ...s2['2402.07872'],
        externalIds: { DOI: '10.48550/arXiv.2402.07872' },
      }),
    ).toBeNull()
    expect(
      publishedFromSemanticScholar({ venue: 'arXiv.org', publicationVenue: null, journal: null }),
    ).toBeNull()
    expect(publishedFromSemanticScholar({ venue: '', journal: null })).toBeNull()
  })

  it('null is an unknown id', () => {
    expect(publishedFromSemanticScholar(null)).toBeNull()
  })
})

describe('DBLP search', () => {
  const prismatic = {
    title: 'Prismatic VLMs: Investigating the Design Space of Visually-Conditioned Language Models',
    firstAuthor: 'Percy Liang',
  }

  it('matches title (its period aside) and first author, skipping CoRR', () => {
    expect(matchDblp(dblpAnswer(hits), prismatic)).toMatchObject({
      venue: 'ICML',
      year: 2024,
      source: 'dblp',
      confidence: 'title-author',
      url: 'https://openreview.net/forum?id=lectern07865',
    })
    const corrOnly = hits.filter((h) => (h.info as { venue: unknown }).venue === 'CoRR')
    expect(matchDblp(dblpAnswer(corrOnly), prismatic)).toBeNull()
  })

  it('an author object instead of a list, a venue list, a homonym number', () => {
    expect(
      matchDblp(dblpAnswer(hits[2]), {
        title: 'Suppressing Pink Elephants with Direct Principle Feedback',
        firstAuthor: 'Suraj Anand',
      }),
    ).toMatchObject({ venue: 'ACL, Findings', doi: '10.5555/lectern.findings.2402.07896' })
  })

  it('another first author, another title, or no hits at all: no match', () => {
    const fiddler = {
      title: 'Fiddler: CPU-GPU Orchestration for Fast Inference of Mixture-of-Experts Models',
      firstAuthor: 'Baris Kasikci',
    }
    expect(matchDblp(dblpAnswer(hits), fiddler)).toBeNull()
    expect(matchDblp(dblpAnswer(hits), { ...prismatic, title: 'Prismatic VLMs' })).toBeNull()
    expect(matchDblp(dblpAnswer(undefined), prismatic)).toBeNull()
    expect(() => matchDblp({ error: 'x' }, prismatic)).toThrow(/not a search result/)
  })
})
