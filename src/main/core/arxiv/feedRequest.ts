import { BodyLimitError, readCappedText } from '../net/cappedBody'
import { raceAbort } from './abortable'
import { InvalidFeedError, parseAtomFeed, type ParsedAtomFeed } from './parseAtom'

export interface FeedRequestDeps {
  fetch: typeof globalThis.fetch
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  userAgent: string
  timeoutMs: number
  /** Largest answer read; a bigger one is refused while it streams in. */
  maxBytes: number
}

/**
 * What one HTTP exchange with the API came to; the client decides what to do next.
 * - `retryable`: arXiv could not be asked (network, timeout, 429, 5xx); later may work.
 * - `garbled`: arXiv answered, but not with a complete feed; worth a few tries, not a few days.
 * - `refused`: an answer that asking again would only repeat (4xx, over the size cap, XML that no
 *   arXiv feed is).
 */
export type FeedAttempt =
  | { kind: 'feed'; feed: ParsedAtomFeed }
  | { kind: 'uriTooLong' }
  | { kind: 'retryable'; problem: string; retryAfterMs: number | null }
  | { kind: 'garbled'; problem: string }
  | { kind: 'refused'; problem: string }

class TimeoutSignal extends Error {}

/**
 * Sends one GET and classifies the answer. Only the caller's abort throws; every other failure,
 * including a timeout and a cut-off body, comes back as a value.
 */
export async function requestFeed(
  url: string,
  deps: FeedRequestDeps,
  signal?: AbortSignal,
): Promise<FeedAttempt> {
  const answer = await receive(url, deps, signal)
  if ('kind' in answer) return answer
  if (answer.status < 200 || answer.status > 299) {
    const detail = answer.body.replace(/\s+/g, ' ').trim().slice(0, 200)
    return {
      kind: 'refused',
      problem: `arXiv refused the request (HTTP ${answer.status}${detail ? `: ${detail}` : ''})`,
    }
  }
  try {
    return { kind: 'feed', feed: parseAtomFeed(answer.body) }
  } catch (err) {
    if (err instanceof InvalidFeedError) return { kind: 'garbled', problem: err.message }
    // UnusableFeedError, or anything else the parser throws, is a property of this answer: a reason,
    // not a crash that would leave the papers queued to fetch the same answer at the next start.
    const reason = err instanceof Error ? err.message : String(err)
    return { kind: 'refused', problem: `arXiv's answer is unusable: ${reason}` }
  }
}

/** The HTTP part: status and full body, or the attempt's outcome when there is no body to read. */
async function receive(
  url: string,
  deps: FeedRequestDeps,
  signal: AbortSignal | undefined,
): Promise<FeedAttempt | { status: number; body: string }> {
  signal?.throwIfAborted()
  const exchange = new AbortController()
  const forwardAbort = (): void => exchange.abort(signal?.reason)
  signal?.addEventListener('abort', forwardAbort, { once: true })
  // The timeout runs on the injected clock so tests can drive it in virtual time.
  const timer = new AbortController()
  deps.sleep(deps.timeoutMs, timer.signal).then(
    () => exchange.abort(new TimeoutSignal()),
    () => undefined,
  )
  try {
    const res = await raceAbort(
      deps.fetch(url, {
        headers: { 'User-Agent': deps.userAgent, Accept: 'application/atom+xml' },
        signal: exchange.signal,
      }),
      exchange.signal,
    )
    if (res.status === 414) {
      await res.body?.cancel().catch(() => undefined)
      return { kind: 'uriTooLong' }
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel().catch(() => undefined)
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), deps.now())
      return { kind: 'retryable', problem: `HTTP ${res.status}`, retryAfterMs }
    }
    const body = readCappedText(res, { maxBytes: deps.maxBytes, limitFor: 'for one request' })
    return { status: res.status, body: await raceAbort(body, exchange.signal) }
  } catch (err) {
    if (signal?.aborted) throw signal.reason
    if (err instanceof BodyLimitError) return { kind: 'refused', problem: `arXiv's answer ${err.message}` }
    if (exchange.signal.reason instanceof TimeoutSignal) {
      return { kind: 'retryable', problem: `no answer within ${deps.timeoutMs / 1000} s`, retryAfterMs: null }
    }
    return { kind: 'retryable', problem: `network error: ${describeNetworkError(err)}`, retryAfterMs: null }
  } finally {
    timer.abort()
    signal?.removeEventListener('abort', forwardAbort)
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isFinite(at) ? Math.max(0, at - now) : null
}

export function describeNetworkError(err: unknown): string {
  // undici reports "fetch failed" and hides the useful part (ECONNRESET, …) in `cause`.
  const cause: unknown = err instanceof Error ? err.cause : undefined
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message
  return err instanceof Error ? err.message : String(err)
}
