import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLectern, type LecternServer } from '../e2e/support/lecternServer'
import type { LibraryChange } from '../../src/shared/api'
import { Lectern } from '../../src/main/core/lectern'
import { launchChromium } from './browser'
import type { BenchFigure } from './figure'
import { median, timed } from './stats'
import { buildLibrary } from './store'

/**
 * The paper list in browser mode, at several library sizes:
 * - first paint: from navigation to the first row on screen. Baseline: fetching the whole
 *   `papers:list` over HTTP and parsing it, without any rendering (what every first paint waited for).
 * - one change's round trip (star, read, list add, note save): the request, its answer and the
 *   `library:changed` event that brings the new row to every tab, in bytes and in time. Baseline: the
 *   same request followed by the full `papers:list` refetch the renderer did before change events.
 */
export async function benchListPaint(opts: { quick: boolean }): Promise<BenchFigure[]> {
  // `--sizes=50000` (comma-separated) measures only those sizes.
  const chosen = process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length)
  const sizes = chosen
    ? chosen.split(',').map(Number)
    : opts.quick
      ? [1_000, 10_000]
      : [1_000, 10_000, 50_000]
  const browser = await launchChromium()
  const figures: BenchFigure[] = []
  try {
    for (const size of sizes) {
      const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-paint-'))
      try {
        await buildLibrary(dir, size)
        await openedBefore(dir)
        const server = await startLectern(dir)
        try {
          figures.push(...(await firstPaint(server, browser, size, opts.quick)))
          figures.push(...(await roundTrips(server, size, opts.quick)))
          process.stderr.write(`listPaint: ${size} papers done\n${JSON.stringify(figures.slice(-10))}\n`)
        } finally {
          await server.stop()
        }
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }
  } finally {
    await browser.close()
  }
  return figures
}

/**
 * Does what the first start of a library does once: citation keys for every paper (one commit over
 * the whole library) and the search index built and saved. A person starts the app on a library it
 * has opened before; the first start of a generated 50,000-paper one spends a minute on that work,
 * which is not what first paint measures.
 */
export async function openedBefore(dir: string): Promise<void> {
  const lectern = await Lectern.open({ dataDir: dir, lock: { kind: 'app' } })
  try {
    await lectern.citeKeys.assignMissing()
    await lectern.startSearch()
  } finally {
    await lectern.close()
  }
}

/** Where the time to the first row went, in ms from navigation start, as the page itself timed it. */
interface PaintPhases {
  /** The HTML has arrived. */
  html: number
  /** The script asked for the first page of papers (bundle fetched, parsed and run). */
  asked: number
  /** The first page's answer has arrived. */
  answered: number
  /** The first row is in the DOM and a frame has been painted with it. */
  painted: number
  /** The app's own first row (an option of the listbox, which React drew) has been painted: the list answers clicks and keys. */
  interactive: number
}

