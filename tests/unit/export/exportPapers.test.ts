import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parse as parseBibtex, type Entry } from '@retorquere/bibtex-parser'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { citePapers, exportPapers, importCitations } from '../../../src/main/core/export'
import type { Paper } from '../../../src/shared/domain'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { useTempDirs } from '../support/tempDir'
import { seedPapers } from './seedLibrary'

const tempDir = useTempDirs()
const CSL_SCHEMA = resolve(import.meta.dirname, '../../fixtures/csl/csl-data.json')

async function seeded(options = { metadata: true }): Promise<Paper[]> {
  const { lectern, papers } = await seedPapers(await tempDir(), options)
  await lectern.close()
  expect(papers).toHaveLength(16)
  return papers
}

function seedEntry(id: string) {
  const entry = seedArxivEntries[id]
  if (!entry) throw new Error(`no seed entry ${id}`)
  return { ...entry, authors: entry.authors.map((a) => (typeof a === 'string' ? a : a.name)) }
}

/** LaTeX accents (`{\\" U}`) come back from the parser as combining marks: compare composed. */
const nfc = (text: string | undefined) => text?.normalize('NFC')
const names = (entry: Entry | undefined) =>
  entry?.fields.author?.map((a) => nfc(`${a.firstName} ${a.lastName}`))

/** RIS records as tag → values, read line by line (every line must be a tag line: no wrapping). */
function risRecords(text: string): Map<string, string[]>[] {
  const records: Map<string, string[]>[] = []
  let current: Map<string, string[]> | null = null
  for (const line of text.split('\n')) {
    if (line === '') continue
    const m = /^([A-Z][A-Z0-9]) {2}- ?(.*)$/.exec(line)
    if (!m) throw new Error(`not a RIS tag line: ${JSON.stringify(line)}`)
    const [, tag = '', value = ''] = m
    if (tag === 'TY') records.push((current = new Map()))
    if (!current) throw new Error('RIS tag before TY')
    if (tag === 'ER') current = null
    else current.set(tag, [...(current.get(tag) ?? []), value])
  }
  return records
}

