import { parse as parseBibtex } from '@retorquere/bibtex-parser'
import { describe, expect, it } from 'vitest'
import { exportPapers } from '../../../src/main/core/export'
import type { Paper, PublishedAs } from '../../../src/shared/domain'
import { seedPapers } from '../export/seedLibrary'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

const icml: PublishedAs = {
  doi: '10.5555/lectern.icml.2024.07043',
  venue: 'International Conference on Machine Learning',
  year: 2024,
  type: 'conference',
  source: 'openalex',
  confidence: 'identifier',
  url: 'https://doi.org/10.5555/lectern.icml.2024.07043',
  checkedAt: '2026-12-01T10:00:00.000Z',
}
const journal: PublishedAs = {
  ...icml,
  venue: 'Journal of Machine Learning Research',
  type: 'journal',
  year: 2025,
}

async function paper(id: string, publishedAs?: PublishedAs): Promise<Paper> {
  const { lectern, papers } = await seedPapers(await tempDir(), { metadata: true })
  await lectern.close()
  const found = papers.find((p) => p.id === id)!
  return { ...found, citeKey: 'dohmatob2024tale', ...(publishedAs ? { publishedAs } : {}) }
}

describe('exports of a published paper', () => {
  it('BibTeX: @inproceedings with the venue and DOI, keeping eprint, archivePrefix, primaryClass (read by @retorquere/bibtex-parser)', async () => {
    const bib = exportPapers([await paper('2402.07043', icml)], 'bibtex')
    const parsed = parseBibtex(bib, { english: false })
    expect(parsed.errors).toEqual([])
    const [entry] = parsed.entries
    expect(entry?.type).toBe('inproceedings')
    expect(entry?.key).toBe('dohmatob2024tale')
    expect(entry?.fields.booktitle).toBe('International Conference on Machine Learning')
    expect(entry?.fields.doi).toBe('10.5555/lectern.icml.2024.07043')
    expect(entry?.fields.year).toBe('2024')
    expect(entry?.fields.eprint).toBe('2402.07043')
    expect(entry?.fields.archiveprefix).toBe('arXiv')
    expect(entry?.fields.primaryclass).toBe('cs.LG')
    expect(entry?.fields.number).toBeUndefined()
  })

  it('BibTeX: @article in a journal; a suggestion not accepted leaves the preprint (@misc)', async () => {
    const [article] = parseBibtex(exportPapers([await paper('2402.07043', journal)], 'bibtex'), {
      english: false,
    }).entries
    expect(article?.type).toBe('article')
    expect(article?.fields.journal).toBe('Journal of Machine Learning Research')
    expect(article?.fields.eprint).toBe('2402.07043')

    const suggestion: PublishedAs = { ...icml, source: 'dblp', confidence: 'title-author' }
    const [misc] = parseBibtex(exportPapers([await paper('2402.07043', suggestion)], 'bibtex'), {
      english: false,
    }).entries
    expect(misc?.type).toBe('misc')
    expect(misc?.fields.booktitle).toBeUndefined()
    const [accepted] = parseBibtex(
      exportPapers([await paper('2402.07043', { ...suggestion, accepted: true })], 'bibtex'),
      { english: false },
    ).entries
    expect(accepted?.type).toBe('inproceedings')
  })

  it('RIS and CSL-JSON likewise', async () => {
    const published = await paper('2402.07043', icml)
    const ris = exportPapers([published], 'ris')
    expect(ris).toMatch(/^TY {2}- CPAPER$/m)
    expect(ris).toMatch(/^T2 {2}- International Conference on Machine Learning$/m)
    expect(ris).toMatch(/^DO {2}- 10\.5555\/lectern\.icml\.2024\.07043$/m)
    expect(exportPapers([await paper('2402.07043', journal)], 'ris')).toMatch(/^TY {2}- JOUR$/m)
    const [item] = JSON.parse(exportPapers([published], 'csl-json'))
    expect(item).toMatchObject({
      type: 'paper-conference',
      'container-title': 'International Conference on Machine Learning',
      DOI: '10.5555/lectern.icml.2024.07043',
      'citation-key': 'dohmatob2024tale',
      issued: { 'date-parts': [[2024]] },
    })
    expect(item.URL).toBe('https://arxiv.org/abs/2402.07043v2')
  })
})
