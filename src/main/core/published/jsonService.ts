import { LecternError } from '../../../shared/errors'
import { raceAbort } from '../arxiv/abortable'
import { describeNetworkError, parseRetryAfter } from '../arxiv/feedRequest'
import { RequestGate } from '../arxiv/requestGate'
import { BodyLimitError, readCappedBytes } from '../net/cappedBody'

export interface JsonServiceOptions {
  /** For messages: `OpenAlex`, `Semantic Scholar`, `DBLP`. */
  name: string
  /** No trailing slash. */
  baseUrl: string
  fetch: typeof globalThis.fetch
  /** ms clock for request spacing and backoff (tests pass a virtual one). */
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  userAgent: string
  /** Least time between the end of one request and the start of the next (the service's polite rate). */
  minIntervalMs: number
  /** Per request; default 30 s. */
  timeoutMs?: number
  /** Largest answer read; default 8 MiB (a 500-paper Semantic Scholar batch is well under 1 MiB). */
  maxBodyBytes?: number
  /** Tries per request on network errors, timeouts, 429, 5xx and cut-off bodies; default 4. */
  maxTries?: number
  /** First backoff after such a failure, doubled each time; default 2 s. */
  retryBaseDelayMs?: number
  /** A Retry-After longer than this gives up instead of waiting; default 10 min. */
  maxRetryAfterMs?: number
}

export interface JsonRequest {
  /** Path and query after the base URL, starting with `/`. */
  path: string
  method?: 'GET' | 'POST'
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal | undefined
  /** Told how long the next request is held back (rate limit, backoff), for progress. */
  onWait?: ((ms: number) => void) | undefined
}

/** `found`: a 2xx answer's JSON; `not-found`: the service answered 404 (it knows no such thing). */
export type JsonAnswer = { kind: 'found'; json: unknown } | { kind: 'not-found' }

type Exchange =
  | JsonAnswer
  | { kind: 'refused'; problem: string }
  | { kind: 'retryable'; problem: string; retryAfterMs: number | null }

const ERROR_BODY_BYTES = 16 * 1024

/**
 * One outside JSON API, asked politely: one request at a time, `minIntervalMs` apart; a 429 waits as
 * long as its Retry-After says, and 5xx, timeouts, network errors and cut-off or non-JSON bodies are
 * tried again with doubling backoff, holding every caller back (the limit is per client, not per
 * request). Bodies are read within a size cap as they stream in. A 404 is an answer ("not known");
 * other 4xx are refusals that asking again would only repeat (a wrong API key, say).
 */
export class JsonService {
  readonly baseUrl: string
  readonly #options: JsonServiceOptions
  readonly #gate: RequestGate
  /** Requests sent, retries included (reports and tests count them). */
  sent = 0

  constructor(options: JsonServiceOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#options = options
    this.#gate = new RequestGate(options, Math.max(0, options.minIntervalMs))
  }

  async request(req: JsonRequest): Promise<JsonAnswer> {
    const { name } = this.#options
    const tries = Math.max(1, this.#options.maxTries ?? 4)
    const baseDelay = this.#options.retryBaseDelayMs ?? 2000
    const maxRetryAfter = this.#options.maxRetryAfterMs ?? 10 * 60_000
    let problem = ''
    for (let attempt = 1; attempt <= tries; attempt++) {
      const answer = await this.#gate.run(() => this.#exchange(req), {
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.onWait ? { onWait: req.onWait } : {}),
      })
      if (answer.kind === 'found' || answer.kind === 'not-found') return answer
      if (answer.kind === 'refused')
        throw new LecternError('network', `${name} refused the request (${answer.problem})`)
      problem = answer.problem
      if (answer.retryAfterMs !== null && answer.retryAfterMs > maxRetryAfter)
        throw new LecternError(
          'network',
          `${name} asks Lectern to wait ${Math.ceil(answer.retryAfterMs / 1000)} s before asking again (${problem}); try later`,
        )
      if (attempt < tries)
        this.#gate.holdOff(answer.retryAfterMs ?? Math.min(60_000, baseDelay * 2 ** (attempt - 1)))
    }
    throw new LecternError('network', `${name} could not be reached after ${tries} tries (${problem})`)
  }

  /** One exchange, classified. Only the caller's abort throws. */
  async #exchange(req: JsonRequest): Promise<Exchange> {
    const { signal } = req
    signal?.throwIfAborted()
    const timeoutMs = this.#options.timeoutMs ?? 30_000
    // Real time, not the injected clock: it bounds a real socket, and a virtual clock that jumps
    // over backoff waits in tests must not fire it early.
    const timeout = AbortSignal.timeout(timeoutMs)
    const exchange = signal ? AbortSignal.any([signal, timeout]) : timeout
    this.sent++
    try {
      const res = await raceAbort(
        this.#options.fetch(this.baseUrl + req.path, {
          method: req.method ?? 'GET',
          headers: {
            'User-Agent': this.#options.userAgent,
            Accept: 'application/json',
            ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...req.headers,
          },
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
          signal: exchange,
        }),
        exchange,
      )
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => undefined)
        return {
          kind: 'retryable',
          problem: `HTTP ${res.status}`,
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), this.#options.now()),
        }
      }
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined)
        return { kind: 'not-found' }
      }
      if (res.status < 200 || res.status > 299) {
        const body = await raceAbort(readCappedBytes(res, { maxBytes: ERROR_BODY_BYTES }), exchange).catch(
          () => null,
        )
        const detail = body ? new TextDecoder().decode(body).replace(/\s+/g, ' ').trim().slice(0, 200) : ''
        return { kind: 'refused', problem: `HTTP ${res.status}${detail ? `: ${detail}` : ''}` }
      }
      const maxBytes = this.#options.maxBodyBytes ?? 8 * 1024 * 1024
      const body = await raceAbort(readCappedBytes(res, { maxBytes, limitFor: 'for one answer' }), exchange)
      try {
        return { kind: 'found', json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) }
      } catch {
        return { kind: 'retryable', problem: 'the answer was cut off or is not JSON', retryAfterMs: null }
      }
    } catch (error) {
      if (signal?.aborted) throw new LecternError('cancelled', `Asking ${this.#options.name} was cancelled`)
      if (error instanceof BodyLimitError) return { kind: 'refused', problem: `the answer ${error.message}` }
      if (timeout.aborted)
        return { kind: 'retryable', problem: `no answer within ${timeoutMs / 1000} s`, retryAfterMs: null }
      return {
        kind: 'retryable',
        problem: `network error: ${describeNetworkError(error)}`,
        retryAfterMs: null,
      }
    }
  }
}
