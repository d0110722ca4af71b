import { parseArxivId } from '../../../shared/arxivId'
import { requestFeed, type FeedAttempt, type FeedRequestDeps } from './feedRequest'
import type { ParsedAtomFeed } from './parseAtom'
import { RequestGate } from './requestGate'
import { halves, resolveBatch, type ArxivResult } from './resolveBatch'

export type { ArxivResult } from './resolveBatch'

export interface ArxivClientOptions {
  /** e.g. https://export.arxiv.org (no trailing /api) */
  baseUrl: string
  fetch: typeof globalThis.fetch
  /** ms clock */
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** descriptive, e.g. 'Lectern/0.1 (local research notebook; mailto:…)' */
  userAgent: string
  /** default 3000: arXiv etiquette, at least 3 s between requests */
  minIntervalMs?: number
  /** default 30000 per request */
  timeoutMs?: number
  /** default 4; backoff (exponential, honouring Retry-After) on 5xx/429/network/timeout/truncated body */
  maxRetries?: number
  /** default 100 ids per request (also the most allowed), max_results set to match */
  batchSize?: number
  /** default 3000: first backoff delay, doubled on each further retry (capped at 60 s) */
  retryBaseDelayMs?: number
  /** default 8 MiB: largest answer read (one for 100 ids is well under 5 MB); refused while streaming */
  maxAnswerBytes?: number
}

export interface FetchProgress {
  /** Ids answered so far (found or failed). */
  done: number
  total: number
  /** How long until the next request goes out (0 when none is pending). */
  nextRequestInMs: number
}

export interface FetchMetadataOptions {
  signal?: AbortSignal
  onProgress?: (p: FetchProgress) => void
  /** Results of each request as it completes, so a caller can persist them batch by batch. */
  onBatch?: (results: Map<string, ArxivResult>) => void | Promise<void>
}

// Longer id lists make GET URLs that arXiv answers with 414.
const MAX_BATCH = 100
const MAX_BACKOFF_MS = 60_000
// A Retry-After beyond this means "not today": give up on the batch rather than stall the app.
const MAX_RETRY_AFTER_MS = 5 * 60_000
const MAX_ANSWER_BYTES = 8 * 1024 * 1024

/** `transient`: arXiv could not be asked, so the ids stay queued; otherwise they fail for good. */
type BatchFetch =
  | { kind: 'feed'; feed: ParsedAtomFeed }
  | { kind: 'uriTooLong' }
  | { kind: 'failed'; reason: string; transient: boolean }

/** Fetches arXiv metadata by id, politely: share one instance app-wide so its rate limit holds. */
export class ArxivClient {
  readonly #baseUrl: string
  readonly #deps: FeedRequestDeps
  readonly #maxRetries: number
  readonly #batchSize: number
  readonly #retryBaseDelayMs: number
  readonly #gate: RequestGate

