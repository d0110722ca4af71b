import { describe, expect, it } from 'vitest'
import {
  ArxivClient,
  type ArxivClientOptions,
  type ArxivResult,
  type FetchProgress,
} from '../../../src/main/core/arxiv'
import { FakeClock } from '../../fixtures/arxiv/fakeClock'
import { renderErrorFeed, renderFeed, type FakeEntry, type FeedItem } from '../../fixtures/arxiv/renderAtom'

/** One request as the mocked network saw it, at virtual time `at`. */
interface SeenRequest {
  at: number
  ids: string[]
  maxResults: number
  userAgent: string | null
}
type Reply = (req: SeenRequest, signal: AbortSignal) => Response | Promise<Response> | 'hang' | Error

const ENTRY = (id: string): FakeEntry => ({
  id,
  title: `Paper ${id}`,
  abstract: `Abstract of ${id}.`,
  authors: ['A. Author'],
  published: '2024-02-12T10:00:00Z',
  primaryCategory: 'cs.LG',
})

/** A well-behaved arXiv: every id it is asked about exists. */
const feedFor = (req: SeenRequest, known: (id: string) => boolean = () => true): Response =>
  atom(
    renderFeed(
      'modern',
      { idList: req.ids, start: 0, maxResults: req.maxResults },
      req.ids
        .slice(0, req.maxResults)
        .map((id): FeedItem => (known(id) ? { kind: 'paper', entry: ENTRY(id) } : { kind: 'empty' }))
        .reverse(),
    ),
  )
const atom = (xml: string): Response =>
  new Response(xml, { status: 200, headers: { 'Content-Type': 'application/atom+xml' } })

function setup(reply: Reply, opts: Partial<ArxivClientOptions> = {}) {
  const clock = new FakeClock()
  const seen: SeenRequest[] = []
  const fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input))
    const req: SeenRequest = {
      at: clock.now(),
      ids: (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean),
      maxResults: Number(url.searchParams.get('max_results')),
      userAgent: new Headers(init?.headers).get('user-agent'),
    }
    seen.push(req)
    const signal = init?.signal ?? new AbortController().signal
    const answer = await reply(req, signal)
    if (answer instanceof Error) throw answer
    if (answer === 'hang') {
      return new Promise<Response>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      )
    }
    return answer
  }) as typeof globalThis.fetch
  const client = new ArxivClient({
    baseUrl: 'https://export.arxiv.org/',
    fetch,
    now: clock.now,
    sleep: clock.sleep,
    userAgent: 'Lectern/0.1 (tests; mailto:dev@example.org)',
    ...opts,
  })
  return { client, clock, seen }
}

const ids = (n: number, from = 1): string[] =>
  Array.from({ length: n }, (_, i) => `2402.${String(from + i).padStart(5, '0')}`)
const gaps = (seen: SeenRequest[]): number[] => seen.slice(1).map((r, i) => r.at - (seen[i]?.at ?? 0))
const reasons = (results: Map<string, ArxivResult>): Record<string, string> =>
  Object.fromEntries([...results].flatMap(([id, r]) => (r.ok ? [] : [[id, r.reason]])))

