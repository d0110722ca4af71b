import type { Page } from '@playwright/test'

/** One event of Chromium's own tracing, as CDP hands it over (TraceEvent). */
export interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { url?: string; requestId?: string; functionName?: string } }
}

/** What the trace scripts record: main-thread tasks, script, loading and the page's marks. */
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'loading',
  'navigation',
]

/** Traces `page` with Chromium's tracing (CDP) while `run` runs; the events recorded. */
export async function traced(page: Page, run: () => Promise<void>): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page)
  const events: TraceEvent[] = []
  // CDP types trace events as string maps; they are what Chromium writes (TraceEvent).
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])))
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES } })
  await run()
  await cdp.send('Tracing.end')
  await complete
  return events
}

/** Prints the page's requests from `since` on: when each was sent and finished, by `at`. */
export function printRequests(events: TraceEvent[], since: number, at: (ts: number) => string): void {
  console.log('requests (sent → finished):')
  const sent = new Map<string, TraceEvent>()
  for (const e of events.filter((x) => x.ts >= since).sort((a, b) => a.ts - b.ts)) {
    const id = e.args?.data?.requestId
    if (!id) continue
    if (e.name === 'ResourceSendRequest') sent.set(id, e)
    if (e.name === 'ResourceFinish' && sent.has(id)) {
      const from = sent.get(id)
      const url = (from?.args?.data?.url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\?token=.*/, '')
      console.log(`  ${at(from?.ts ?? 0)} → ${at(e.ts)}  ${url}`)
    }
  }
}
