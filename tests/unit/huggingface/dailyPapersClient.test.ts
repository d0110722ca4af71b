import { afterEach, describe, expect, it } from 'vitest'
import {
  DailyPapersClient,
  type DailyPapersClientOptions,
} from '../../../src/main/core/huggingface/dailyPapersClient'
import { LecternError } from '../../../src/shared/errors'
import {
  BIG_DAY,
  RECENT_DAY,
  SEED_DAY,
  startFakeHuggingFace,
  type FakeHuggingFace,
  type FakeHuggingFaceOptions,
} from '../../fixtures/huggingface/fakeHuggingFace'
import { virtualClock } from './virtualClock'

let server: FakeHuggingFace | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function start(opts: FakeHuggingFaceOptions = {}, client: Partial<DailyPapersClientOptions> = {}) {
  const clock = virtualClock()
  server = await startFakeHuggingFace({ today: '2026-12-02', now: clock.now, ...opts })
  const hf = new DailyPapersClient({
    baseUrl: server.url,
    fetch: globalThis.fetch,
    now: clock.now,
    sleep: clock.sleep,
    userAgent: 'Lectern/test (loopback fake)',
    ...client,
  })
  return { server, hf, clock }
}

async function failure(promise: Promise<unknown>): Promise<LecternError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(LecternError)
  return error as LecternError
}

