import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PdfTextStore } from '../../src/main/core/fulltext/pdfTextStore'
import { PageIndex } from '../../src/main/core/search/pageIndex'
import { searchDocFromPaper } from '../../src/main/core/search/searchDoc'
import { searchEverywhere } from '../../src/main/core/search/searchEverywhere'
import { SearchIndex } from '../../src/main/core/search/searchIndex'
import { parseSearchQuery } from '../../src/main/core/search/searchQuery'
import { generateLibrary } from '../fixtures/library/generateLibrary'
import { seededRandom } from '../fixtures/seededRandom'
import type { BenchFigure } from './figure'
import { benchQueries } from './search'
import { percentile } from './stats'

const SEED = 42
const QUERIES = 200
const LIMIT = 50
const PAGES_PER_PDF = 15
/** Words on a generated page: a two-column paper page holds 500–900. */
const WORDS_PER_PAGE = 500

/**
 * Full-text search (#18); extraction is its own suite (pdfExtraction.ts). Search: p95 over
 * 200 typed queries and 100 queries of words from inside the PDFs (a quarter of them quoted phrases)
 * at 50k generated papers plus 2,000 PDFs of generated page text (30,000 pages) stored as the app
 * stores them (pdf-text/, read for snippets); and the start-up load of both saved indexes.
 */
