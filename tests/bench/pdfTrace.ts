/**
 * Where a first open of the reader goes, in browser mode: a paper is selected, the reader pauses as
 * the bench does, clicks "Read PDF", and the time to page 1's inked canvas is traced with Chromium's
 * own tracing (CDP). Prints the main thread's and the pdf.js worker's work from the selection on.
 *
 *   LECTERN_SHARED=/work/shared npx tsx tests/bench/pdfTrace.ts [--file=tracemonkey.pdf] [--pause=600]
 *     [--profile]
 *
 * `--profile` adds a JS sampling profile of the click to the first page: self time by function.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT, startLectern } from '../e2e/support/lecternServer'
import { launchChromium } from './browser'
import { printRequests, traced, type TraceEvent } from './chromeTrace'
import { apiCaller } from './pdfFirstPage'

/** In the page (a string: tsx's helpers do not exist there): clicks Read PDF, times page 1's canvas. */
const clickAndWaitForPage1 = `new Promise((resolve) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Read PDF')
  performance.mark('trace-click')
  const start = performance.now()
  button.click()
  const check = () => {
    const canvas = document.querySelector('dialog [data-page-number="1"] canvas')
    if (canvas) {
      performance.mark('trace-ink')
      resolve(performance.now() - start)
    } else requestAnimationFrame(check)
  }
  check()
})`

const file = arg('file') ?? 'tracemonkey.pdf'
const pause = Number(arg('pause') ?? 600)
const shared = join(process.env.LECTERN_SHARED ?? join(REPO_ROOT, '../shared'), 'pdfs')
const dir = await mkdtemp(join(tmpdir(), 'lectern-pdf-trace-'))
const server = await startLectern(dir)
const browser = await launchChromium()
try {
  const call = apiCaller(server)
  await call('settings:update', { autoFetchMetadata: false })
  const seed = await readFile(join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md'), 'utf8')
  await call('digests:importText', { files: [{ name: '2024-02-13.md', text: seed }] })
  const base64 = (await readFile(join(shared, file))).toString('base64')
  await call('pdf:attach', { paperId: '2402.07872', name: file, base64 })
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  page.on('console', (m) => console.log(`console: ${m.text()}`))
  await page.goto(server.url)
  const profiling = process.argv.includes('--profile')
  const cdp = await context.newCDPSession(page)
  let ms = 0
  const events = await traced(page, async () => {
    await page.evaluate(() => performance.mark('trace-select'))
    await page.getByRole('option').filter({ hasText: 'PIVOT' }).click()
    await page.getByRole('button', { name: 'Read PDF' }).waitFor()
    await page.waitForTimeout(pause)
    if (profiling) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
      await cdp.send('Profiler.start')
    }
    ms = await page.evaluate<number>(clickAndWaitForPage1)
    await page.waitForTimeout(100)
    if (profiling) printProfile((await cdp.send('Profiler.stop')).profile)
  })
  console.log(`${file}: click to canvas ${ms.toFixed(0)} ms`)
  report(events)
} finally {
  await browser.close()
  await server.stop()
  await rm(dir, { recursive: true, force: true })
}

function report(events: TraceEvent[]): void {
  const select = events.find((e) => e.name === 'trace-select')
  const click = events.find((e) => e.name === 'trace-click')
  const ink = events.find((e) => e.name === 'trace-ink')
  if (!select || !click || !ink) throw new Error('marks missing')
  const at = (ts: number) => ((ts - click.ts) / 1000).toFixed(0).padStart(6)
  const threads = new Map<string, string>()
  for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
  const main = `${click.pid}:${click.tid}`
  const wanted = (e: TraceEvent) => {
    const t = `${e.pid}:${e.tid}`
    return t === main || (e.pid === click.pid && /Worker/i.test(threads.get(t) ?? ''))
  }
  const tops = events
    .filter((e) => e.ph === 'X' && wanted(e) && e.ts >= select.ts && e.ts <= ink.ts + 50_000)
    .sort((a, b) => a.ts - b.ts)
  const byThread = new Map<string, TraceEvent[]>()
  for (const e of tops) byThread.set(`${e.pid}:${e.tid}`, [...(byThread.get(`${e.pid}:${e.tid}`) ?? []), e])
  for (const [thread, list] of byThread) {
    console.log(
      `--- ${threads.get(thread) ?? thread} (ms from click; select at ${at(select.ts)}, ink at ${at(ink.ts)})`,
    )
    let reached = 0
    for (const e of list) {
      if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') continue
      if (e.ts < reached) continue
      reached = e.ts + (e.dur ?? 0)
      if ((e.dur ?? 0) < 4000) continue
      const url = (e.args?.data?.url ?? '').replace(/^.*\//, '').replace(/\?.*/, '')
      const fn = e.args?.data?.functionName ?? ''
      console.log(`  ${at(e.ts)} ${((e.dur ?? 0) / 1000).toFixed(1).padStart(7)} ms  ${e.name} ${fn} ${url}`)
    }
  }
  printRequests(events, select.ts, at)
  const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.ts >= select.ts)
  for (const m of marks) console.log(`  mark ${at(m.ts)} ${m.name}`)
}

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

/** Self time by function over the profile, and the 12 biggest with their callers' chain (short). */
function printProfile(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<string, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const name = (n: ProfileNode | undefined) =>
    n
      ? `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber}`
      : ''
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] ?? 0
    const node = byId.get(id)
    if (!node || /^\((idle|program|garbage collector)\)$/.test(node.callFrame.functionName)) continue
    // Attribute to the nearest frame in app or pdf.js code with its 3 callers.
    const chain: string[] = []
    let at: number | undefined = id
    while (at !== undefined && chain.length < 4) {
      const n = byId.get(at)
      if (n && n.callFrame.url) chain.push(name(n))
      at = parent.get(at)
    }
    const key = chain.join(' < ') || name(node)
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000)
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  console.log(`profile: ${total.toFixed(0)} ms of JS sampled; top:`)
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${key.slice(0, 260)}`)
}
