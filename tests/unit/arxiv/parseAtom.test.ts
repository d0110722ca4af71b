import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { InvalidFeedError, parseAtomFeed } from '../../../src/main/core/arxiv/parseAtom'
import type { ArxivMetadata } from '../../../src/shared/domain'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/arxiv/${name}`, import.meta.url), 'utf8')

const byId = (entries: ArxivMetadata[]): Map<string, ArxivMetadata> => new Map(entries.map((e) => [e.id, e]))

const AYA: ArxivMetadata = {
  id: '2402.07827',
  version: 2,
  title: 'Aya Model: An Instruction Finetuned Open-Access Multilingual Language Model',
  abstract:
    'Recent breakthroughs in large language models (LLMs) have centered around a handful of data-rich languages. What does it take to broaden access to breakthroughs beyond first-class citizen languages? Our work introduces Aya, a massively multilingual generative language model that follows instructions in 101 languages of which over 50% are considered as lower-resourced. Aya outperforms mT0 and BLOOMZ on the majority of tasks while covering double the number of languages. We introduce extensive new evaluation suites that broaden the state-of-art for multilingual eval across 99 languages -- including discriminative and generative tasks, human evaluation, and simulated win rates that cover both held-out tasks and in-distribution performance.',
  authors: [
    { name: 'Ahmet Üstün', affiliations: ['Cohere For AI'] },
    { name: 'Viraat Aryabumi', affiliations: [] },
    { name: 'Zheng-Xin Yong', affiliations: ['Brown University'] },
    { name: 'Wei-Yin Ko', affiliations: [] },
    { name: "Daniel D'souza", affiliations: [] },
    { name: 'Sara Hooker', affiliations: ['Cohere For AI'] },
  ],
  published: '2024-02-12T17:34:13Z',
  updated: '2024-02-14T09:02:51Z',
  primaryCategory: 'cs.CL',
  categories: ['cs.CL'],
  doi: null,
  journalRef: null,
  comment: 'Model and data are available at https://hf.co/CohereForAI/aya-101',
  absUrl: 'https://arxiv.org/abs/2402.07827v2',
  pdfUrl: 'https://arxiv.org/pdf/2402.07827v2',
}

describe('parseAtomFeed', () => {
  it('reads the classic layout: wrapped text unwrapped, links made https, every field kept', () => {
    const feed = parseAtomFeed(fixture('classic-multi.xml'))
    expect(feed.errors).toEqual([])
    expect(feed.totalResults).toBe(3)
    expect(feed.entries.map((e) => e.id)).toEqual(['2402.07827', '2402.07033', '2402.07456'])
    expect(byId(feed.entries).get('2402.07827')).toEqual(AYA)
    const fiddler = byId(feed.entries).get('2402.07033')
    expect(fiddler?.title).toBe(
      'Fiddler: CPU-GPU Orchestration for Fast Inference of Mixture-of-Experts Models',
    )
    // LaTeX stays readable as written; entities are decoded.
    expect(fiddler?.abstract).toContain('to generate over $3$ tokens per second')
    expect(fiddler?.abstract).toMatch(/existing methods & baselines\.$/)
    expect(fiddler?.categories).toEqual(['cs.LG', 'cs.DC', 'cs.OS'])
    expect(fiddler).toMatchObject({ version: 1, comment: null, doi: null, journalRef: null })
  })

  it('gives the same metadata for the same papers in the classic and the Nov 2025 layouts', () => {
    const classic = byId(parseAtomFeed(fixture('classic-multi.xml')).entries)
    const modern = parseAtomFeed(fixture('modern.xml'))
    expect(modern.totalResults).toBe(3)
    expect(modern.entries).toHaveLength(3)
    for (const entry of modern.entries) expect(entry).toEqual(classic.get(entry.id))
    expect(byId(modern.entries).get('2402.07827')).toEqual(AYA)
  })

  it('derives abs and pdf links from the id when the links carry no rel/title', () => {
    const classic = byId(parseAtomFeed(fixture('classic-multi.xml')).entries)
    const bare = parseAtomFeed(fixture('modern-bare-links.xml')).entries
    expect(bare).toHaveLength(3)
    for (const entry of bare) expect(entry).toEqual(classic.get(entry.id))
    expect(byId(bare).get('2402.07456')?.pdfUrl).toBe('https://arxiv.org/pdf/2402.07456v2')
  })

  it("reports arXiv's Error entry for a malformed id instead of a paper called 'Error'", () => {
    const feed = parseAtomFeed(fixture('error-malformed-id.xml'))
    expect(feed.entries).toEqual([])
    expect(feed.errors).toEqual([
      { id: '1234.12345', message: 'incorrect id format for 1234.12345', kind: 'rejected' },
    ])
    expect(feed.totalResults).toBe(1)
  })

  it('reads an empty result', () => {
    expect(parseAtomFeed(fixture('empty.xml'))).toEqual({ entries: [], errors: [], totalResults: 0 })
  })

  it('skips the empty entries arXiv sends for unknown ids', () => {
    const feed = parseAtomFeed(fixture('missing-id.xml'))
    expect(feed.errors).toEqual([])
    expect(feed.entries.map((e) => e.id)).toEqual(['2402.07872'])
    expect(feed.entries[0]?.categories).toEqual(['cs.RO', 'cs.CL', 'cs.CV', 'cs.LG'])
  })

  it('keeps affiliations, DOI, journal reference and comment', () => {
    const [entry, ...rest] = parseAtomFeed(fixture('affiliations-doi.xml')).entries
    expect(rest).toEqual([])
    expect(entry).toMatchObject({
      id: '2402.06859',
      version: 2,
      doi: '10.5555/lectern.2402.06859',
      journalRef:
        'Proceedings of the 30th ACM SIGKDD Conference on Knowledge Discovery and Data Mining (KDD 2024) 4804-4815',
      comment: 'Accepted at KDD 2024; 10 pages, 5 figures',
      primaryCategory: 'cs.LG',
      categories: ['cs.LG', 'cs.AI', 'cs.IR'],
      absUrl: 'https://arxiv.org/abs/2402.06859v2',
      pdfUrl: 'https://arxiv.org/pdf/2402.06859v2',
    })
    expect(entry?.authors).toEqual([
      { name: 'Fedor Borisyuk', affiliations: ['LinkedIn', 'Mountain View, CA'] },
      { name: 'Mingzhou Zhou', affiliations: ['LinkedIn'] },
      { name: 'Qingquan Song', affiliations: [] },
      { name: 'Siyu Zhu', affiliations: ['LinkedIn'] },
    ])
  })

  it('reads an old-style id and normalises offset dates to UTC', () => {
    const [entry] = parseAtomFeed(fixture('old-style-id.xml')).entries
    expect(entry).toMatchObject({
      id: 'hep-th/9901001',
      version: 1,
      published: '1999-01-04T17:52:10Z',
      updated: '1999-01-04T17:52:10Z',
      primaryCategory: 'hep-th',
      categories: ['hep-th', 'math.QA'],
      absUrl: 'https://arxiv.org/abs/hep-th/9901001v1',
      pdfUrl: 'https://arxiv.org/pdf/hep-th/9901001v1',
    })
    expect(entry?.abstract).toContain('the fusion rules $N_{ij}^{\\;k}$. We comment')
    expect(entry?.title).toBe(
      'Conformal Boundary Conditions and Three-Dimensional Topological Field Theory on a Toy Lattice',
    )
  })

  it("reads the user manual's own example, taking the version from the links when the id has none", () => {
    const feed = parseAtomFeed(fixture('manual-example.xml'))
    expect(feed.totalResults).toBe(1000)
    expect(feed.entries).toEqual([
      expect.objectContaining({
        id: 'hep-ex/0307015',
        version: 1,
        title: 'Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA',
        authors: [{ name: 'H1 Collaboration', affiliations: [] }],
        published: '2003-07-07T17:46:39Z',
        journalRef: 'Eur.Phys.J. C31 (2003) 17-29',
        comment: '23 pages, 8 figures and 4 tables',
        absUrl: 'https://arxiv.org/abs/hep-ex/0307015v1',
      }),
    ])
    expect(feed.entries[0]?.abstract).toMatch(
      /^Multi-electron production .* of 0\.30 \\pm 0\.04 and 0\.23 \\pm 0\.04, respectively\.$/,
    )
  })

  it('decodes numeric character references', () => {
    const xml = fixture('modern.xml').replace("Daniel D'souza", 'Daniel D&#39;souza &#x00DC;')
    expect(byId(parseAtomFeed(xml).entries).get('2402.07827')?.authors[4]?.name).toBe("Daniel D'souza Ü")
  })

  it('rejects a body cut off mid-feed, even though the XML parser would accept it', () => {
    const xml = fixture('classic-multi.xml')
    for (const cut of [xml.length - 10, Math.floor(xml.length / 2), 200]) {
      expect(() => parseAtomFeed(xml.slice(0, cut))).toThrow(InvalidFeedError)
    }
  })

  it('rejects bodies that are not Atom feeds', () => {
    expect(() => parseAtomFeed('Rate exceeded.')).toThrow(InvalidFeedError)
    expect(() => parseAtomFeed('<html><body>Service unavailable</body></html>')).toThrow(InvalidFeedError)
    expect(() => parseAtomFeed('<feed><entry><title>x</entry></feed>')).toThrow(/not well-formed/)
  })

  it('reports an entry without a title as unusable rather than inventing one', () => {
    const xml = fixture('modern.xml').replace(
      '<title>Fiddler: CPU-GPU Orchestration for Fast Inference of Mixture-of-Experts Models</title>',
      '<title></title>',
    )
    const feed = parseAtomFeed(xml)
    expect(feed.entries.map((e) => e.id).sort()).toEqual(['2402.07456', '2402.07827'])
    expect(feed.errors).toEqual([{ id: '2402.07033', message: 'the entry has no title', kind: 'malformed' }])
  })
})