describe('exportPapers: BibTeX', () => {
  it('writes the seed library as BibTeX that an independent parser reads back exactly, arXiv fields included', async () => {
    const papers = await seeded()
    const bib = exportPapers(papers, 'bibtex')
    // english: false keeps titles as written (the parser sentence-cases English titles by default).
    const parsed = parseBibtex(bib, { english: false })
    expect(parsed.errors).toEqual([])
    expect(parsed.entries).toHaveLength(16)
    const byEprint = new Map<string, Entry>(parsed.entries.map((e) => [e.fields.eprint ?? '', e]))
    for (const paper of papers) {
      const seed = seedEntry(paper.id)
      const entry = byEprint.get(paper.id)
      expect(entry, paper.id).toBeDefined()
      expect(entry?.type).toBe('misc')
      expect(nfc(entry?.fields.title)).toBe(seed.title)
      expect(names(entry)).toEqual(seed.authors)
      expect(entry?.fields.year).toBe(seed.published.slice(0, 4))
      expect(entry?.fields.archiveprefix).toBe('arXiv')
      expect(entry?.fields.primaryclass).toBe(seed.primaryCategory)
      expect(entry?.fields.doi).toBe(seed.doi)
      expect(entry?.fields.url).toBe(`https://arxiv.org/abs/${paper.id}v${seed.version ?? 1}`)
    }
    // The one seed paper with a DOI carries it.
    expect(byEprint.get('2402.06859')?.fields.doi).toBe('10.5555/lectern.2402.06859')
  })

  it('keys entries first author + year + first title word, unique and independent of order', async () => {
    const papers = await seeded()
    const keys = (list: Paper[]) =>
      parseBibtex(exportPapers(list, 'bibtex'), { english: false }).entries.map((e): [string, string] => [
        e.fields.eprint ?? '',
        e.key,
      ])
    const forward = keys(papers)
    expect(forward).toContainEqual(['2402.07827', 'ko2024aya'])
    expect(forward).toContainEqual(['2402.07456', 'han2024os'])
    expect(forward).toContainEqual(['2402.07043', 'dohmatob2024tale'])
    expect(new Set(forward.map(([, key]) => key)).size).toBe(16)
    expect(new Map(keys([...papers].reverse()))).toEqual(new Map(forward))

    // Two papers that would share a key: the later id gets `b`, whichever comes first in the export.
    const aya = papers.find((p) => p.id === '2402.07827')!
    const twin: Paper = {
      ...aya,
      id: '2402.09999',
      arxivId: '2402.09999',
      meta: { ...aya.meta!, id: '2402.09999' },
    }
    expect(keys([twin, aya])).toEqual([
      ['2402.09999', 'ko2024ayab'],
      ['2402.07827', 'ko2024aya'],
    ])
  })

  it('falls back to the digest title, authors and day for a paper without its arXiv record', async () => {
    const papers = await seeded({ metadata: false })
    const aya = papers.find((p) => p.id === '2402.07827')!
    expect(aya.meta).toBeNull()
    const [entry] = parseBibtex(exportPapers([aya], 'bibtex'), { english: false }).entries
    expect(entry?.key).toBe('ko2024aya')
    expect(nfc(entry?.fields.title)).toBe(aya.title)
    expect(names(entry)).toEqual(aya.authors)
    expect(entry?.fields.year).toBe('2024')
    // `month = feb` (the BibTeX macro, read back as 2) and the day in biblatex's `date`.
    expect(entry?.fields.month).toBe('2')
    expect(entry?.fields.date).toBe('2024-02-13')
    expect(entry?.fields.eprint).toBe('2402.07827')
    expect(entry?.fields.archiveprefix).toBe('arXiv')
    expect(entry?.fields.primaryclass).toBeUndefined()
  })

  it('escapes what BibTeX would read as markup', async () => {
    const [paper] = await seeded()
    const title = 'Braces {and} 100% of $math_ & #hash: Ünïcödé'
    const bib = exportPapers([{ ...paper!, meta: { ...paper!.meta!, title } }], 'bibtex')
    const parsed = parseBibtex(bib, { english: false })
    expect(parsed.errors).toEqual([])
    expect(nfc(parsed.entries[0]?.fields.title)).toBe(title)
  })
})

describe('exportPapers: RIS', () => {
  it('writes one record per paper with title, authors, year and DOI, never wrapping a line', async () => {
    const papers = await seeded()
    const records = risRecords(exportPapers(papers, 'ris'))
    expect(records).toHaveLength(16)
    records.forEach((record, i) => {
      const seed = seedEntry(papers[i]!.id)
      expect(record.get('TI')).toEqual([seed.title])
      expect(record.get('AU')).toHaveLength(seed.authors.length)
      expect(record.get('AU')?.[0]).toBe(seed.authors[0]!.split(' ').reverse().join(', '))
      expect(record.get('PY')).toEqual([seed.published.slice(0, 4)])
      expect(record.get('DO')).toEqual(seed.doi ? [seed.doi] : undefined)
      expect(record.get('AB')).toEqual([seed.abstract.replace(/\s+/g, ' ').trim()])
    })
  })
})

describe('exportPapers: CSL-JSON', () => {
  it('validates against the official CSL-JSON schema', async () => {
    const papers = await seeded()
    const schema = JSON.parse(await readFile(CSL_SCHEMA, 'utf8')) as object
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
    const data = JSON.parse(exportPapers(papers, 'csl-json')) as {
      id: string
      number: string
      DOI?: string
    }[]
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true)
    expect(data).toHaveLength(16)
    expect(data[0]).toMatchObject({
      id: 'ko2024aya',
      'citation-key': 'ko2024aya',
      type: 'article',
      number: 'arXiv:2402.07827',
      publisher: 'arXiv',
    })
    expect(data.find((item) => item.number === 'arXiv:2402.06859')?.DOI).toBe('10.5555/lectern.2402.06859')

    // The schema check can fail: an item the schema forbids is caught.
    expect(validate([{ ...data[0], eprint: '2402.07827' }])).toBe(false)
    // Papers without metadata validate too.
    expect(validate(JSON.parse(exportPapers(await seeded({ metadata: false }), 'csl-json')))).toBe(true)
  })
})

