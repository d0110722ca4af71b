import { statSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { PdfTextStore } from '../../src/main/core/fulltext/pdfTextStore'
import { inSlices } from '../../src/main/core/inSlices'
import { PageIndex } from '../../src/main/core/search/pageIndex'
import { searchDocFromPaper } from '../../src/main/core/search/searchDoc'
import { searchEverywhere } from '../../src/main/core/search/searchEverywhere'
import { SearchIndex } from '../../src/main/core/search/searchIndex'
import { parseSearchQuery } from '../../src/main/core/search/searchQuery'
import type { Annotation } from '../../src/shared/domain'
import { generateLibrary } from '../fixtures/library/generateLibrary'
import { zipfPages } from '../fixtures/pages/zipfPages'
import { seededRandom } from '../fixtures/seededRandom'
import type { BenchFigure } from './figure'
import { benchQueries } from './search'
import { percentile } from './stats'
import { highlightWithComment } from '../fixtures/pages/highlight'

const SEED = 42
const QUERIES = 200
const LIMIT = 50
const PAGES_PER_PDF = 15
/** Words on a generated page (3–5 KB of text): a two-column paper page holds 500–900. */
const WORDS_PER_PAGE = { min: 500, max: 750 }
/** Distinct words the pages draw from. */
const VOCABULARY = 60_000
const HIGHLIGHTS_PER_PDF = 5
const PAGE_INDEX_FILE = 'page-index.bin'
/** What the papers' index is saved under the library's fingerprint as (SearchService). */
const PAPER_INDEX_FILE = 'search-index.bin'
const FINGERPRINT = '50000:bench'

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

export async function benchSearchWithPages(dir: string, opts: { quick: boolean }): Promise<BenchFigure[]> {
  const paperCount = opts.quick ? 10_000 : 50_000
  const pdfCount = opts.quick ? 400 : 2_000
  const papers = generateLibrary(paperCount, SEED)
  // One paper in ten has a note, as in the search bench; they are in the papers' index.
  const notes = new Map<string, string>()
  papers.forEach((paper, i) => {
    if (i % 10 === 0) notes.set(paper.id, `Compare ${paper.title.split(' ')[0]} with our baseline.`)
  })
  const docs = papers.map((paper) => searchDocFromPaper(paper, notes.get(paper.id) ?? ''))
  const authorsOf = new Map(docs.map((d) => [d.id, d.authors]))
  const textOf = new Map(docs.map((d) => [d.id, Object.values(d).join('\n')]))
  const index = new SearchIndex()
  index.addAll(docs)

  const rand = seededRandom(SEED)
  const words = zipfPages({ seed: SEED, texts: docs.map((d) => d.abstract), vocabulary: VOCABULARY })
  const texts = new PdfTextStore(dir)
  const owner = new Map<string, string>()
  const sources = (file: string) => ({
    file,
    page: (sha: string, page: number) => texts.readPage(sha, page),
    papersOf: (sha: string) => {
      const id = owner.get(sha)
      return id === undefined ? [] : [id]
    },
    log: (line: string) => process.stderr.write(`${line}\n`),
  })
  const pageIndex = new PageIndex(sources(join(dir, PAGE_INDEX_FILE)))
  // Highlights with comments: a few per PDF, in the one ranked search with pages and notes.
  const annotations: Annotation[] = []
  const inside: string[] = []
  let pageBytes = 0
  const buildStart = performance.now()
  for (let i = 0; i < pdfCount; i++) {
    const sha = i.toString(16).padStart(64, '0')
    const paperId = docs[i]?.id as string
    owner.set(sha, paperId)
    const pages = Array.from({ length: PAGES_PER_PDF }, () =>
      words.page(WORDS_PER_PAGE.min + Math.floor(rand() * (WORDS_PER_PAGE.max - WORDS_PER_PAGE.min))),
    )
    for (const page of pages) pageBytes += Buffer.byteLength(page)
    const record = await texts.write({
      sha256: sha,
      state: 'text',
      pages,
      extractedAt: new Date().toISOString(),
    })
    pageIndex.addFile(record)
    for (let h = 0; h < HIGHLIGHTS_PER_PDF; h++) {
      const page = 1 + Math.floor(rand() * PAGES_PER_PDF)
      annotations.push(
        highlightWithComment(`${sha.slice(-8)}-${h}`, paperId, page, words.page(8 + Math.floor(rand() * 12))),
      )
    }
    if (i % Math.floor(pdfCount / 100) === 0) {
      // Consecutive words of a page: a phrase must be its words in order.
      const pageWords = (pages[Math.floor(rand() * pages.length)] as string)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w !== '')
      let run: string[] = []
      // Not stop words alone ("of the"), which match nothing by design; none is longer than 5 letters.
      while (!run.some((w) => w.length > 5)) {
        const at = Math.floor(rand() * (pageWords.length - 3))
        run = pageWords.slice(at, at + 2 + Math.floor(rand() * 2))
      }
      inside.push(inside.length % 4 === 0 ? `"${run.join(' ')}"` : run.join(' '))
    }
  }
  const buildMs = performance.now() - buildStart
  await pageIndex.save()
  const paperFile = join(dir, PAPER_INDEX_FILE)
  await writeFile(paperFile, Buffer.concat(index.toBinary(FINGERPRINT)))
  const pagesFileBytes = statSync(join(dir, PAGE_INDEX_FILE)).size
  const paperFileBytes = statSync(paperFile).size

  // Start-up as SearchService.start does it: the papers' index and the page index each read and
  // loaded in slices, side by side on the one thread; when each can answer. The baseline is reading
  // both files and nothing else. Median of 3, alternating.
  const paperLoads: number[] = []
  const bothLoads: number[] = []
  const readLoads: number[] = []
  let loadedPapers = index
  let loadedPages = pageIndex
  for (let round = 0; round < 3; round++) {
    const readStart = performance.now()
    await Promise.all([readFile(paperFile), readFile(join(dir, PAGE_INDEX_FILE))])
    readLoads.push(performance.now() - readStart)
    const start = performance.now()
    const pagesReady = (async () => {
      const pages = new PageIndex(sources(join(dir, PAGE_INDEX_FILE)))
      if (!(await pages.load(annotations))) throw new Error('the saved page index did not load')
      return pages
    })()
    loadedPapers = await inSlices(SearchIndex.loadBinarySteps(await readFile(paperFile), FINGERPRINT))
    paperLoads.push(performance.now() - start)
    loadedPages = await pagesReady
    bothLoads.push(performance.now() - start)
  }

  const queries = [...benchQueries(docs, QUERIES), ...inside]
  const run = (q: string) =>
    searchEverywhere(
      {
        index: loadedPapers,
        pages: loadedPages,
        paperText: (id) => textOf.get(id) ?? '',
        noteText: (id) => notes.get(id) ?? '',
        paperAuthors: (id) => authorsOf.get(id) ?? '',
      },
      parseSearchQuery(q),
      null,
      LIMIT,
    )
  // A fast search that found nothing would look good: every query from the pages must answer.
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
  const pageCount = loadedPages.pageCount
  const corpus =
    `${paperCount.toLocaleString('en')} generated papers (one in ten with a note) + ` +
    `${pdfCount.toLocaleString('en')} PDFs × ${PAGES_PER_PDF} pages (${pageCount.toLocaleString('en')} pages, ` +
    `${(pageBytes / pageCount / 1000).toFixed(1)} KB a page of Zipf-distributed words, ` +
    `${words.vocabularySize.toLocaleString('en')} distinct) + ${annotations.length.toLocaleString('en')} highlight comments, ` +
    `${queries.length} queries (${inside.length} from inside the PDFs); load average ${loadAverage()}`
  const ms = (v: number) => Math.round(v * 100) / 100
  const loadFigure = {
    unit: 'ms',
    corpus: `${corpus}; page index ${(pagesFileBytes / 1e6).toFixed(1)} MB, papers' ${(paperFileBytes / 1e6).toFixed(1)} MB`,
    baseline: { name: 'reading both files alone', value: Math.round(percentile(readLoads, 50)), unit: 'ms' },
  }
  return [
    {
      name: 'search p95, papers + notes + PDF pages + highlights + snippets',
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
      name: 'search p50, papers + notes + PDF pages + highlights + snippets',
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
      name: 'index load at start-up: until papers and pages answer',
      value: Math.round(percentile(bothLoads, 50)),
      ...loadFigure,
      target: paperCount === 50_000 ? '< 1000 ms' : undefined,
    },
    {
      name: 'index load at start-up: until the papers answer',
      value: Math.round(percentile(paperLoads, 50)),
      ...loadFigure,
    },
    {
      name: 'quoted phrases from inside the PDFs found',
      value: phrasesFound,
      unit: `of ${phraseCount}`,
      corpus: `${corpus}; random page text, so a phrase's words are no more frequent on its page than elsewhere`,
    },
    {
      name: 'page index build (pages written to pdf-text/ and indexed)',
      value: Math.round(buildMs),
      unit: 'ms',
      corpus,
    },
  ]
}

function loadAverage(): string {
  return loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')
}
