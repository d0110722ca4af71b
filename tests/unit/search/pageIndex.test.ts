import { readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { PdfTextStore } from '../../../src/main/core/fulltext/pdfTextStore'
import { PageIndex } from '../../../src/main/core/search/pageIndex'
import { searchEverywhere } from '../../../src/main/core/search/searchEverywhere'
import { framed, SearchIndex, unframe, type SearchDoc } from '../../../src/main/core/search/searchIndex'
import { parseSearchQuery } from '../../../src/main/core/search/searchQuery'
import type { Annotation } from '../../../src/shared/domain'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { zipfPages } from '../../fixtures/pages/zipfPages'
import { seededRandom } from '../../fixtures/seededRandom'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'
import { highlightWithComment } from '../../fixtures/pages/highlight'

const tempDir = useTempDirs()

const PDFS = 40
const PAGES = 6
/** Words found on one page only, each at a known place: page 4 of PDF 7, page 2 of PDF 21. */
const RARE_PAGE = 'zygomorphic quadrilateral eigenbasis'
const RARE_NOTE = 'quadrilateral eigenbasis with care'

interface Corpus {
  dir: string
  texts: PdfTextStore
  papers: SearchIndex
  notes: Map<string, string>
  annotations: Annotation[]
  owner: Map<string, string>
}

const shaOf = (i: number) => i.toString(16).padStart(64, '0')
const paperOf = (i: number) => `2402.${String(10000 + i)}`

/** A small library: 40 papers with abstracts, 40 PDFs of 6 pages of Zipf text, notes and highlights. */
async function makeCorpus(): Promise<Corpus> {
  const dir = await tempDir()
  const rand = seededRandom(7)
  const abstracts = Array.from({ length: PDFS }, (_, i) =>
    zipfPages({ seed: 100 + i, texts: [], vocabulary: 400 }).page(60),
  )
  const words = zipfPages({ seed: 3, texts: abstracts, vocabulary: 2_000 })
  const texts = new PdfTextStore(dir)
  const notes = new Map<string, string>()
  const annotations: Annotation[] = []
  const owner = new Map<string, string>()
  const docs: SearchDoc[] = []
  for (let i = 0; i < PDFS; i++) {
    const id = paperOf(i)
    owner.set(shaOf(i), id)
    if (i % 5 === 0) notes.set(id, `${words.page(12)}${i === 15 ? RARE_NOTE : ''}`)
    docs.push({
      id,
      title: words.page(8),
      authors: 'Ada Lovelace, Alan Turing',
      abstract: abstracts[i] as string,
      summary: '',
      note: notes.get(id) ?? '',
      tags: '',
    })
    const pages = Array.from({ length: PAGES }, () => words.page(150 + Math.floor(rand() * 100)))
    if (i === 7) pages[3] = `${pages[3] as string} ${RARE_PAGE} ${words.page(20)}`
    if (i === 21) pages[1] = `${words.page(20)} the ${RARE_PAGE}.`
    await texts.write({ sha256: shaOf(i), state: 'text', pages, extractedAt: '2026-01-01T00:00:00.000Z' })
    if (i % 4 === 0)
      annotations.push(highlightWithComment(`h${i}`, id, 1 + (i % PAGES), `${words.page(6)} eigenbasis`))
  }
  const papers = new SearchIndex()
  papers.addAll(docs)
  return { dir, texts, papers, notes, annotations, owner }
}

function pageIndexOf(corpus: Corpus, log: string[] = []): PageIndex {
  return new PageIndex({
    file: join(corpus.dir, 'page-index.bin'),
    page: (sha, page) => corpus.texts.readPage(sha, page),
    papersOf: (sha) => {
      const id = corpus.owner.get(sha)
      return id === undefined ? [] : [id]
    },
    log: (line) => log.push(line),
  })
}

async function builtIndex(corpus: Corpus): Promise<PageIndex> {
  const pages = pageIndexOf(corpus)
  expect(await pages.load(corpus.annotations)).toBe(false)
  for (let i = 0; i < PDFS; i++) pages.addFile(corpus.texts.read(shaOf(i)) ?? expect.fail(`no text ${i}`))
  return pages
}

/** Everything a hit shows: paper, terms, and each match's place, page and snippet. */
function answer(corpus: Corpus, pages: PageIndex, q: string, limit = 20) {
  const result = searchEverywhere(
    {
      index: corpus.papers,
      pages,
      paperText: (id) => `${id} ${corpus.notes.get(id) ?? ''}`,
      noteText: (id) => corpus.notes.get(id) ?? '',
      paperAuthors: () => 'Ada Lovelace, Alan Turing',
    },
    parseSearchQuery(q),
    null,
    limit,
  )
  return {
    total: result.total,
    hits: result.hits.map((h) => ({
      id: h.id,
      terms: [...h.terms].sort(),
      matches: h.matches.map(
        (m) => `${m.in} p.${m.page ?? '-'} ${m.snippet ?? ''} ${JSON.stringify(m.marks)}`,
      ),
    })),
  }
}

const QUERIES = [
  'eigenbasis ',
  `"${RARE_PAGE}" `,
  '"eigenbasis zygomorphic" ',
  'in:pdf zygomorphic ',
  'in:note quadrilateral ',
  'in:highlight eigenbasis ',
  'in:pdf "quadrilateral eigenbasis" ',
  'the ',
  'qu',
  'eig',
]

/**
 * Queries whose answers were recorded before the page index became compact (postings decoded per
 * term, phrases and prefixes answered from the rarest postings): phrases of common and rare words,
 * words being typed, `in:` and the pages hits name.
 */
function recordedQueries(corpus: Corpus): string[] {
  const page = (i: number, p: number) =>
    (corpus.texts.readPage(shaOf(i), p) ?? '').split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '')
  const run = (i: number, p: number, at: number, n: number) =>
    page(i, p)
      .slice(at, at + n)
      .join(' ')
  return [
    ...QUERIES,
    `"${run(3, 2, 10, 2)}" `,
    `"${run(11, 5, 40, 3)}" `,
    `in:pdf "${run(30, 1, 7, 2)}" `,
    `"${run(5, 3, 0, 4)}"`,
    `${run(17, 4, 20, 2)} `,
    'ka',
    'ri',
    'to',
    'in:pdf mu',
    'sa lo',
    'in:highlight ka',
    'in:note ne',
  ]
}