describe('ArxivClient.fetchMetadata', () => {
  it('asks for 250 ids in 3 requests of ≤100, at least 3 s apart, with max_results matching', async () => {
    const { client, seen } = setup((req) => feedFor(req))
    const batches: number[] = []
    const progress: FetchProgress[] = []
    const results = await client.fetchMetadata(ids(250), {
      onBatch: (b) => void batches.push(b.size),
      onProgress: (p) => progress.push(p),
    })

    expect(seen.map((r) => r.ids.length)).toEqual([100, 100, 50])
    expect(seen.map((r) => r.maxResults)).toEqual([100, 100, 50])
    expect(seen.flatMap((r) => r.ids)).toEqual(ids(250))
    for (const gap of gaps(seen)) expect(gap).toBeGreaterThanOrEqual(3000)
    expect(seen[0]?.userAgent).toBe('Lectern/0.1 (tests; mailto:dev@example.org)')
    expect(batches).toEqual([100, 100, 50])
    expect([...results.keys()]).toEqual(ids(250))
    expect([...results.values()].every((r) => r.ok)).toBe(true)
    expect(results.get('2402.00007')).toEqual({
      ok: true,
      meta: expect.objectContaining({ title: 'Paper 2402.00007' }),
    })
    expect(progress.at(-1)).toEqual({ done: 250, total: 250, nextRequestInMs: 0 })
    expect(progress.some((p) => p.nextRequestInMs > 0 && p.nextRequestInMs <= 3000)).toBe(true)
  })

  it('keeps the 3 s spacing across concurrent calls on one instance, one request at a time', async () => {
    let inFlight = 0
    let overlapped = false
    const { client, clock, seen } = setup(async (req) => {
      overlapped ||= inFlight > 0
      inFlight++
      await clock.sleep(500)
      inFlight--
      return feedFor(req)
    })
    const [a, b] = await Promise.all([
      client.fetchMetadata(ids(3, 1), { onBatch: () => undefined }),
      client.fetchMetadata(ids(3, 10)),
    ])
    expect(overlapped).toBe(false)
    expect(seen).toHaveLength(2)
    for (const gap of gaps(seen)) expect(gap).toBeGreaterThanOrEqual(3000)
    expect(a.size + b.size).toBe(6)
  })

  it('retries 503 with exponential backoff and then succeeds', async () => {
    let calls = 0
    const { client, seen } = setup((req) =>
      ++calls <= 2 ? new Response('busy', { status: 503 }) : feedFor(req),
    )
    const results = await client.fetchMetadata(['2402.07827'])
    expect(results.get('2402.07827')?.ok).toBe(true)
    expect(seen).toHaveLength(3)
    const [first, second] = gaps(seen)
    expect(first).toBeGreaterThanOrEqual(3000)
    expect(second).toBeGreaterThanOrEqual(6000)
  })

  it('gives up after 5 tries with a clear reason for every id of the batch', async () => {
    const { client, seen } = setup(() => new Response('busy', { status: 503 }))
    const results = await client.fetchMetadata(['2402.07827', '2402.07456'])
    expect(seen).toHaveLength(5)
    expect(reasons(results)).toEqual({
      '2402.07827': 'arXiv did not answer after 5 tries (HTTP 503)',
      '2402.07456': 'arXiv did not answer after 5 tries (HTTP 503)',
    })
  })

  it('honours Retry-After on 429', async () => {
    let calls = 0
    const { client, seen } = setup((req) =>
      ++calls === 1
        ? new Response('Rate exceeded.', { status: 429, headers: { 'Retry-After': '20' } })
        : feedFor(req),
    )
    const waits: number[] = []
    const results = await client.fetchMetadata(['2402.07827'], {
      onProgress: (p) => waits.push(p.nextRequestInMs),
    })
    expect(results.get('2402.07827')?.ok).toBe(true)
    expect(gaps(seen)[0]).toBeGreaterThanOrEqual(20_000)
    expect(waits).toContain(20_000)
  })

  it('fails a batch at once when arXiv asks to wait far too long', async () => {
    const { client, seen } = setup(
      () => new Response('Rate exceeded.', { status: 429, headers: { 'Retry-After': '3600' } }),
    )
    const results = await client.fetchMetadata(['2402.07827'])
    expect(seen).toHaveLength(1)
    expect(reasons(results)['2402.07827']).toBe('arXiv asked to wait 3600 s before asking again (HTTP 429)')
  })

  it('retries network errors', async () => {
    let calls = 0
    const { client, seen } = setup((req) =>
      ++calls === 1
        ? new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })
        : feedFor(req),
    )
    expect((await client.fetchMetadata(['2402.07827'])).get('2402.07827')?.ok).toBe(true)
    expect(seen).toHaveLength(2)
  })

  it('names the network error when it never recovers', async () => {
    const { client } = setup(
      () => new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      {
        maxRetries: 1,
      },
    )
    expect(reasons(await client.fetchMetadata(['2402.07827']))['2402.07827']).toBe(
      'arXiv did not answer after 2 tries (network error: ECONNREFUSED)',
    )
  })

  it('times out a request that never answers, on the injected clock', async () => {
    const { client, clock, seen } = setup(() => 'hang', { maxRetries: 1, timeoutMs: 30_000 })
    const start = clock.now()
    const results = await client.fetchMetadata(['2402.07827'])
    expect(reasons(results)['2402.07827']).toBe('arXiv did not answer after 2 tries (no answer within 30 s)')
    expect(seen).toHaveLength(2)
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000)
  })

  it('retries a truncated body, then reports it clearly', async () => {
    const full = (req: SeenRequest): Promise<string> => feedFor(req).text()
    let calls = 0
    const flaky = setup(async (req) => {
      const xml = await full(req)
      return atom(++calls === 1 ? xml.slice(0, xml.length / 2) : xml)
    })
    expect((await flaky.client.fetchMetadata(['2402.07827'])).get('2402.07827')?.ok).toBe(true)
    expect(flaky.seen).toHaveLength(2)

    const broken = setup(async (req) => {
      const xml = await full(req)
      return atom(xml.slice(0, xml.length - 12))
    })
    const results = await broken.client.fetchMetadata(['2402.07827'])
    expect(broken.seen).toHaveLength(5)
    expect(reasons(results)['2402.07827']).toBe(
      'arXiv sent an unreadable answer 5 times (incomplete response: no closing </feed>)',
    )
  })

  it("gives the rejected id arXiv's reason and asks again for the others", async () => {
    const { client, seen } = setup((req) =>
      req.ids.includes('2402.00002')
        ? atom(
            renderErrorFeed(
              'classic',
              { idList: req.ids, start: 0, maxResults: req.maxResults },
              '2402.00002',
            ),
          )
        : feedFor(req),
    )
    const results = await client.fetchMetadata(ids(3))
    expect(seen.map((r) => r.ids)).toEqual([ids(3), ['2402.00001', '2402.00003']])
    expect(reasons(results)).toEqual({
      '2402.00002': 'arXiv rejected the id: incorrect id format for 2402.00002',
    })
    expect(results.get('2402.00001')?.ok).toBe(true)
    expect(results.get('2402.00003')?.ok).toBe(true)
  })

  it('pins an error that names no id on the culprit by halving the batch', async () => {
    const nameless = (req: SeenRequest): string =>
      renderErrorFeed('modern', { idList: req.ids, start: 0, maxResults: req.maxResults }, 'x').replace(
        /#incorrect_id_format_for_x/g,
        '#internal_error',
      )
    const { client, seen } = setup((req) =>
      req.ids.includes('2402.00003') ? atom(nameless(req)) : feedFor(req),
    )
    const results = await client.fetchMetadata(ids(4))
    expect(reasons(results)).toEqual({ '2402.00003': 'arXiv rejected the id: incorrect id format for x' })
    expect(seen.map((r) => r.ids.length)).toEqual([4, 2, 2, 1, 1])
    expect([...results.keys()]).toEqual(ids(4))
  })

  it('reports ids arXiv leaves out or answers with an empty entry as missing', async () => {
    const { client } = setup((req) =>
      feedFor({ ...req, ids: req.ids.filter((id) => id !== '2402.99998') }, (id) => id !== '2402.99999'),
    )
    const results = await client.fetchMetadata(['2402.07827', '2402.99999', '2402.99998'])
    expect(results.get('2402.07827')?.ok).toBe(true)
    expect(reasons(results)).toEqual({
      '2402.99999': 'arXiv has no paper 2402.99999',
      '2402.99998': 'arXiv has no paper 2402.99998',
    })
  })

  it('splits a batch that arXiv answers with 414', async () => {
    const { client, seen } = setup((req) =>
      req.ids.length > 30 ? new Response('too long', { status: 414 }) : feedFor(req),
    )
    const results = await client.fetchMetadata(ids(100))
    expect(seen.map((r) => r.ids.length)).toEqual([100, 50, 25, 25, 50, 25, 25])
    expect([...results.values()].every((r) => r.ok)).toBe(true)
    for (const gap of gaps(seen)) expect(gap).toBeGreaterThanOrEqual(3000)
  })

  it('does not retry a plain refusal', async () => {
    const { client, seen } = setup(() => new Response('max_results must be an integer', { status: 400 }))
    const results = await client.fetchMetadata(['2402.07827'])
    expect(seen).toHaveLength(1)
    expect(reasons(results)['2402.07827']).toBe(
      'arXiv refused the request (HTTP 400: max_results must be an integer)',
    )
  })

  it('answers texts that are no arXiv id without asking, and keys results by the id without version', async () => {
    const { client, seen } = setup((req) => feedFor(req))
    const results = await client.fetchMetadata([
      '2402.07827v2',
      'arXiv:2402.07456',
      'not-an-id',
      '1234.12345',
    ])
    expect(seen.map((r) => r.ids)).toEqual([['2402.07827', '2402.07456']])
    expect([...results.keys()]).toEqual(['2402.07827', '2402.07456', 'not-an-id', '1234.12345'])
    expect(reasons(results)).toEqual({
      'not-an-id': 'not an arXiv id: "not-an-id"',
      '1234.12345': 'not an arXiv id: "1234.12345"',
    })
  })

  it('stops on abort, keeping the batches already delivered, and throws the abort', async () => {
    const controller = new AbortController()
    const { client, seen } = setup((req) => feedFor(req), { batchSize: 10 })
    const delivered: string[][] = []
    const run = client.fetchMetadata(ids(30), {
      signal: controller.signal,
      onBatch: (b) => {
        delivered.push([...b.keys()])
        controller.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(seen).toHaveLength(1)
    expect(delivered).toEqual([ids(10)])
  })

  it('aborts a request in flight and a wait between requests', async () => {
    const inFlight = new AbortController()
    const hanging = setup(() => {
      inFlight.abort()
      return 'hang'
    })
    await expect(
      hanging.client.fetchMetadata(['2402.07827'], { signal: inFlight.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    })

    const waiting = new AbortController()
    const { client, seen } = setup((req) => feedFor(req), { batchSize: 1 })
    const run = client.fetchMetadata(ids(3), {
      signal: waiting.signal,
      onProgress: (p) => {
        if (p.done === 1 && p.nextRequestInMs > 0) waiting.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(seen).toHaveLength(1)
  })

  it('persists batch by batch: onBatch is awaited before the next request', async () => {
    const order: string[] = []
    const { client } = setup(
      (req) => {
        order.push(`request ${req.ids.length}`)
        return feedFor(req)
      },
      { batchSize: 2 },
    )
    await client.fetchMetadata(ids(4), {
      onBatch: async (b) => {
        await Promise.resolve()
        order.push(`saved ${b.size}`)
      },
    })
    expect(order).toEqual(['request 2', 'saved 2', 'request 2', 'saved 2'])
  })

  it('refuses batch sizes that would make arXiv answer 414', () => {
    expect(() => setup(() => 'hang', { batchSize: 101 })).toThrow(RangeError)
  })
})
