import { LecternError } from '../../../shared/errors'
import { raceAbort } from '../arxiv/abortable'
import { describeNetworkError, parseRetryAfter } from '../arxiv/feedRequest'
import { RequestGate } from '../arxiv/requestGate'
import { BodyLimitError, readCappedBytes } from '../net/cappedBody'
import { dailyPapersItem, type DailyPapersItem } from './dailyPapersItem'
import { parseRateLimit } from './rateLimitHeaders'

/** What to list: one day, an ISO week (`2024-W07`) or a month (`2024-02`). */
export type DailyPapersPeriod = { date: string } | { week: string } | { month: string }

export interface DailyPapersClientOptions {
  /** e.g. https://huggingface.co (no trailing /api) */
  baseUrl: string
  fetch: typeof globalThis.fetch
  /** ms clock for request spacing and rate-limit waits (tests pass a virtual one). */
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  userAgent: string
  /** Items per page, 1–100 (the Hub refuses more); default 50, the Hub's own default. */
  pageSize?: number
  /**
   * Default 600 ms: anonymous callers get 500 requests per 5 minutes, so one request every 0.6 s
   * can never exceed the limit on its own, however long a catch-up runs.
   */
  minIntervalMs?: number
  /** Per request; default 30 s. */
  timeoutMs?: number
  /** Largest page body accepted; default 16 MB (a full page of 100 papers is well under 1 MB). */
  maxBodyBytes?: number
  /** Pages of one period at most; default 60 (3,000 papers, more than any month has had). */
  maxPages?: number
  /** Tries per page on network errors, timeouts, 5xx and cut-off bodies; default 4. */
  maxTries?: number
  /** First backoff after such a failure, doubled each time; default 2 s. */
  retryBaseDelayMs?: number
  /** A rate-limit wait longer than this gives up instead; default 15 min. */
  maxRateLimitWaitMs?: number
}

export interface DailyPapersProgress {
  pages: number
  items: number
  /** How long until the next request goes out (0 when none is waiting). */
  nextRequestInMs: number
}

export interface DailyPapersAnswer {
  /** Public page of the period, for reports (`{base}/papers/date/2024-02-13`). */
  source: string
  /** Items that passed validation, with their 1-based place in the whole answer. */
  items: { place: number; item: DailyPapersItem }[]
  /** Items that did not, and why. */
  rejected: { place: number; problem: string }[]
  pages: number
}

type Exchange =
  | { kind: 'page'; items: unknown[]; rateLimit: { remaining: number; resetMs: number } | null }
  | { kind: 'refused'; status: number; problem: string }
  | { kind: 'rateLimited'; waitMs: number | null; problem: string }
  | { kind: 'retryable'; problem: string }

const PERIOD_SHAPE = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  week: /^\d{4}-W\d{2}$/,
  month: /^\d{4}-\d{2}$/,
} as const
// Without any header, wait as long as the anonymous window (5 minutes) is said to last.
const DEFAULT_RATE_LIMIT_WAIT_MS = 300_000
const ERROR_BODY_BYTES = 64 * 1024

/**
 * Client of the Hub's Daily Papers list (`GET /api/daily_papers`). Share one instance app-wide:
 * requests go one at a time, at least `minIntervalMs` apart, and a 429 holds every caller back for
 * as long as the `RateLimit` header says. Every item is validated; a page that is cut off or is not
 * JSON is asked for again; a request the Hub refuses (400) fails at once with the Hub's reason.
 */
export class DailyPapersClient {
  readonly baseUrl: string
  readonly #options: DailyPapersClientOptions
  readonly #pageSize: number
  readonly #gate: RequestGate

  constructor(options: DailyPapersClientOptions) {
    const pageSize = options.pageSize ?? 50
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
      throw new RangeError(`pageSize must be an integer from 1 to 100, not ${pageSize}`)
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#options = options
    this.#pageSize = pageSize
    this.#gate = new RequestGate(options, Math.max(0, options.minIntervalMs ?? 600))
  }

