import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT, startLectern, type LecternServer } from '../e2e/support/lecternServer'
import type { Browser } from '@playwright/test'
import { makePdf } from '../fixtures/pdf/makePdf'
import { timeBarePdfjs } from './barePdfjs'
import { launchChromium } from './browser'
import type { BenchFigure } from './figure'
import { median } from './stats'

// `../shared` beside the repository; LECTERN_SHARED names it elsewhere (a git worktree).
const SHARED_PDFS = join(process.env.LECTERN_SHARED ?? join(REPO_ROOT, '../shared'), 'pdfs')
const SEED = join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md')
/** Seed papers the generated PDFs are attached to. */
const PAPERS = { long: '2402.07827', short: '2402.07456' }
/** Real PDFs from pdf.js's test corpus, each on a seed paper found by its title. */
const REAL = [
  {
    file: 'tracemonkey.pdf',
    what: 'tracemonkey.pdf (14 pages, 1.0 MB, embedded Type1 fonts)',
    paperId: '2402.07872',
    title: 'PIVOT',
  },
  {
    file: 'vertical.pdf',
    what: 'vertical.pdf (3 pages, vertical Japanese, fonts not embedded: CMaps and standard fonts)',
    paperId: '2402.07033',
    title: 'Fiddler',
  },
  {
    file: 'ArabicCIDTrueType.pdf',
    what: 'ArabicCIDTrueType.pdf (1 page, right-to-left Arabic, CID TrueType)',
    paperId: '2402.07043',
    title: 'A Tale of Tails',
  },
] as const
/** Between the paper showing and the click: a person's reaction time. */
const READER_PAUSE_MS = 600

/**
 * Time to the first page of real PDFs (tracemonkey.pdf, a 14-page paper, and two of pdf.js's harder
 * test files) in the viewer, in browser mode in Chromium: from the click on "Read PDF" to a canvas of
 * page 1 with ink on it, timed inside the page. Baseline, same run, for each file: poppler's
 * `pdftoppm -f 1 -l 1 -r 96` rendering page 1 of the same file to PNG (process start included); the
 * target is 1.5 times that. And the floor, same run: bare pdf.js drawing page 1 of the same file at
 * the same canvas width (barePdfjs.ts), which tells Lectern's share of the time from pdf.js's. Also a generated 500-page PDF against a 5-page one: only pages on screen
 * are drawn, so the two should open alike.
 */
