import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PdfTextExtractor } from '../../src/main/core/fulltext/extractPdfText'
import { REPO_ROOT } from '../e2e/support/lecternServer'
import { makePdf } from '../fixtures/pdf/makePdf'
import { StallWatch } from './eventLoopStalls'
import type { BenchFigure } from './figure'
import { median } from './stats'

const SHARED_PDFS = join(process.env.LECTERN_SHARED ?? join(REPO_ROOT, '../shared'), 'pdfs')
const REAL = [
  'tracemonkey.pdf',
  'vertical.pdf',
  'ArabicCIDTrueType.pdf',
  'helloworld-bad.pdf',
  'empty_protected.pdf',
]

/**
 * PDF text extraction (#18): the text of real PDFs (pdf.js's test corpus) and generated ones, page
 * by page, as the app reads them: one long-lived pdf.js worker thread, started by the first file (as
 * after an idle spell), then the same files again through the same thread (as while a library is
 * indexed). Same run, same files: the way it was done before, a new worker per file, and poppler's
 * `pdftotext` (a new process per file). The three take turns, round
 * after round, so that the load of a busy machine falls on each alike; medians of the rounds. Also
 * the longest the app's event loop was held up while its worker read the files, beside the longest
 * while it waited the same time for nothing (the machine's own noise).
 */
export async function benchPdfExtraction(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-extraction-'))
  try {
    return await measure(dir, opts)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function measure(dir: string, opts: { quick: boolean }): Promise<BenchFigure[]> {
  const files: string[] = []
  if (existsSync(SHARED_PDFS)) for (const name of REAL) files.push(join(SHARED_PDFS, name))
  else process.stderr.write(`bench extraction: ${SHARED_PDFS} is absent; it uses generated PDFs only\n`)
  const generated = opts.quick ? 2 : 6
  for (let i = 0; i < generated; i++) {
    const file = join(dir, `generated-${i}.pdf`)
    const pages = Array.from({ length: 30 }, (_, p) =>
      Array.from(
        { length: 40 },
        (_, l) => `Page ${p + 1} line ${l + 1} of generated paper ${i}: low rank adapters`,
      ),
    )
    await writeFile(file, makePdf(pages))
    files.push(file)
  }

  const rounds = opts.quick ? 3 : 5
  const longLived: number[] = []
  const warm: number[] = []
  const perFile: number[] = []
  const poppler: number[] = []
  const stalls: number[] = []
  const idleStalls: number[] = []
  let pages = 0
  let popplerOk = true
  for (let round = 0; round < rounds; round++) {
    const extractor = new PdfTextExtractor()
    const watch = new StallWatch().start()
    const start = performance.now()
    pages = await extractAll(files, (file) => extractor.extract(file))
    longLived.push(performance.now() - start)
    const warmStart = performance.now()
    await extractAll(files, (file) => extractor.extract(file))
    warm.push(performance.now() - warmStart)
    stalls.push(watch.stop().ms)
    await extractor.close()
    const idle = new StallWatch().start()
    await new Promise((resolve) => setTimeout(resolve, (longLived.at(-1) ?? 0) + (warm.at(-1) ?? 0)))
    idleStalls.push(idle.stop().ms)

    const perFileStart = performance.now()
    await extractAll(files, async (file) => {
      const own = new PdfTextExtractor()
      try {
        return await own.extract(file)
      } finally {
        await own.close()
      }
    })
    perFile.push(performance.now() - perFileStart)

    const popplerStart = performance.now()
    for (const file of files) {
      const run = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024 })
      if (run.status !== 0) popplerOk = false
    }
    poppler.push(performance.now() - popplerStart)
  }

  const rate = (ms: number[]) => Math.round((pages / median(ms)) * 1000 * 10) / 10
  const corpus = `${files.length} PDFs, ${pages} pages (${existsSync(SHARED_PDFS) ? 'pdf.js test corpus + ' : ''}${generated} generated of 30 pages), median of ${rounds} rounds`
  const baseline = popplerOk
    ? { name: 'pdftotext (poppler, new process per file)', value: rate(poppler), unit: 'pages/s' }
    : undefined
  return [
    {
      name: 'PDF text extraction throughput (one long-lived pdf.js worker, its start included)',
      value: rate(longLived),
      unit: 'pages/s',
      corpus,
      ...(baseline ? { baseline } : {}),
    },
    {
      name: 'PDF text extraction throughput (one long-lived pdf.js worker, already running)',
      value: rate(warm),
      unit: 'pages/s',
      corpus,
      ...(baseline
        ? { baseline, target: `over ${Math.round(baseline.value / 3)} pages/s (⅓ of pdftotext)` }
        : {}),
    },
    {
      name: 'PDF text extraction throughput (a new pdf.js worker per file, as before #18 was sped up)',
      value: rate(perFile),
      unit: 'pages/s',
      corpus,
      ...(baseline ? { baseline } : {}),
    },
    {
      name: 'longest event-loop stall while the worker extracts',
      value: Math.round(median(stalls)),
      unit: 'ms',
      corpus,
      baseline: {
        name: 'longest stall while the loop waits as long for nothing',
        value: Math.round(median(idleStalls)),
        unit: 'ms',
      },
    },
  ]
}

/** Extracts every file in turn and counts their pages; a file that does not give its text fails the bench. */
async function extractAll(
  files: string[],
  extract: (file: string) => ReturnType<PdfTextExtractor['extract']>,
): Promise<number> {
  let pages = 0
  for (const file of files) {
    const text = await extract(file)
    if (text.state !== 'text' && text.state !== 'no-text') throw new Error(`${file}: ${text.state}`)
    pages += text.pages.length
  }
  return pages
}