async function firstPaint(
  server: LecternServer,
  browser: Awaited<ReturnType<typeof launchChromium>>,
  size: number,
  quick: boolean,
): Promise<BenchFigure[]> {
  const phases: PaintPhases[] = []
  const fetches: number[] = []
  let rows = 0
  for (let i = 0; i < (quick || size >= 50_000 ? 3 : 5); i++) {
    // A new page each round, as the app is opened: navigating away from a page that holds the whole
    // library would time that page's teardown too.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // Notes when the first row enters the DOM, then the end of the frame that shows it: a row of the
    // first screen browser mode draws into the page (src/main/web/firstScreen.ts) or a live one.
    // The static rows have no role; the app's rows are the listbox's options.
    await page.addInitScript(() => {
      const marks = window as unknown as { __firstRowPainted?: number; __interactive?: number }
      new MutationObserver((_, observer) => {
        if (!document.querySelector('.paper-row')) return
        observer.disconnect()
        requestAnimationFrame(() => setTimeout(() => (marks.__firstRowPainted = performance.now()), 0))
      }).observe(document, { childList: true, subtree: true })
      new MutationObserver((_, observer) => {
        if (!document.querySelector('.paper-row[role="option"]')) return
        observer.disconnect()
        requestAnimationFrame(() => setTimeout(() => (marks.__interactive = performance.now()), 0))
      }).observe(document, { childList: true, subtree: true })
    })
    await page.goto(server.url)
    await page.waitForFunction(() => '__interactive' in window, null, { timeout: 60_000 })
    phases.push(await page.evaluate(readPhases))
    // The next round starts once this page holds the whole library: its loading is not timed twice.
    await page
      .locator('.list-count')
      .filter({ hasText: `${size.toLocaleString('en')} papers` })
      .waitFor({ timeout: 120_000 })
    rows = await page.getByRole('listbox', { name: 'Papers' }).getByRole('option').count()
    await page.close()
    fetches.push(await timed(() => call(server, 'papers:list', {})))
  }
  const at = (phase: keyof PaintPhases) => median(phases.map((p) => p[phase])).toFixed(0)
  // Browser mode's page brings the first page along: then no papers:list comes before the paint.
  const firstPage = phases.some((p) => Number.isNaN(p.asked))
    ? 'the first page in the page'
    : `first page asked ${at('asked')}, answered ${at('answered')}`
  return [
    {
      name: 'first paint of the paper list (navigation to first row painted)',
      value: median(phases.map((p) => p.painted)),
      unit: 'ms',
      corpus:
        `${size.toLocaleString('en')} papers (opened before), ${rows} rows in the DOM; median ms from navigation: HTML ${at('html')}, ` +
        `${firstPage}, painted ${at('painted')}, ` +
        `interactive (the app's rows painted) ${at('interactive')}`,
      baseline: {
        name: 'whole papers:list over HTTP + JSON.parse, no rendering',
        value: median(fetches),
        unit: 'ms',
      },
      target: size === 50_000 ? '< 500 ms' : undefined,
    },
    {
      name: 'paper list interactive (navigation to the app’s own first row painted)',
      value: median(phases.map((p) => p.interactive)),
      unit: 'ms',
      corpus: `${size.toLocaleString('en')} papers (opened before), same page loads`,
      baseline: {
        name: 'whole papers:list over HTTP + JSON.parse, no rendering',
        value: median(fetches),
        unit: 'ms',
      },
    },
  ]
}

/** Runs in the page: the navigation's and the first papers:list request's timings, and the paint. */
function readPhases(): PaintPhases {
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
  const lists = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((r) => r.name.includes('/api/papers:list'))
    .sort((a, b) => a.startTime - b.startTime)
  const first = lists[0]
  return {
    html: navigation.responseEnd,
    asked: first?.startTime ?? Number.NaN,
    answered: first?.responseEnd ?? Number.NaN,
    painted: (window as unknown as { __firstRowPainted: number }).__firstRowPainted,
    interactive: (window as unknown as { __interactive: number }).__interactive,
  }
}

/**
 * One kind of change, as the renderer sends it. `flip` is 0 or 1: the two calls of a round set
 * opposite values, both different from the paper's state before (a change that changes nothing
 * commits nothing and sends no event).
 */
interface Action {
  name: string
  send: (server: LecternServer, paper: PaperState, flip: number) => Promise<{ bytes: number }>
}
interface PaperState {
  id: string
  starred: boolean
  status: string
}

const ACTIONS: Action[] = [
  {
    name: 'star',
    send: (s, p, flip) =>
      call(s, 'papers:update', { ids: [p.id], starred: flip === 0 ? !p.starred : p.starred }),
  },
  {
    name: 'read',
    send: (s, p, flip) => {
      const away = p.status === 'read' ? 'unread' : 'read'
      return call(s, 'papers:update', { ids: [p.id], status: flip === 0 ? away : p.status })
    },
  },
  {
    name: 'list add',
    send: (s, p) => call(s, 'lists:addPapers', { id: 'bench', paperIds: [p.id] }),
  },
  {
    name: 'note save',
    send: (s, p, flip) =>
      call(s, 'notes:save', { paperId: p.id, text: `A note, version ${flip}, on ${p.id}.` }),
  },
]