  constructor(opts: ArxivClientOptions) {
    const batchSize = opts.batchSize ?? MAX_BATCH
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
      throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH}, not ${batchSize}`)
    }
    this.#baseUrl = opts.baseUrl.replace(/\/+$/, '')
    this.#deps = {
      fetch: opts.fetch,
      now: opts.now,
      sleep: opts.sleep,
      userAgent: opts.userAgent,
      timeoutMs: opts.timeoutMs ?? 30_000,
      maxBytes: opts.maxAnswerBytes ?? MAX_ANSWER_BYTES,
    }
    this.#maxRetries = Math.max(0, opts.maxRetries ?? 4)
    this.#batchSize = batchSize
    this.#retryBaseDelayMs = opts.retryBaseDelayMs ?? 3000
    this.#gate = new RequestGate(opts, Math.max(0, opts.minIntervalMs ?? 3000))
  }

  /**
   * One request at a time, ≥ minIntervalMs apart across all calls on this instance (share one
   * instance app-wide). Results are keyed by the id without version; a text that is no arXiv id is
   * answered without asking arXiv, under its own text. Failures are results; only an abort throws.
   */
  async fetchMetadata(ids: string[], opts: FetchMetadataOptions = {}): Promise<Map<string, ArxivResult>> {
    const { signal, onProgress, onBatch } = opts
    signal?.throwIfAborted()

    const keys = ids.map((raw) => parseArxivId(raw)?.id ?? raw)
    const unique = [...new Set(keys)]
    const wanted = unique.filter((key) => parseArxivId(key) !== null)
    const invalid = new Map<string, ArxivResult>(
      unique.filter((key) => parseArxivId(key) === null).map((key) => [key, notAnId(key)]),
    )

    const results = new Map<string, ArxivResult>()
    const report = (nextRequestInMs: number): void =>
      onProgress?.({ done: results.size, total: unique.length, nextRequestInMs })
    const settle = async (batch: Map<string, ArxivResult>): Promise<void> => {
      if (batch.size === 0) return
      for (const [id, result] of batch) results.set(id, result)
      await onBatch?.(batch)
    }

    await settle(invalid)
    const queue = chunks(wanted, this.#batchSize)
    report(queue.length > 0 ? this.#gate.msUntilFree() : 0)
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      const { settled, requeue } = await this.#fetchBatch(batch, signal, report)
      queue.unshift(...requeue)
      await settle(settled)
      signal?.throwIfAborted()
      report(queue.length > 0 ? this.#gate.msUntilFree() : 0)
    }

    // Hand results back in the caller's order (every id has one by now).
    const ordered = new Map<string, ArxivResult>()
    for (const key of unique) {
      const result = results.get(key)
      if (result) ordered.set(key, result)
    }
    return ordered
  }

  async #fetchBatch(
    batch: string[],
    signal: AbortSignal | undefined,
    onWait: (ms: number) => void,
  ): Promise<{ settled: Map<string, ArxivResult>; requeue: string[][] }> {
    const answer = await this.#fetchWithRetries(batch, signal, onWait)
    if (answer.kind === 'feed') return resolveBatch(batch, answer.feed)
    if (answer.kind === 'uriTooLong' && batch.length > 1)
      return { settled: new Map(), requeue: halves(batch) }
    const reason =
      answer.kind === 'failed' ? answer.reason : 'arXiv refused the request as too long (HTTP 414)'
    const transient = answer.kind === 'failed' && answer.transient ? { transient: true as const } : {}
    return { settled: new Map(batch.map((id) => [id, { ok: false, reason, ...transient }])), requeue: [] }
  }

  async #fetchWithRetries(
    batch: string[],
    signal: AbortSignal | undefined,
    onWait: (ms: number) => void,
  ): Promise<BatchFetch> {
    // Ids passed parseArxivId, so they hold only URL-safe characters. max_results must match: arXiv
    // silently drops ids beyond it (default 10).
    const url = `${this.#baseUrl}/api/query?id_list=${batch.join(',')}&max_results=${batch.length}`
    const tries = this.#maxRetries + 1
    let last: Extract<FeedAttempt, { kind: 'retryable' | 'garbled' }> | null = null
    for (let attempt = 1; attempt <= tries; attempt++) {
      const answer = await this.#gate.run(() => requestFeed(url, this.#deps, signal), { signal, onWait })
      if (answer.kind === 'feed' || answer.kind === 'uriTooLong') return answer
      if (answer.kind === 'refused') return { kind: 'failed', reason: answer.problem, transient: false }
      last = answer
      const retryAfter = answer.kind === 'retryable' ? (answer.retryAfterMs ?? 0) : 0
      if (retryAfter > MAX_RETRY_AFTER_MS) {
        return {
          kind: 'failed',
          reason: `arXiv asked to wait ${Math.ceil(retryAfter / 1000)} s before asking again (${answer.problem})`,
          transient: true,
        }
      }
      if (attempt < tries) this.#gate.holdOff(Math.max(retryAfter, this.#backoffMs(attempt)))
    }
    // A batch arXiv keeps answering with garbage would come back at every start (a poison pill):
    // after the tries it fails with the reason, and only a deliberate fetch asks again.
    if (last?.kind === 'garbled')
      return {
        kind: 'failed',
        reason: `arXiv sent an unreadable answer ${tries} times (${last.problem})`,
        transient: false,
      }
    return {
      kind: 'failed',
      reason: `arXiv did not answer after ${tries} tries (${last?.problem ?? 'no attempt'})`,
      transient: true,
    }
  }

  #backoffMs(attempt: number): number {
    return Math.min(MAX_BACKOFF_MS, this.#retryBaseDelayMs * 2 ** (attempt - 1))
  }
}

function notAnId(text: string): ArxivResult {
  return { ok: false, reason: `not an arXiv id: "${text}"` }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
