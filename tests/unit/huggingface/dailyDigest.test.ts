import { describe, expect, it } from 'vitest'
import { digestsOfAnswer } from '../../../src/main/core/huggingface/dailyDigest'
import type { DailyPapersAnswer } from '../../../src/main/core/huggingface/dailyPapersClient'
import { dailyPapersItem } from '../../../src/main/core/huggingface/dailyPapersItem'
import { parseRateLimit, parseRateLimitPolicy } from '../../../src/main/core/huggingface/rateLimitHeaders'
import { fixtureDay, generatedDay, SEED_DAY } from '../../fixtures/huggingface/fakeHuggingFace'

function answerOf(raw: unknown[]): DailyPapersAnswer {
  return {
    source: 'https://huggingface.co/papers/week/2024-W07',
    items: raw.map((r, i) => ({ place: i + 1, item: dailyPapersItem.parse(r) })),
    rejected: [],
    pages: 1,
  }
}

describe('Hugging Face rate-limit headers (IETF draft format)', () => {
  it('reads what is left and when the window resets, and the policy', () => {
    expect(parseRateLimit('"api";r=0;t=120')).toEqual({ remaining: 0, resetSeconds: 120 })
    expect(parseRateLimit('"api";r=499;t=300')).toEqual({ remaining: 499, resetSeconds: 300 })
    expect(parseRateLimitPolicy('"fixed window";"api";q=500;w=300')).toEqual({
      quota: 500,
      windowSeconds: 300,
    })
  })

  it('reads nothing it cannot: no guesses', () => {
    expect(parseRateLimit(null)).toBeNull()
    expect(parseRateLimit('"api"')).toBeNull()
    expect(parseRateLimit('limit=100, remaining=0, reset=30')).toBeNull()
    expect(parseRateLimitPolicy('"fixed window";"api";q=0;w=300')).toBeNull()
  })
})

describe('a Daily Papers answer as parsed digest days', () => {
  it('splits a week into its days by submittedOnDailyAt (UTC), in the Hub’s order', () => {
    const days = digestsOfAnswer(answerOf([...fixtureDay(SEED_DAY), ...generatedDay('2024-02-14', 2)]), null)
    expect(days.map((d) => [d.date, d.papers.length])).toEqual([
      [SEED_DAY, 16],
      ['2024-02-14', 2],
    ])
    expect(days[0]?.papers[0]).toMatchObject({ line: 1, id: '2402.07827', votes: 21, authorsElided: false })
  })

  it('an item without a day takes the requested day; a paper listed twice is kept once, with a warning', () => {
    const [first] = generatedDay('2024-02-14', 1) as [Record<string, unknown>]
    const paper = { ...(first.paper as object), submittedOnDailyAt: null }
    const days = digestsOfAnswer(answerOf([{ ...first, paper }, first]), '2024-02-14')
    expect(days).toHaveLength(1)
    expect(days[0]?.papers).toHaveLength(1)
    expect(days[0]?.diagnostics).toEqual([
      expect.objectContaining({
        line: 2,
        severity: 'warning',
        message: expect.stringContaining('listed twice'),
      }),
    ])
  })

  it('a paper the Hub keys by something else than an arXiv id gets its Hugging Face page as link', () => {
    const [first] = generatedDay('2024-02-14', 1) as [Record<string, unknown>]
    const paper = { ...(first.paper as object), id: 'acl-2024.long.1' }
    const [day] = digestsOfAnswer(answerOf([{ ...first, paper }]), null)
    expect(day?.papers[0]).toMatchObject({
      arxivId: null,
      url: 'https://huggingface.co/papers/acl-2024.long.1',
      id: expect.stringMatching(/^url:[0-9a-f]{16}$/),
    })
  })

  it('an empty weekend gives its day with no papers; an empty week gives nothing', () => {
    expect(digestsOfAnswer(answerOf([]), '2024-02-17')).toEqual([
      {
        file: 'https://huggingface.co/papers/week/2024-W07',
        date: '2024-02-17',
        papers: [],
        diagnostics: [],
      },
    ])
    expect(digestsOfAnswer(answerOf([]), null)).toEqual([])
  })
})