export async function benchPdfFirstPage(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const real = REAL.filter(({ file }) => {
    const present = existsSync(join(SHARED_PDFS, file))
    if (!present)
      process.stderr.write(`bench pdf: ${join(SHARED_PDFS, file)} is absent; its figures are skipped\n`)
    return present
  })
  const runs = opts.quick ? 3 : 7
  const dataDir = await mkdtemp(join(tmpdir(), 'lectern-bench-pdf-'))
  let server: LecternServer | null = null
  const browser = await launchChromium()
  try {
    server = await startLectern(dataDir)
    const call = apiCaller(server)
    // No network: the seed's arXiv records are not fetched.
    await call('settings:update', { autoFetchMetadata: false })
    await call('digests:importText', {
      files: [{ name: '2024-02-13.md', text: await readFile(SEED, 'utf8') }],
    })
    const attach = (paperId: string, name: string, bytes: Uint8Array) =>
      call('pdf:attach', { paperId, name, base64: Buffer.from(bytes).toString('base64') })
    for (const { file, paperId } of real) await attach(paperId, file, await readFile(join(SHARED_PDFS, file)))
    await attach(PAPERS.long, 'long.pdf', generatedPdf(500))
    await attach(PAPERS.short, 'short.pdf', generatedPdf(5))

    const figures: BenchFigure[] = []
    for (const { file, what, title } of real) {
      const times = await timeFirstPage(browser, server, title, runs)
      const floor = await timeBarePdfjs(browser, join(SHARED_PDFS, file), times.canvasWidth, runs)
      const poppler = pdftoppmMs(join(SHARED_PDFS, file), runs)
      const corpus = `${what}, 1280×800 window, fit width, median of ${runs}`
      const baseline =
        poppler === null
          ? undefined
          : {
              name: 'pdftoppm -f 1 -l 1 -r 96 (poppler, new process)',
              value: Math.round(poppler),
              unit: 'ms',
            }
      const target = poppler === null ? undefined : `under ${Math.round(poppler * 1.5)} ms (1.5 × pdftoppm)`
      figures.push(
        {
          name: `PDF first page visible, first open (click to inked canvas): ${file}`,
          value: Math.round(median(times.cold)),
          unit: 'ms',
          corpus,
          baseline,
          target,
        },
        {
          name: `PDF first page visible, opened again (click to inked canvas): ${file}`,
          value: Math.round(median(times.warm)),
          unit: 'ms',
          corpus,
          baseline,
          target,
        },
        {
          name: `Floor: bare pdf.js, no Lectern code, first document (open to drawn canvas): ${file}`,
          value: Math.round(median(floor.first)),
          unit: 'ms',
          corpus: `${what}, canvas ${times.canvasWidth} px wide as the reader's, pdf.js and worker loaded, median of ${runs}`,
          baseline,
        },
        {
          name: `Floor: bare pdf.js, no Lectern code, same file again (open to drawn canvas): ${file}`,
          value: Math.round(median(floor.again)),
          unit: 'ms',
          corpus: `${what}, canvas ${times.canvasWidth} px wide as the reader's, median of ${runs}`,
          baseline,
        },
      )
    }
    // A click that beats the drawing ahead: the reader's own drawing must not wait behind other
    // work ahead in the worker (the warm-up waits for the open-ahead).
    const hasty = real.find(({ file }) => file === 'tracemonkey.pdf')
    if (hasty) {
      const times = await timeFirstPage(browser, server, hasty.title, runs, { pauseMs: 0 })
      figures.push({
        name: `PDF first page visible, clicked as soon as the paper shows (no pause): ${hasty.file}`,
        value: Math.round(median(times.cold)),
        unit: 'ms',
        corpus: `${hasty.what}, 1280×800 window, fit width, click with no pause (the drawing ahead not finished), median of ${runs}`,
        baseline: figures.find((f) => f.name.endsWith(`first open (click to inked canvas): ${hasty.file}`))
          ?.baseline,
      })
    }
    const long = await timeFirstPage(browser, server, 'Aya Model', runs)
    const short = await timeFirstPage(browser, server, 'OS-Copilot', runs)
    return [
      ...figures,
      {
        name: 'PDF first page visible, 500-page document, first open',
        value: Math.round(median(long.cold)),
        unit: 'ms',
        corpus: `generated text PDFs (40 lines a page), median of ${runs}`,
        baseline: {
          name: 'the same for a 5-page document',
          value: Math.round(median(short.cold)),
          unit: 'ms',
        },
        target: 'about the 5-page time',
      },
    ]
  } finally {
    await browser.close()
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/**
 * Opens a paper's PDF `runs` times, each in a fresh browser context ("cold": the viewer's code,
 * pdf.js's worker and fonts load too), then once more in the same tab ("warm"). Before each click the
 * reader pauses as a person does after the paper shows (the viewer preloads meanwhile), `pauseMs`.
 */
async function timeFirstPage(
  browser: Browser,
  server: LecternServer,
  title: string,
  runs: number,
  { pauseMs = READER_PAUSE_MS } = {},
): Promise<{ cold: number[]; warm: number[]; canvasWidth: number }> {
  const cold: number[] = []
  const warm: number[] = []
  let canvasWidth = 0
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByRole('option').filter({ hasText: title }).click()
    await page.getByRole('button', { name: 'Read PDF' }).waitFor()
    await page.waitForTimeout(pauseMs)
    const [ms, width] = await page.evaluate<[number, number]>(openAndTimeFirstPage)
    cold.push(ms)
    canvasWidth = width
    await page.keyboard.press('Escape')
    await page.getByRole('dialog', { name: 'PDF viewer' }).waitFor({ state: 'detached' })
    warm.push((await page.evaluate<[number, number]>(openAndTimeFirstPage))[0])
    await context.close()
  }
  return { cold, warm, canvasWidth }
}

/** A text-only PDF of `pages` pages, 40 lines each. */
function generatedPdf(pages: number): Uint8Array {
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.'
  return makePdf(
    Array.from({ length: pages }, (_, p) =>
      Array.from({ length: 40 }, (_, l) => `${p + 1}.${l + 1} ${line}`),
    ),
  )
}

/**
 * Runs in the page: clicks "Read PDF" and resolves with the milliseconds until page 1's canvas has
 * ink, and that canvas's width. The canvas appears only once drawn; its pixels are still checked (a blank canvas is no page),
 * on a small copy so that checking does not slow the frames it measures. A string, not a function:
 * tsx's transform adds a helper (`__name`) to functions that does not exist in the page.
 */
const openAndTimeFirstPage = `new Promise((resolve, reject) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Read PDF')
  if (!button) throw new Error('no Read PDF button')
  const probe = document.createElement('canvas')
  probe.width = 64
  probe.height = 80
  const ctx = probe.getContext('2d', { willReadFrequently: true })
  const inked = (canvas) => {
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, probe.width, probe.height)
    ctx.drawImage(canvas, 0, 0, probe.width, probe.height)
    const { data } = ctx.getImageData(0, 0, probe.width, probe.height)
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 700) return true
    return false
  }
  const start = performance.now()
  button.click()
  const check = () => {
    const canvas = document.querySelector('dialog[aria-label="PDF viewer"] [data-page-number="1"] canvas')
    if (canvas && inked(canvas)) resolve([performance.now() - start, canvas.width])
    else if (performance.now() - start > 30000) reject(new Error('page 1 was not drawn within 30 s'))
    else requestAnimationFrame(check)
  }
  check()
})`

/** Median wall time of poppler rendering page 1 at 96 dpi, or null where pdftoppm is not installed. */
function pdftoppmMs(pdf: string, runs: number): number | null {
  const out = join(tmpdir(), `lectern-bench-pdftoppm-${process.pid}`)
  const times: number[] = []
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now()
    const result = spawnSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '96', '-png', pdf, out], {
      stdio: 'ignore',
    })
    const ms = performance.now() - start
    if (result.error || result.status !== 0) {
      process.stderr.write(
        `bench pdf: pdftoppm failed (${result.error?.message ?? `exit ${result.status}`}); no baseline\n`,
      )
      return null
    }
    // The first run warms the disk cache, as the viewer's file is warm after the attach.
    if (i > 0) times.push(ms)
  }
  void rm(`${out}-01.png`, { force: true })
  void rm(`${out}-1.png`, { force: true })
  return median(times)
}

export function apiCaller(server: LecternServer) {
  return async (channel: string, input: unknown): Promise<unknown> => {
    const response = await fetch(`${server.origin}/api/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    })
    const body = (await response.json()) as { ok: boolean; data?: unknown; error?: { message: string } }
    if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? response.status}`)
    return body.data
  }
}
