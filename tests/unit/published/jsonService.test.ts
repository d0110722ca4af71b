import { afterEach, describe, expect, it } from 'vitest'
import { JsonService, type JsonServiceOptions } from '../../../src/main/core/published/jsonService'
import { lookUpOpenAlex } from '../../../src/main/core/published/openAlex'
import { lookUpSemanticScholar } from '../../../src/main/core/published/semanticScholar'
import { searchDblp } from '../../../src/main/core/published/dblp'
import { FakeClock } from '../../fixtures/arxiv/fakeClock'
import { startFakeScholarly, type FakeScholarly } from '../../fixtures/published/fakeScholarlyServers'

let fake: FakeScholarly | null = null
afterEach(async () => {
  await fake?.close()
  fake = null
})

async function services(options: Partial<JsonServiceOptions> = {}) {
  fake = await startFakeScholarly()
  const clock = new FakeClock()
  const waits: number[] = []
  const make = (name: string, baseUrl: string) =>
    new JsonService({
      name,
      baseUrl,
      fetch: globalThis.fetch,
      now: clock.now,
      sleep: (ms, signal) => {
        waits.push(ms)
        return clock.sleep(ms, signal)
      },
      userAgent: 'Lectern/test',
      minIntervalMs: 100,
      ...options,
    })
  return {
    fake,
    waits,
    openAlex: make('OpenAlex', fake.openAlex.url),
    s2: make('Semantic Scholar', fake.semanticScholar.url),
    dblp: make('DBLP', fake.dblp.url),
  }
}

describe('the three services over loopback, in their exact shapes', () => {
  it('200 and 404 from OpenAlex; the key goes as api_key', async () => {
    const { fake, openAlex } = await services()
    expect(await lookUpOpenAlex(openAlex, '2402.07827', { apiKey: 'oa-key' })).toMatchObject({
      source: 'openalex',
    })
    expect(await lookUpOpenAlex(openAlex, '2402.99999', { apiKey: null })).toBeNull()
    expect(fake.openAlex.requests[0]).toContain('api_key=oa-key')
    expect(fake.openAlex.requests[1]).not.toContain('api_key')
  })

  it('a Semantic Scholar batch answers in order with nulls; a wrong answer length is an error', async () => {
    const { fake, s2 } = await services()
    const answers = await lookUpSemanticScholar(s2, ['2402.07872', '2402.00000', '2402.07319'], {
      apiKey: 'k',
    })
    expect([...answers.keys()]).toEqual(['2402.07872', '2402.00000', '2402.07319'])
    expect(answers.get('2402.07872')).toMatchObject({ source: 'semantic-scholar' })
    expect(answers.get('2402.00000')).toBeNull()
    expect(answers.get('2402.07319')).toBeNull()
    expect(fake.semanticScholar.requests[0]).toMatch(
      /^POST \/graph\/v1\/paper\/batch\?fields=externalIds,venue,publicationVenue,journal,year,publicationTypes$/,
    )
    // 403 for a key the service does not take: a refusal, not retried.
    await expect(lookUpSemanticScholar(s2, ['2402.07872'], { apiKey: '' })).rejects.toThrow(
      /refused the request \(HTTP 403/,
    )
  })

  it('429 with Retry-After is waited out as it says, then answered', async () => {
    const { fake, waits, dblp } = await services()
    fake.dblp.setBehaviour({ kind: 'rateLimit', retryAfterSeconds: 7 })
    const match = await searchDblp(
      dblp,
      {
        title: 'Prismatic VLMs: Investigating the Design Space of Visually-Conditioned Language Models',
        firstAuthor: 'Percy Liang',
      },
      {},
    )
    expect(match).toMatchObject({ venue: 'ICML' })
    expect(fake.dblp.requests).toHaveLength(2)
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(7000)
  })

  it('500, a cut-off body and a slow answer are tried again with backoff', async () => {
    const { fake, waits, openAlex } = await services({ timeoutMs: 1500, retryBaseDelayMs: 1000 })
    fake.openAlex.setBehaviour({ kind: 'status', status: 500 })
    expect(await lookUpOpenAlex(openAlex, '2402.07827', { apiKey: null })).not.toBeNull()
    fake.openAlex.setBehaviour({ kind: 'truncate' })
    expect(await lookUpOpenAlex(openAlex, '2402.07827', { apiKey: null })).not.toBeNull()
    fake.openAlex.setBehaviour({ kind: 'slow', delayMs: 5000 })
    expect(await lookUpOpenAlex(openAlex, '2402.07827', { apiKey: null })).not.toBeNull()
    expect(fake.openAlex.requests).toHaveLength(6)
    expect(waits.filter((ms) => ms >= 1000)).toHaveLength(3)
  })

  it('gives up after its tries, saying why; a Retry-After too long is not waited for', async () => {
    const { fake, openAlex } = await services({ maxTries: 3, maxRetryAfterMs: 60_000 })
    fake.openAlex.setBehaviour({ kind: 'status', status: 502, times: 10 })
    await expect(lookUpOpenAlex(openAlex, '2402.07827', { apiKey: null })).rejects.toThrow(
      'OpenAlex could not be reached after 3 tries (HTTP 502)',
    )
    expect(fake.openAlex.requests).toHaveLength(3)
    fake.openAlex.setBehaviour({ kind: 'rateLimit', retryAfterSeconds: 3600 })
    await expect(lookUpOpenAlex(openAlex, '2402.07827', { apiKey: null })).rejects.toThrow(/wait 3600 s/)
  })

  it('a cancelled request stops at once', async () => {
    const { fake, openAlex } = await services()
    fake.openAlex.setBehaviour({ kind: 'slow', delayMs: 2000 })
    const controller = new AbortController()
    const asked = lookUpOpenAlex(openAlex, '2402.07827', { apiKey: null, signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(asked).rejects.toThrow(/cancelled/)
  })
})