  /** Every page of the period, `p` from 0, until a page comes back short (or empty). */
  async list(
    period: DailyPapersPeriod,
    opts: { signal?: AbortSignal; onProgress?: (p: DailyPapersProgress) => void } = {},
  ): Promise<DailyPapersAnswer> {
    const [key, value] = periodParam(period)
    const answer: DailyPapersAnswer = {
      source: `${this.baseUrl}/papers/${key}/${encodeURIComponent(value)}`,
      items: [],
      rejected: [],
      pages: 0,
    }
    const maxPages = this.#options.maxPages ?? 60
    const report = (nextRequestInMs: number) =>
      opts.onProgress?.({ pages: answer.pages, items: answer.items.length, nextRequestInMs })
    for (let p = 0; p < maxPages; p++) {
      const query = new URLSearchParams({ [key]: value, p: String(p), limit: String(this.#pageSize) })
      const items = await this.#page(`${this.baseUrl}/api/daily_papers?${query}`, opts.signal, report)
      answer.pages++
      for (const raw of items) {
        const place = answer.items.length + answer.rejected.length + 1
        const parsed = dailyPapersItem.safeParse(raw)
        if (parsed.success) answer.items.push({ place, item: parsed.data })
        else answer.rejected.push({ place, problem: describeIssue(parsed.error.issues[0]) })
      }
      report(0)
      if (items.length < this.#pageSize) return answer
    }
    throw new LecternError(
      'network',
      `Hugging Face listed more than ${maxPages} pages for ${key} ${value}; stopped there`,
    )
  }

  async #page(
    url: string,
    signal: AbortSignal | undefined,
    onWait: (ms: number) => void,
  ): Promise<unknown[]> {
    const tries = Math.max(1, this.#options.maxTries ?? 4)
    const baseDelay = this.#options.retryBaseDelayMs ?? 2000
    const maxWait = this.#options.maxRateLimitWaitMs ?? 15 * 60_000
    let problem = ''
    for (let attempt = 1; attempt <= tries; attempt++) {
      const answer = await this.#gate.run(() => this.#exchange(url, signal), { signal, onWait })
      if (answer.kind === 'page') {
        // Out of requests for this window: wait for its reset before anyone asks again.
        if (answer.rateLimit?.remaining === 0) this.#gate.holdOff(answer.rateLimit.resetMs)
        return answer.items
      }
      if (answer.kind === 'refused') {
        throw new LecternError(
          answer.status === 400 ? 'invalid-input' : 'network',
          `Hugging Face refused ${url} (${answer.problem})`,
        )
      }
      problem = answer.problem
      if (answer.kind === 'rateLimited') {
        const waitMs = answer.waitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS
        if (waitMs > maxWait) {
          throw new LecternError(
            'network',
            `Hugging Face asks Lectern to wait ${Math.ceil(waitMs / 1000)} s before asking again (${problem}); try later`,
          )
        }
        // The Hub said how long: that wait, plus a second so the window has surely turned.
        if (attempt < tries) this.#gate.holdOff(waitMs + 1000)
      } else if (attempt < tries) {
        this.#gate.holdOff(Math.min(60_000, baseDelay * 2 ** (attempt - 1)))
      }
    }
    throw new LecternError(
      'network',
      `Hugging Face could not be reached after ${tries} tries (${problem}); nothing was changed`,
    )
  }

  /** One GET, classified. Only the caller's abort throws. */
  async #exchange(url: string, signal: AbortSignal | undefined): Promise<Exchange> {
    signal?.throwIfAborted()
    const timeoutMs = this.#options.timeoutMs ?? 30_000
    // Real time, not the injected clock: it bounds a real socket, and a virtual clock that jumps
    // over rate-limit waits in tests must not fire it early.
    const timeout = AbortSignal.timeout(timeoutMs)
    const exchange = signal ? AbortSignal.any([signal, timeout]) : timeout
    try {
      const res = await raceAbort(
        this.#options.fetch(url, {
          headers: { 'User-Agent': this.#options.userAgent, Accept: 'application/json' },
          signal: exchange,
        }),
        exchange,
      )
      if (res.status === 429) {
        await res.body?.cancel().catch(() => undefined)
        return {
          kind: 'rateLimited',
          waitMs: rateLimitWaitMs(res.headers, this.#options.now()),
          problem: 'HTTP 429',
        }
      }
      if (res.status >= 500) {
        await res.body?.cancel().catch(() => undefined)
        return { kind: 'retryable', problem: `HTTP ${res.status}` }
      }
      if (res.status < 200 || res.status > 299) {
        const body = await raceAbort(readCappedBytes(res, { maxBytes: ERROR_BODY_BYTES }), exchange).catch(
          () => null,
        )
        return { kind: 'refused', status: res.status, problem: `HTTP ${res.status}${errorDetail(body)}` }
      }
      const maxBytes = this.#options.maxBodyBytes ?? 16 * 1024 * 1024
      const body = await raceAbort(readCappedBytes(res, { maxBytes }), exchange)
      let json: unknown
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
      } catch {
        return { kind: 'retryable', problem: 'the answer was cut off or is not JSON' }
      }
      if (!Array.isArray(json))
        return { kind: 'refused', status: res.status, problem: 'the answer is not a list of papers' }
      const state = parseRateLimit(res.headers.get('ratelimit'))
      return {
        kind: 'page',
        items: json,
        rateLimit: state && { remaining: state.remaining, resetMs: state.resetSeconds * 1000 },
      }
    } catch (error) {
      if (signal?.aborted) throw new LecternError('cancelled', 'Fetching from Hugging Face was cancelled')
      if (error instanceof BodyLimitError)
        return { kind: 'refused', status: 200, problem: `the answer ${error.message}` }
      if (timeout.aborted) return { kind: 'retryable', problem: `no answer within ${timeoutMs / 1000} s` }
      return { kind: 'retryable', problem: `network error: ${describeNetworkError(error)}` }
    }
  }
}

function periodParam(period: DailyPapersPeriod): ['date' | 'week' | 'month', string] {
  const [key, value] =
    'date' in period
      ? (['date', period.date] as const)
      : 'week' in period
        ? (['week', period.week] as const)
        : (['month', period.month] as const)
  if (!PERIOD_SHAPE[key].test(value))
    throw new LecternError(
      'invalid-input',
      `"${value}" is not a ${key} (${key === 'date' ? 'YYYY-MM-DD' : key === 'week' ? 'YYYY-Www' : 'YYYY-MM'})`,
    )
  return [key, value]
}

/** `RateLimit: "api";r=0;t=120` says how long; a plain Retry-After is read when it is absent. */
function rateLimitWaitMs(headers: Headers, now: number): number | null {
  const state = parseRateLimit(headers.get('ratelimit'))
  if (state) return state.resetSeconds * 1000
  return parseRetryAfter(headers.get('retry-after'), now)
}

/** The Hub answers errors as `{"error": "…"}`; anything else is shown cut short. */
function errorDetail(body: Uint8Array | null): string {
  if (!body || body.byteLength === 0) return ''
  const text = new TextDecoder().decode(body)
  let detail = text
  try {
    const json: unknown = JSON.parse(text)
    if (typeof json === 'object' && json !== null && 'error' in json && typeof json.error === 'string')
      detail = json.error
  } catch {
    // Not JSON: show the text itself.
  }
  detail = detail.replace(/\s+/g, ' ').trim().slice(0, 300)
  return detail ? `: ${detail}` : ''
}

function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'not a paper'
  const path = issue.path.map(String).join('.')
  return path ? `${path}: ${issue.message}` : issue.message
}