export async function benchFullText(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-fulltext-'))
  try {
    return await benchSearchWithPages(dir, opts)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function benchSearchWithPages(dir: string, opts: { quick: boolean }): Promise<BenchFigure[]> {
  const paperCount = opts.quick ? 10_000 : 50_000
  const pdfCount = opts.quick ? 400 : 2_000
  const papers = generateLibrary(paperCount, SEED)
  const docs = papers.map((paper) => searchDocFromPaper(paper))
  const authorsOf = new Map(docs.map((d) => [d.id, d.authors]))
  const index = new SearchIndex()
  index.addAll(docs)

  // Page text made of the library's own abstracts: the words a paper's body uses.
  const rand = seededRandom(SEED)
  const abstractWords = docs.map((d) => d.abstract.split(/\s+/).filter(Boolean)).filter((w) => w.length > 20)
  const pageText = (): string => {
    const words: string[] = []
    while (words.length < WORDS_PER_PAGE) {
      const source = abstractWords[Math.floor(rand() * abstractWords.length)] as string[]
      const start = Math.floor(rand() * Math.max(1, source.length - 20))
      words.push(...source.slice(start, start + 20))
    }
    // Lines of about 12 words, as a column of a paper.
    return words.map((w, i) => (i % 12 === 11 ? `${w}\n` : `${w} `)).join('')
  }
  const texts = new PdfTextStore(dir)
  const owner = new Map<string, string>()
  const pageIndex = new PageIndex({
    file: join(dir, 'page-index.json'),
    page: (sha, page) => texts.readPage(sha, page),
    papersOf: (sha) => {
      const id = owner.get(sha)
      return id === undefined ? [] : [id]
    },
  })
  await pageIndex.load([])
  const inside: string[] = []
  const buildStart = performance.now()
  for (let i = 0; i < pdfCount; i++) {
    const sha = i.toString(16).padStart(64, '0')
    owner.set(sha, docs[i]?.id as string)
    const pages = Array.from({ length: PAGES_PER_PDF }, pageText)
    const record = await texts.write({
      sha256: sha,
      state: 'text',
      pages,
      extractedAt: new Date().toISOString(),
    })
    pageIndex.addFile(record)
    if (i % Math.floor(pdfCount / 100) === 0) {
      // Consecutive words of a page: a phrase must be its words in order.
      const words = (pages[Math.floor(rand() * pages.length)] as string)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w !== '')
      let run: string[] = []
      // Not stop words alone ("of the"), which match nothing by design; none is longer than 5 letters.
      while (!run.some((w) => w.length > 5)) {
        const at = Math.floor(rand() * (words.length - 3))
        run = words.slice(at, at + 2 + Math.floor(rand() * 2))
      }
      inside.push(inside.length % 4 === 0 ? `"${run.join(' ')}"` : run.join(' '))
    }
  }
  const buildMs = performance.now() - buildStart
  // The word lists of every abstract (millions of strings) would make each GC of the load slower.
  abstractWords.length = 0
  await pageIndex.save()
  const paperFile = join(dir, 'search-index.json')
  await writeFile(paperFile, JSON.stringify(index.toJSON()))
  const pagesFile = readFileSync(join(dir, 'page-index.json'))

  // Start-up: both saved indexes read and loaded, as SearchService.start does; median of 3.
  const pageIndexAt = (file: string) =>
    new PageIndex({
      file,
      page: (sha, page) => texts.readPage(sha, page),
      papersOf: (sha) => {
        const id = owner.get(sha)
        return id === undefined ? [] : [id]
      },
    })
  const loads: number[] = []
  const pageLoads: number[] = []
  let loadedPapers = index
  let loadedPages = pageIndex
  for (let round = 0; round < 3; round++) {
    const start = performance.now()
    loadedPapers = SearchIndex.load(JSON.parse(await readFile(paperFile, 'utf8')))
    const pagesStart = performance.now()
    loadedPages = pageIndexAt(join(dir, 'page-index.json'))
    if (!(await loadedPages.load([]))) throw new Error('the saved page index did not load')
    loads.push(performance.now() - start)
    pageLoads.push(performance.now() - pagesStart)
  }
  const loadMs = percentile(loads, 50)
  const pagesOnlyMs = percentile(pageLoads, 50)

  const queries = [...benchQueries(docs, QUERIES), ...inside]
  const run = (q: string) =>
    searchEverywhere(
      {
        index: loadedPapers,
        pages: loadedPages,
        paperText: () => '',
        noteText: () => '',
        paperAuthors: (id) => authorsOf.get(id) ?? '',
      },
      parseSearchQuery(q),
      null,
      LIMIT,
    )
  // A fast search that found nothing would look good: every plain query must answer something. A
  // phrase is looked for in the best 500 pages with all its words (no word positions are indexed):
  // how many of the phrases taken from the pages are found is a figure of its own.
  let phrasesFound = 0
  for (const q of inside) {
    const found = run(`${q} `).hits.length > 0
    if (q.startsWith('"')) phrasesFound += found ? 1 : 0
    else if (!found) throw new Error(`no hit for "${q}"`)
  }
  const phraseCount = inside.filter((q) => q.startsWith('"')).length
  const baselineMs: number[] = []
  const oursMs: number[] = []
  for (const q of queries) run(q) // warm-up
  for (const q of queries) {
    const t0 = performance.now()
    run(q)
    oursMs.push(performance.now() - t0)
    const t1 = performance.now()
    loadedPapers.search(q, { limit: LIMIT })
    baselineMs.push(performance.now() - t1)
  }
  const corpus = `${paperCount.toLocaleString('en')} generated papers + ${pdfCount.toLocaleString('en')} PDFs × ${PAGES_PER_PDF} pages of ~${WORDS_PER_PAGE} generated words (${loadedPages.pageCount.toLocaleString('en')} pages), ${queries.length} queries (${inside.length} from inside the PDFs)`
  const ms = (v: number) => Math.round(v * 100) / 100
  return [
    {
      name: 'search p95, papers + PDF pages + snippets',
      value: ms(percentile(oursMs, 95)),
      unit: 'ms',
      corpus,
      baseline: {
        name: 'papers index alone, same queries',
        value: ms(percentile(baselineMs, 95)),
        unit: 'ms',
      },
      target: paperCount === 50_000 ? '< 16 ms' : undefined,
    },
    {
      name: 'search p50, papers + PDF pages + snippets',
      value: ms(percentile(oursMs, 50)),
      unit: 'ms',
      corpus,
      baseline: {
        name: 'papers index alone, same queries',
        value: ms(percentile(baselineMs, 50)),
        unit: 'ms',
      },
    },
    {
      name: 'index load at start-up, papers + pages',
      value: Math.round(loadMs),
      unit: 'ms',
      corpus: `${corpus}; page index ${(pagesFile.length / 1e6).toFixed(1)} MB`,
      baseline: { name: 'page index alone', value: Math.round(pagesOnlyMs), unit: 'ms' },
      target: paperCount === 50_000 ? '< 1000 ms' : undefined,
    },
    {
      name: 'quoted phrases from inside the PDFs found',
      value: phrasesFound,
      unit: `of ${phraseCount}`,
      corpus: `${corpus}; random page text, so a phrase's words are no more frequent on its page than elsewhere`,
    },
    {
      name: 'page index build (pages read from pdf-text/ and indexed)',
      value: Math.round(buildMs),
      unit: 'ms',
      corpus,
    },
  ]
}