describe('DailyPapersClient against the loopback fake Hub', { timeout: 60_000 }, () => {
  it('lists the seed day: 16 validated papers from one page, asked as the Hub expects', async () => {
    const { server, hf } = await start()
    const answer = await hf.list({ date: SEED_DAY })
    expect(server.requests).toEqual([`/api/daily_papers?date=${SEED_DAY}&p=0&limit=50`])
    expect(answer.pages).toBe(1)
    expect(answer.rejected).toEqual([])
    expect(answer.items).toHaveLength(16)
    expect(answer.items[0]).toMatchObject({ place: 1, item: { paper: { id: '2402.07827', upvotes: 21 } } })
    expect(answer.source).toBe(`${server.url}/papers/date/${SEED_DAY}`)
  })

  it('needs 3 pages for a 120-paper day, p counting from 0, and stops at the short page', async () => {
    const { server, hf } = await start()
    const answer = await hf.list({ date: BIG_DAY })
    expect(server.requests).toEqual([0, 1, 2].map((p) => `/api/daily_papers?date=${BIG_DAY}&p=${p}&limit=50`))
    expect(answer.items).toHaveLength(120)
    expect(new Set(answer.items.map((i) => i.item.paper.id)).size).toBe(120)
  })

  it('asks once more when a page comes back exactly full, and takes the empty page as the end', async () => {
    const { server, hf } = await start({}, { pageSize: 40 })
    const answer = await hf.list({ date: BIG_DAY })
    expect(server.requests.map((r) => new URL(r, 'http://x').searchParams.get('p'))).toEqual([
      '0',
      '1',
      '2',
      '3',
    ])
    expect(answer.items).toHaveLength(120)
  })

  it('spaces requests at least 0.6 s apart (500 per 5 minutes at most)', async () => {
    const { hf, clock } = await start()
    await hf.list({ date: BIG_DAY })
    expect(clock.slept).toEqual([600, 600])
  })

  it('waits out a 429 for as long as its RateLimit header says, then goes on', async () => {
    const { server, hf, clock } = await start()
    server.setBehaviour({ kind: 'rateLimit', resetSeconds: 120 })
    const answer = await hf.list({ date: SEED_DAY })
    expect(answer.items).toHaveLength(16)
    expect(server.requests).toHaveLength(2)
    // The reset (120 s) and a second's margin, counted from the end of the refused request.
    expect(clock.slept).toEqual([121_000])
  })

  it('holds back when the window is spent (r=0) until the window resets, without a 429', async () => {
    const { server, hf, clock } = await start({ quota: 2, windowSeconds: 300 })
    const answer = await hf.list({ date: BIG_DAY })
    expect(answer.items).toHaveLength(120)
    // Page 2 (r=0 after it) makes the client wait for the reset before page 3: no 429 was needed.
    expect(server.requests).toHaveLength(3)
    expect(clock.slept[0]).toBe(600)
    expect(clock.slept[1]).toBeGreaterThan(200_000)
  })

  it('gives up with a clear message when the Hub asks for a wait longer than it allows', async () => {
    const { server, hf } = await start({}, { maxRateLimitWaitMs: 60_000 })
    server.setBehaviour({ kind: 'rateLimit', resetSeconds: 3600 })
    const error = await failure(hf.list({ date: SEED_DAY }))
    expect(error.code).toBe('network')
    expect(error.message).toContain('wait 3600 s')
  })

  it('a bad date is a clear error from the Hub (400), not retried', async () => {
    const { server, hf } = await start()
    const error = await failure(hf.list({ date: '2025-13-40' }))
    expect(error.code).toBe('invalid-input')
    expect(error.message).toContain('HTTP 400: Invalid ISO date')
    expect(server.requests).toHaveLength(1)
    const future = await failure(hf.list({ date: '2030-01-01' }))
    expect(future.message).toContain('Date must be before or equal to 2026-12-02')
  })

  it('refuses a period of the wrong shape before asking anything', async () => {
    const { server, hf } = await start()
    const error = await failure(hf.list({ date: '13/02/2024' }))
    expect(error.code).toBe('invalid-input')
    expect(server.requests).toHaveLength(0)
  })

  it('lists a month and an ISO week', async () => {
    const { hf } = await start()
    expect((await hf.list({ month: '2024-02' })).items).toHaveLength(16)
    expect((await hf.list({ week: '2024-W07' })).items).toHaveLength(16)
    expect((await hf.list({ week: '2024-W09' })).items).toHaveLength(120)
  })

  it('answers an empty day (a weekend) with no papers after one request', async () => {
    const { server, hf } = await start()
    const answer = await hf.list({ date: '2024-02-17' })
    expect(answer.items).toEqual([])
    expect(server.requests).toHaveLength(1)
  })

  it('asks again after a body cut off mid-way and after a 502', async () => {
    const { server, hf, clock } = await start()
    server.setBehaviour({ kind: 'truncate' })
    expect((await hf.list({ date: SEED_DAY })).items).toHaveLength(16)
    expect(server.requests).toHaveLength(2)
    server.setBehaviour({ kind: 'status', status: 502, times: 2 })
    expect((await hf.list({ date: SEED_DAY })).items).toHaveLength(16)
    expect(server.requests).toHaveLength(5)
    // Backoff 2 s then 4 s (each at least the spacing), on the injected clock.
    expect(clock.slept).toEqual([2000, 600, 2000, 4000])
  })

  it('waits for a slow answer within the timeout, and asks again when one is too slow', async () => {
    const { server, hf } = await start({}, { timeoutMs: 5000 })
    server.setBehaviour({ kind: 'slow', delayMs: 200 })
    expect((await hf.list({ date: SEED_DAY })).items).toHaveLength(16)
    expect(server.requests).toHaveLength(1)
    server.setBehaviour({ kind: 'slow', delayMs: 15_000 })
    expect((await hf.list({ date: SEED_DAY })).items).toHaveLength(16)
    expect(server.requests).toHaveLength(3)
  })

  it('says the Hub cannot be reached when nothing answers, after its tries', async () => {
    const { server: closed, hf } = await start({}, { maxTries: 3 })
    await closed.close()
    server = null
    const error = await failure(hf.list({ date: SEED_DAY }))
    expect(error.code).toBe('network')
    expect(error.message).toMatch(/could not be reached after 3 tries \(network error: ECONNREFUSED\)/)
  })

  it('stops reading a body over the size limit', async () => {
    const { hf } = await start({}, { maxBodyBytes: 10_000, maxTries: 1 })
    const error = await failure(hf.list({ date: SEED_DAY }))
    expect(error.message).toMatch(/the answer is .*over the 10,000 bytes limit/)
  })

  it('validates every item: one without an id is rejected with why, the others kept', async () => {
    const { hf } = await start()
    const answer = await hf.list({ date: RECENT_DAY })
    expect(answer.items.map((i) => i.item.paper.id)).toEqual(['2509.04664', '2509.06160', '2509.05209'])
    expect(answer.rejected).toEqual([{ place: 4, problem: expect.stringContaining('paper.id') }])
  })

  it('a cancel stops at once with a cancelled error', async () => {
    const { server, hf } = await start()
    server.setBehaviour({ kind: 'slow', delayMs: 5000 })
    const controller = new AbortController()
    const listing = hf.list({ date: SEED_DAY }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 100)
    const error = await failure(listing)
    expect(error.code).toBe('cancelled')
  })
})
