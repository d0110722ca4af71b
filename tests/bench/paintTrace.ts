/**
 * Where the time to the first painted row goes, in browser mode: one page load traced with Chromium's
 * own tracing (CDP), summed by kind of work on the page's main thread, with the network requests.
 *
 *   npx tsx tests/bench/paintTrace.ts [--size=10000] [--data=DIR] [--screenshot=FILE]
 *
 * `--data` keeps the generated library in DIR (made when missing) for the next run; `--screenshot`
 * saves the screen as it was when the first row was painted. Prints one table.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLectern } from '../e2e/support/lecternServer'
import { launchChromium } from './browser'
import { printRequests, traced, type TraceEvent } from './chromeTrace'
import { openedBefore } from './listPaint'
import { buildLibrary } from './store'

const size = Number(arg('size') ?? 10_000)
const kept = arg('data')
const dir = kept ?? (await mkdtemp(join(tmpdir(), 'lectern-paint-trace-')))
if (!existsSync(join(dir, 'papers'))) {
  await buildLibrary(dir, size)
  await openedBefore(dir)
}
const server = await startLectern(dir)
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[role="option"]')) return
      observer.disconnect()
      requestAnimationFrame(() => setTimeout(() => performance.mark('lectern-first-row-painted'), 0))
    }).observe(document, { childList: true, subtree: true })
  })
  const events = await traced(page, async () => {
    await page.goto(server.url)
    await page.waitForFunction(() => performance.getEntriesByName('lectern-first-row-painted').length > 0)
  })
  const screenshot = arg('screenshot')
  if (screenshot) await page.screenshot({ path: screenshot })
  report(events)
} finally {
  await browser.close()
  await server.stop()
  if (!kept) await rm(dir, { recursive: true, force: true })
}

function report(events: TraceEvent[]): void {
  const start = events.find((e) => e.name === 'navigationStart' && e.cat.includes('blink.user_timing'))
  const end = events.find((e) => e.name === 'lectern-first-row-painted')
  if (!start || !end) throw new Error('the trace has no navigation start or no first row mark')
  const main = end.tid
  const at = (ts: number) => ((ts - start.ts) / 1000).toFixed(0).padStart(5)
  const inWindow = (e: TraceEvent) => e.ts >= start.ts && e.ts <= end.ts
  console.log(`${size.toLocaleString('en')} papers: first row painted at ${at(end.ts)} ms`)
  // The page's main thread, by kind of work: top-level tasks and what ran directly inside them.
  const tasks = events.filter((e) => e.tid === main && e.ph === 'X' && e.name === 'RunTask' && inWindow(e))
  const inside = events.filter((e) => e.tid === main && e.ph === 'X' && e.name !== 'RunTask' && inWindow(e))
  const byKind = new Map<string, number>()
  const longTasks: string[] = []
  for (const task of tasks) {
    const kinds = new Map<string, number>()
    const taskEnd = task.ts + (task.dur ?? 0)
    // Only the outermost events of each task, so nothing is counted twice.
    let reached = task.ts
    for (const e of inside.filter((x) => x.ts >= task.ts && x.ts < taskEnd).sort((a, b) => a.ts - b.ts)) {
      if (e.ts < reached) continue
      reached = e.ts + (e.dur ?? 0)
      const url = e.args?.data?.url?.replace(/^.*\//, '') ?? ''
      const kind = `${e.name}${url ? ` ${url}` : ''}`
      byKind.set(kind, (byKind.get(kind) ?? 0) + (e.dur ?? 0) / 1000)
      kinds.set(kind, (kinds.get(kind) ?? 0) + (e.dur ?? 0) / 1000)
    }
    if ((task.dur ?? 0) < 30_000) continue
    const top = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 2)
    longTasks.push(
      `  ${at(task.ts)}  ${((task.dur ?? 0) / 1000).toFixed(0).padStart(5)} ms  ` +
        top.map(([kind, ms]) => `${kind} ${ms.toFixed(0)} ms`).join(', '),
    )
  }
  console.log('long tasks (ms from navigation, length, mostly):')
  for (const line of longTasks) console.log(line)
  const busy = tasks.reduce((sum, t) => sum + (t.dur ?? 0) / 1000, 0)
  console.log(`main thread busy ${busy.toFixed(0)} ms before the first row, most of it:`)
  for (const [kind, ms] of [...byKind].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${kind}`)
  printRequests(events, start.ts, at)
}

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}