describe('export → import round trip', () => {
  it.each(['bibtex', 'csl-json'] as const)(
    '%s export reads back with the same arXiv ids, DOIs, titles and authors',
    async (format) => {
      const papers = await seeded()
      const { entries, problems } = importCitations(exportPapers(papers, format), format)
      expect(problems).toEqual([])
      expect(entries).toEqual(
        papers.map((p) => {
          const seed = seedEntry(p.id)
          return { arxivId: p.id, doi: seed.doi ?? null, title: seed.title, authors: seed.authors }
        }),
      )
    },
  )
})

describe('exportPapers: Markdown reading list', () => {
  it('lists linked titles, authors, year, arXiv links and the first lines of notes', async () => {
    const papers = await seeded()
    const notes = new Map([
      [
        '2402.07827',
        'Multilingual [baseline] for *our* eval.\n\nCompare with mT0.\nAsk about data.\nA fourth line',
      ],
    ])
    const md = exportPapers(papers.slice(0, 3), 'markdown', { notes })
    expect(md).toContain(
      '- [Aya Model: An Instruction Finetuned Open-Access Multilingual Language Model](https://arxiv.org/abs/2402.07827v2)\\\n' +
        '  Wei-Yin Ko, Shivalika Singh, Shayne Longpre et al. (2024) · [arXiv:2402.07827](https://arxiv.org/abs/2402.07827)\n' +
        '\n' +
        '  > Multilingual [baseline] for *our* eval.\n' +
        '  > Compare with mT0.\n' +
        '  > Ask about data. …\n',
    )
    expect(md).toContain(
      'Baris Kasikci, Yile Gu, Kan Zhu, Keisuke Kamahori (2024) · [arXiv:2402.07033](https://arxiv.org/abs/2402.07033)',
    )
    expect(md).not.toContain('A fourth line')
    expect(md.match(/^- \[/gm)).toHaveLength(3)
  })

  it('escapes Markdown in titles and link targets', async () => {
    const [paper] = await seeded({ metadata: false })
    const md = exportPapers(
      [{ ...paper!, title: 'A [bracketed] *title* <b>', url: 'https://example.org/a paper (v2)' }],
      'markdown',
    )
    expect(md).toContain(
      '- [A \\[bracketed\\] \\*title\\* \\<b\\>](https://example.org/a%20paper%20%28v2%29)\\',
    )
  })
})

describe('citePapers', () => {
  // citeproc-js takes seconds to build its engine for a style the first time (APA's style is large).
  it(
    'formats APA, Vancouver and Harvard citations with the arXiv id and link',
    { timeout: 60_000 },
    async () => {
      const papers = await seeded()
      const fiddler = papers.filter((p) => p.id === '2402.07033')
      expect(citePapers(fiddler, 'apa')).toBe(
        'Kasikci, B., Gu, Y., Zhu, K., & Kamahori, K. (2024). Fiddler: CPU-GPU Orchestration for Fast Inference of Mixture-of-Experts Models (arXiv:2402.07033). arXiv. https://arxiv.org/abs/2402.07033v1\n',
      )
      expect(citePapers(fiddler, 'vancouver')).toBe(
        '1. Kasikci B, Gu Y, Zhu K, Kamahori K. Fiddler: CPU-GPU Orchestration for Fast Inference of Mixture-of-Experts Models [Internet]. arXiv; 2024. Available from: https://arxiv.org/abs/2402.07033v1\n',
      )
      expect(citePapers(fiddler, 'harvard1')).toBe(
        'Kasikci, B. et al. (2024) “Fiddler: CPU-GPU Orchestration for Fast Inference of Mixture-of-Experts Models.” arXiv. Available at: https://arxiv.org/abs/2402.07033v1.\n',
      )
      // A DOI, when known, is what APA links.
      expect(
        citePapers(
          papers.filter((p) => p.id === '2402.06859'),
          'apa',
        ),
      ).toContain('https://doi.org/10.5555/lectern.2402.06859')
      expect(citePapers(papers, 'apa').trim().split('\n')).toHaveLength(16)
    },
  )
})

describe('exports as Zotero and biblatex read them back', () => {
  it('says "and others" when the digest elided authors, in each format’s own way', async () => {
    const papers = await seeded({ metadata: false })
    const pivot = papers.find((p) => p.id === '2402.07872')!
    expect([pivot.authorsElided, pivot.authors.length]).toEqual([true, 22])
    const [entry] = parseBibtex(exportPapers([pivot], 'bibtex'), { english: false }).entries
    expect(entry?.fields.author).toHaveLength(23)
    expect(entry?.fields.author?.at(-1)).toEqual({ lastName: 'others' })
    expect(exportPapers([pivot], 'bibtex')).toMatch(/and Vuong, Quan and others\},$/m)

    const [record] = risRecords(exportPapers([pivot], 'ris'))
    expect(record?.get('AU')).toHaveLength(22)
    expect(record?.get('N1')?.[0]).toMatch(/^Author list incomplete/)

    const [item] = JSON.parse(exportPapers([pivot], 'csl-json')) as { author: object[] }[]
    expect(item?.author.at(-1)).toEqual({ literal: 'others' })

    // A paper whose list is complete has no marker; neither has one whose arXiv record arrived.
    const aya = papers.find((p) => p.id === '2402.07827')!
    expect(aya.authorsElided).toBe(false)
    expect(exportPapers([aya], 'bibtex')).not.toContain('others')
    const withMeta = (await seeded()).find((p) => p.id === '2402.07872')!
    expect(exportPapers([withMeta], 'bibtex')).not.toContain('others')
    expect(exportPapers([withMeta], 'ris')).not.toContain('incomplete')
  })

  it('types arXiv papers as unpublished work in RIS, with zero-padded dates', async () => {
    const papers = await seeded()
    const records = risRecords(exportPapers(papers, 'ris'))
    expect(new Set(records.map((r) => r.get('TY')?.[0]))).toEqual(new Set(['UNPB']))
    const fiddler = records.find((r) => r.get('C7')?.[0] === 'arXiv:2402.07033')
    expect(fiddler?.get('DA')).toEqual(['2024/02/10/'])
    for (const r of records) expect(r.get('DA')?.[0]).toMatch(/^\d{4}\/\d{2}\/\d{2}\/$/)
  })

  it('exports a journal_ref as the note in BibTeX, RIS and CSL-JSON', async () => {
    const [paper] = await seeded()
    const journalRef = 'Phys. Rev. D 76, 013009 (2007)'
    const published = { ...paper!, meta: { ...paper!.meta!, journalRef } }
    const [entry] = parseBibtex(exportPapers([published], 'bibtex'), { english: false }).entries
    expect(entry?.fields.note).toBe(journalRef)
    expect(risRecords(exportPapers([published], 'ris'))[0]?.get('N1')).toEqual([journalRef])
    const [item] = JSON.parse(exportPapers([published], 'csl-json')) as { note?: string }[]
    expect(item?.note).toBe(journalRef)
    expect(exportPapers([paper!], 'bibtex')).not.toContain('note =')
  })

  it('drops emoji from BibTeX titles without leaving stray spaces; keeps them in RIS and CSL', async () => {
    const [paper] = await seeded()
    const title = '🤗 PaLM 🌴: Scaling Language 👩🏽‍💻 Models 🚀 to 1.5× 🇰🇷'
    const emoji = { ...paper!, meta: { ...paper!.meta!, title } }
    const [entry] = parseBibtex(exportPapers([emoji], 'bibtex'), { english: false }).entries
    expect(entry?.fields.title).toBe('PaLM: Scaling Language Models to 1.5×')
    expect(risRecords(exportPapers([emoji], 'ris'))[0]?.get('TI')).toEqual([title])
    expect((JSON.parse(exportPapers([emoji], 'csl-json')) as { title: string }[])[0]?.title).toBe(title)
  })
})