async function roundTrips(server: LecternServer, size: number, quick: boolean): Promise<BenchFigure[]> {
  const first = (await (await post(server, 'papers:list', { limit: 40 })).json()) as { data: PaperState[] }
  const papers = first.data
  const events = await subscribe(server)
  const figures: BenchFigure[] = []
  try {
    for (const action of ACTIONS) {
      const times: number[] = []
      const bytes: number[] = []
      const baselineTimes: number[] = []
      const baselineBytes: number[] = []
      const rounds = quick || size >= 50_000 ? 5 : 10
      for (let i = 0; i < rounds; i++) {
        const paper = papers[(i * 4 + ACTIONS.indexOf(action)) % papers.length]
        if (!paper) throw new Error('no papers to change')
        // Now: the request and its answer, then the event that patches every tab.
        const arrived = events.next(paper.id)
        const start = performance.now()
        const sent = await action.send(server, paper, 0)
        const event = await arrived
        times.push(performance.now() - start)
        bytes.push(sent.bytes + event.bytes)
        // Before change events: the same request, then the whole list again.
        const before = performance.now()
        const again = await action.send(server, paper, 1)
        await events.next(paper.id)
        const list = await call(server, 'papers:list', {})
        baselineTimes.push(performance.now() - before)
        baselineBytes.push(again.bytes + list.bytes)
      }
      const corpus = `${size.toLocaleString('en')} papers, ${rounds} rounds over HTTP`
      figures.push(
        {
          name: `${action.name}: bytes per round trip (request, answer, change event)`,
          value: median(bytes),
          unit: 'B',
          corpus,
          baseline: { name: 'request + full papers:list refetch', value: median(baselineBytes), unit: 'B' },
          target: '≈ a few hundred bytes',
        },
        {
          name: `${action.name}: time from request to the change event`,
          value: median(times),
          unit: 'ms',
          corpus,
          baseline: { name: 'request + full papers:list refetch', value: median(baselineTimes), unit: 'ms' },
          target: '< 100 ms',
        },
      )
    }
  } finally {
    events.close()
  }
  return figures
}

function post(server: LecternServer, channel: string, input: unknown): Promise<Response> {
  return fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
}

/** Calls a route; its bytes are the request body and the answer's. */
async function call(server: LecternServer, channel: string, input: unknown): Promise<{ bytes: number }> {
  const body = JSON.stringify(input)
  const response = await post(server, channel, input)
  const text = await response.text()
  const answer = JSON.parse(text) as { ok: boolean; error?: { message: string } }
  if (!answer.ok) throw new Error(`${channel}: ${answer.error?.message}`)
  return { bytes: Buffer.byteLength(body) + Buffer.byteLength(text) }
}

/** The event stream as a tab reads it: each `library:changed` event, with its size on the wire. */
async function subscribe(server: LecternServer) {
  const abort = new AbortController()
  const response = await fetch(`${server.origin}/api/events?token=${encodeURIComponent(server.token)}`, {
    signal: abort.signal,
  })
  if (!response.body) throw new Error('no event stream')
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  // Only events about the paper changed count: background work (metadata) commits too.
  const waiting: { about: string; resolve: (e: { change: LibraryChange; bytes: number }) => void }[] = []
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }))
      if (done) return
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end + 2)
        buffer = buffer.slice(end + 2)
        const data = message.startsWith('data: ') ? message.slice(6, -2) : null
        if (!data) continue
        const event = JSON.parse(data) as { name: string; data: LibraryChange }
        if (event.name !== 'library:changed') continue
        const item = { change: event.data, bytes: Buffer.byteLength(message) }
        const at = waiting.findIndex((w) => touches(event.data, w.about))
        if (at >= 0) waiting.splice(at, 1)[0]?.resolve(item)
      }
    }
  })()
  return {
    /** The next event about this paper; ask before sending the change. */
    next: (about: string) =>
      new Promise<{ change: LibraryChange; bytes: number }>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no change event about ${about} within 60 s`)),
          60_000,
        )
        waiting.push({
          about,
          resolve: (event) => {
            clearTimeout(timer)
            resolve(event)
          },
        })
      }),
    close: () => abort.abort(),
  }
}

function touches(change: LibraryChange, id: string): boolean {
  return (
    (change.papers?.rows.some((r) => r.id === id) ?? false) ||
    (change.notes?.includes(id) ?? false) ||
    (change.lists?.rows.some((l) => l.paperIds.includes(id)) ?? false)
  )
}