describe('the page index at scale', () => {
  it('answers the same after a save and a load (binary file) as when it was built', async () => {
    const corpus = await makeCorpus()
    const built = await builtIndex(corpus)
    await built.save()
    const loaded = pageIndexOf(corpus)
    expect(await loaded.load(corpus.annotations)).toBe(true)
    expect(loaded.pageCount).toBe(PDFS * PAGES)
    for (const q of QUERIES) expect(answer(corpus, loaded, q), q).toEqual(answer(corpus, built, q))
  })

  it('answers as it did before the page index was made compact: phrases, prefixes, in:, pages', async () => {
    const corpus = await makeCorpus()
    await (await builtIndex(corpus)).save()
    const loaded = pageIndexOf(corpus)
    expect(await loaded.load(corpus.annotations)).toBe(true)
    const answers = recordedQueries(corpus).map((q) => ({ q, ...answer(corpus, loaded, q) }))
    await expect(`${JSON.stringify(answers, null, 1)}\n`).toMatchFileSnapshot(
      './__snapshots__/pageIndexAnswers.json',
    )
  })

  it('matches pages by a word being typed from its third letter on, and never lists pages for a lone letter', async () => {
    const corpus = await makeCorpus()
    const pages = await builtIndex(corpus)
    const pdfHits = (q: string) =>
      answer(corpus, pages, q, 100)
        .hits.filter((h) => h.matches.some((m) => m.startsWith('pdf ')))
        .map((h) => [h.id, h.matches[0]?.slice(0, 7)])
        .sort()
    // Two letters complete to words on most pages: the papers' own fields answer them meanwhile.
    expect(pdfHits('zy')).toEqual([])
    expect(pdfHits('z')).toEqual([])
    expect(pdfHits('in:pdf z')).toEqual([])
    expect(pdfHits('zyg')).toEqual(
      [
        [paperOf(21), 'pdf p.2'],
        [paperOf(7), 'pdf p.4'],
      ].sort(),
    )
  })

  it('finds a phrase at its page, only with its words in order, and in: narrows where', async () => {
    const corpus = await makeCorpus()
    const pages = await builtIndex(corpus)
    const phrase = answer(corpus, pages, `"${RARE_PAGE}" `)
    expect(phrase.hits.map((h) => [h.id, h.matches[0]?.slice(0, 9)])).toEqual([
      [paperOf(21), 'pdf p.2 …'],
      [paperOf(7), 'pdf p.4 …'],
    ])
    expect(phrase.hits[0]?.matches[0]).toContain('zygomorphic quadrilateral eigenbasis')
    expect(answer(corpus, pages, '"eigenbasis zygomorphic" ').hits).toEqual([])
    expect(answer(corpus, pages, 'in:note quadrilateral ').hits.map((h) => h.id)).toEqual([paperOf(15)])
    const highlights = answer(corpus, pages, 'in:highlight eigenbasis ', 100).hits
    expect(highlights.map((h) => h.id).sort()).toEqual(corpus.annotations.map((a) => a.paperId).sort())
    expect(highlights.every((h) => h.matches.every((m) => m.startsWith('highlight ')))).toBe(true)
  })

  it('keeps a paper’s highlights as they are now: an edit, a deletion, another paper’s untouched', async () => {
    const corpus = await makeCorpus()
    const pages = await builtIndex(corpus)
    const [first, second] = corpus.annotations as [Annotation, Annotation]
    const highlighted = (q: string) => answer(corpus, pages, `in:highlight ${q} `, 100).hits.map((h) => h.id)
    pages.setHighlights(first.paperId, [{ ...first, comment: 'quincunx of the lemma' }])
    expect(highlighted('quincunx')).toEqual([first.paperId])
    expect(highlighted('eigenbasis')).not.toContain(first.paperId)
    expect(highlighted('eigenbasis')).toContain(second.paperId)
    pages.setHighlights(first.paperId, [{ ...first, comment: 'quincunx', deleted: true }])
    expect(highlighted('quincunx')).toEqual([])
    pages.setHighlights(second.paperId, [])
    expect(highlighted('eigenbasis')).not.toContain(second.paperId)
    expect(highlighted('eigenbasis').length).toBe(corpus.annotations.length - 2)
  })

  it('finds a phrase on a page ranked below the 200 best pages that have its words', async () => {
    const dir = await tempDir()
    const texts = new PdfTextStore(dir)
    const filler = zipfPages({ seed: 9, texts: [], vocabulary: 500 })
    const corpus = { dir, texts, owner: new Map<string, string>() } as Corpus
    const pages = pageIndexOf(corpus)
    await pages.load([])
    // 300 short pages full of both words, never in the phrase's order; one long page has the phrase
    // once, so it ranks last of all 301 by score.
    for (let i = 0; i < 60; i++) {
      const text = Array.from({ length: 5 }, () => `beta one alpha two beta three alpha ${filler.page(10)}`)
      if (i === 59) text[4] = `${filler.page(400)} alpha beta ${filler.page(400)}`
      await texts.write({
        sha256: shaOf(i),
        state: 'text',
        pages: text,
        extractedAt: '2026-01-01T00:00:00.000Z',
      })
      corpus.owner.set(shaOf(i), paperOf(i))
      pages.addFile(texts.read(shaOf(i)) ?? expect.fail(`no text ${i}`))
    }
    const found = pages.search('"alpha beta" ', {
      phrases: [['alpha', 'beta']],
      paperFilter: null,
      in: { pdf: true, highlight: false },
      limit: 20,
    })
    expect([...found].map(([id, f]) => [id, f.places.map((p) => p.page)])).toEqual([[paperOf(59), [5]]])
    // The same words unquoted find every page, the phrase's last.
    expect(
      pages.search('alpha beta ', {
        phrases: [],
        paperFilter: null,
        in: { pdf: true, highlight: false },
        limit: 100,
      }).size,
    ).toBe(60)
  })

  it('ranks a word being typed the same when only the best are wanted (no count)', async () => {
    const corpus = await makeCorpus()
    const built = await builtIndex(corpus)
    await built.save()
    const loaded = pageIndexOf(corpus)
    await loaded.load([])
    // The page index's own postings, through the index it loaded: with and without the count.
    const index = (loaded as unknown as { pages: SearchIndex }).pages
    for (const q of ['qu', 'eig', 'a', 'ka', 'zy', 'the q', 'de']) {
      for (const limit of [1, 5, 30]) {
        const pruned = index.searchCounted(q, { limit, count: false }).hits
        const full = index.searchCounted(q, { limit }).hits
        expect(pruned, `${q} ${limit}`).toEqual(full)
      }
    }
  })

  it('leaves PDF pages out, and says so, while the saved pages load; highlights answer meanwhile', async () => {
    const corpus = await makeCorpus()
    await (await builtIndex(corpus)).save()
    const pages = pageIndexOf(corpus)
    const loading = pages.load(corpus.annotations)
    expect(pages.ready).toBe(false)
    const during = answer(corpus, pages, 'zygomorphic ')
    expect(during.hits).toEqual([])
    expect(answer(corpus, pages, 'in:highlight eigenbasis ', 100).hits.length).toBe(corpus.annotations.length)
    expect(await loading).toBe(true)
    expect(pages.ready).toBe(true)
    expect(
      answer(corpus, pages, 'zygomorphic ')
        .hits.map((h) => h.id)
        .sort(),
    ).toEqual([paperOf(7), paperOf(21)].sort())
  })

  it('says in the log which file it could not use, and starts over, when the file is damaged', async () => {
    const corpus = await makeCorpus()
    await (await builtIndex(corpus)).save()
    const file = join(corpus.dir, 'page-index.bin')
    const bytes = await readFile(file)
    const damaged: [string, string, () => Promise<void>][] = [
      ['truncated', 'truncated', () => truncate(file, Math.floor(bytes.byteLength / 2))],
      ['garbage', 'not a Lectern index file', () => writeFile(file, 'not an index at all')],
      [
        'one byte of the postings changed',
        'checksum mismatch',
        async () => {
          // A page's slot in the postings, one bit off: only the checksum can tell.
          const copy = Buffer.from(bytes)
          const [inner] = unframe(copy).sections
          const deltas = unframe(inner as Uint8Array).sections[5] as Uint8Array
          copy[deltas.byteOffset + 10] = (copy[deltas.byteOffset + 10] as number) ^ 1
          await writeFile(file, copy)
        },
      ],
      [
        'of the version before',
        'not a page index of version 4',
        async () => {
          const copy = Buffer.from(bytes)
          const { header, sections } = unframe(copy)
          await writeFile(file, Buffer.concat(framed({ ...(header as object), version: 3 }, sections)))
        },
      ],
    ]
    for (const [what, says, damage] of damaged) {
      await damage()
      const log: string[] = []
      const pages = pageIndexOf(corpus, log)
      expect(await pages.load([]), what).toBe(false)
      expect(pages.ready).toBe(true)
      expect(pages.pageCount).toBe(0)
      expect(log, what).toEqual([expect.stringContaining(file)])
      expect(log[0]).toContain('indexing the PDF pages again')
      expect(log[0], what).toContain(says)
      await writeFile(file, bytes)
    }
    // A missing file is no news (the first start has none); the JSON file of the previous version
    // is removed, as nothing reads it any more.
    await rm(file)
    await writeFile(join(corpus.dir, 'page-index.json'), '{"format":"lectern-page-index","version":1}')
    const log: string[] = []
    expect(await pageIndexOf(corpus, log).load([])).toBe(false)
    expect(log).toEqual([])
    await expect(readFile(join(corpus.dir, 'page-index.json'))).rejects.toThrow(/ENOENT/)
  })

  it('in the app: a search while the pages load says so; a damaged file is logged and the pages indexed again', async () => {
    const dir = await tempDir()
    const AYA = '2402.07827'
    const first = await openSeeded(dir)
    const pdf = join(dir, 'aya.pdf')
    await writeFile(pdf, makePdf([['front matter'], ['page two on sparse mixture routing']]))
    await first.lectern.pdfs.attachFile(AYA, pdf)
    await first.lectern.close()
    const file = join(dir, 'page-index.bin')
    await truncate(file, 100)

    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { lectern: app, api } = await openSeeded(dir)
    try {
      const starting = app.search.start()
      expect((await api.call('search:query', { q: 'routing ' })).pagesReady).toBe(false)
      await starting
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(new RegExp(`^lectern: ${file}: .*; indexing the PDF pages again$`)),
      ])
      await app.fullText.start()
      const result = await api.call('search:query', { q: 'routing ' })
      expect(result.pagesReady).toBe(true)
      expect(result.hits.map((h) => [h.id, h.matches?.[0]?.page])).toEqual([[AYA, 2]])
    } finally {
      errors.mockRestore()
      await app.close()
    }
    // Saved again whole: the next start loads it without a word.
    const again = await openSeeded(dir)
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      await again.lectern.search.start()
      expect(quiet).not.toHaveBeenCalled()
      const result = await again.api.call('search:query', { q: 'routing ' })
      expect(result.hits.map((h) => [h.id, h.matches?.[0]?.page])).toEqual([[AYA, 2]])
    } finally {
      quiet.mockRestore()
      await again.lectern.close()
    }
  }, 120_000)
})
