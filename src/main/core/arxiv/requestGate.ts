import { raceAbort } from './abortable'

export interface GateClock {
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
}

export interface GateWaitOptions {
  signal?: AbortSignal
  /** Told how long the gate will hold the request back, just before it waits. */
  onWait?: (ms: number) => void
}

/**
 * Lets one request through at a time, at least `minIntervalMs` after the previous one ended (arXiv
 * asks for no more than one request every three seconds, over a single connection; counting from the
 * end keeps that true at arXiv's side whatever the latency), and never before a hold-off set after a
 * 429/503, since arXiv's rate limit applies to the whole app, not to one caller.
 */
export class RequestGate {
  readonly #clock: GateClock
  readonly #minIntervalMs: number
  #lastEnd = Number.NEGATIVE_INFINITY
  #notBefore = Number.NEGATIVE_INFINITY
  #tail: Promise<void> = Promise.resolve()

  constructor(clock: GateClock, minIntervalMs: number) {
    this.#clock = clock
    this.#minIntervalMs = minIntervalMs
  }

  /** Milliseconds until a request could start, ignoring requests queued ahead. */
  msUntilFree(): number {
    const now = this.#clock.now()
    return Math.max(0, this.#lastEnd + this.#minIntervalMs - now, this.#notBefore - now)
  }

  /** Keeps every request back for at least `ms` from now (backoff, Retry-After). */
  holdOff(ms: number): void {
    this.#notBefore = Math.max(this.#notBefore, this.#clock.now() + ms)
  }

  /** Runs `task` (one HTTP exchange) when it is this caller's turn and the interval has passed. */
  async run<T>(task: () => Promise<T>, opts: GateWaitOptions = {}): Promise<T> {
    const release = await this.#acquire(opts.signal)
    try {
      for (let wait = this.msUntilFree(); wait > 0; wait = this.msUntilFree()) {
        opts.onWait?.(wait)
        await this.#clock.sleep(wait, opts.signal)
        opts.signal?.throwIfAborted()
      }
      try {
        return await task()
      } finally {
        this.#lastEnd = this.#clock.now()
      }
    } finally {
      release()
    }
  }

  async #acquire(signal: AbortSignal | undefined): Promise<() => void> {
    signal?.throwIfAborted()
    const previous = this.#tail
    let release!: () => void
    this.#tail = new Promise<void>((resolve) => (release = resolve))
    try {
      await raceAbort(previous, signal)
    } catch (err) {
      // Keep the chain intact: those queued behind an aborted caller still get their turn.
      void previous.then(release)
      throw err
    }
    return release
  }
}
