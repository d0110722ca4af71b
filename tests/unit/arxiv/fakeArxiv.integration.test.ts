import { afterEach, describe, expect, it } from 'vitest'
import { ArxivClient, systemClock, type ArxivClientOptions } from '../../../src/main/core/arxiv'
import { startFakeArxiv, type FakeArxiv, type FakeArxivOptions } from '../../fixtures/arxiv/fakeArxivServer'
import { expectedMetadata } from '../../fixtures/arxiv/renderAtom'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'

// Real HTTP on loopback, real clock: a short interval keeps the test quick while still measurable.
const INTERVAL_MS = 200
// Arrival times are taken on the server; the client counts from the end of the previous exchange,
// so arrivals are spaced by at least the interval. Allow only for timer granularity.
const JITTER_MS = 5
const SEED_IDS = Object.keys(seedArxivEntries)

let server: FakeArxiv | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function start(opts: Partial<FakeArxivOptions> = {}, client: Partial<ArxivClientOptions> = {}) {
  server = await startFakeArxiv({ entries: seedArxivEntries, ...opts })
  const arxiv = new ArxivClient({
    baseUrl: server.url,
    fetch: globalThis.fetch,
    ...systemClock,
    userAgent: 'Lectern/0.1 (integration test; mailto:dev@example.org)',
    minIntervalMs: INTERVAL_MS,
    retryBaseDelayMs: 50,
    ...client,
  })
  return { server, arxiv }
}

const queryRequests = (s: FakeArxiv) => s.requests.filter((r) => r.url.startsWith('/api/query'))
const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? 0))

describe('ArxivClient against the loopback fake arXiv', () => {
  it.each(['classic', 'modern', 'modern-bare-links'] as const)(
    'fills all 16 seed papers with one request (%s layout)',
    async (layout) => {
      const { server, arxiv } = await start({ layout })
      const results = await arxiv.fetchMetadata(SEED_IDS)
      expect(queryRequests(server)).toHaveLength(1)
      expect(queryRequests(server)[0]?.url).toContain('&max_results=16')
      expect(results.size).toBe(16)
      for (const id of SEED_IDS) {
        const entry = seedArxivEntries[id]
        expect(entry).toBeDefined()
        if (entry) expect(results.get(id)).toEqual({ ok: true, meta: expectedMetadata(entry) })
      }
    },
  )

  it('spaces requests at least minIntervalMs apart', async () => {
    const { server, arxiv } = await start({}, { batchSize: 4 })
    const results = await arxiv.fetchMetadata(SEED_IDS)
    const times = queryRequests(server).map((r) => r.at)
    expect(times).toHaveLength(4)
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - JITTER_MS)
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(3 * INTERVAL_MS - JITTER_MS)
    expect([...results.values()].every((r) => r.ok)).toBe(true)
  })

  it('handles the quirks: unknown ids, a rejected id, a long URL, a 503 and a truncated body', async () => {
    const { server, arxiv } = await start({ rejectIds: ['2402.07033'], maxUrlLength: 100, layout: 'modern' })
    server.setBehaviour({ kind: 'status', status: 503, times: 1 })
    const results = await arxiv.fetchMetadata(['2402.99999', ...SEED_IDS.slice(0, 6), '2402.07033'])
    expect(results.get('2402.99999')).toEqual({ ok: false, reason: 'arXiv has no paper 2402.99999' })
    expect(results.get('2402.07033')).toEqual({
      ok: false,
      reason: 'arXiv rejected the id: incorrect id format for 2402.07033',
    })
    for (const id of SEED_IDS.slice(0, 6).filter((id) => id !== '2402.07033')) {
      expect(results.get(id)?.ok).toBe(true)
    }
    // The first request was too long (414); the halves that followed were not.
    const lengths = queryRequests(server).map((r) => r.url.length)
    expect(lengths[0]).toBeGreaterThan(100)
    expect(lengths.slice(1).every((n) => n <= 100)).toBe(true)
    for (const gap of gaps(queryRequests(server).map((r) => r.at))) {
      expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - JITTER_MS)
    }

    server.setBehaviour({ kind: 'truncate', times: 1 })
    const again = await arxiv.fetchMetadata(['2402.07827'])
    expect(again.get('2402.07827')?.ok).toBe(true)
  })

  it('reports a server that keeps failing, and a 429 with Retry-After', async () => {
    const { server, arxiv } = await start({}, { maxRetries: 2 })
    server.setBehaviour({ kind: 'status', status: 503, times: 10 })
    const failed = await arxiv.fetchMetadata(['2402.07827'])
    expect(failed.get('2402.07827')).toEqual({
      ok: false,
      reason: 'arXiv did not answer after 3 tries (HTTP 503)',
      transient: true,
    })

    server.setBehaviour({ kind: 'rateLimit', retryAfterSeconds: 1, times: 1 })
    const before = server.requests.length
    const ok = await arxiv.fetchMetadata(['2402.07827'])
    expect(ok.get('2402.07827')?.ok).toBe(true)
    const [limited, retried] = server.requests.slice(before)
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000 - JITTER_MS)
  })

  it('times out a slow answer and serves PDFs', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n%fake\n')
    const { server, arxiv } = await start({ pdfs: { '2402.07827': pdf } }, { timeoutMs: 300, maxRetries: 0 })
    server.setBehaviour({ kind: 'slow', delayMs: 1000 })
    const results = await arxiv.fetchMetadata(['2402.07827'])
    expect(results.get('2402.07827')).toEqual({
      ok: false,
      reason: 'arXiv did not answer after 1 tries (no answer within 0.3 s)',
      transient: true,
    })

    const res = await fetch(`${server.url}/pdf/2402.07827v2`)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf)
    expect((await fetch(`${server.url}/pdf/2402.07456`)).status).toBe(404)
  })
})
