import type { Dispatch } from './dispatch'

/** Timers, passed in so that tests drive them. */
export interface GateTimers {
  /** Runs `run` after `ms`; returns what cancels it. */
  after: (ms: number, run: () => void) => () => void
}

export const realTimers: GateTimers = {
  after: (ms, run) => {
    const timer = setTimeout(run, ms)
    return () => clearTimeout(timer)
  },
}

/**
 * How long start-up work waits for a first call (the page's first screenful) before it starts anyway:
 * a page opened at once is answered first, and nobody opening the URL holds the work back for long.
 */
export const START_UP_GRACE_MS = 3_000

/**
 * Holds back `start` (the app's start-up work: search index, citation keys, sync, metadata queue)
 * until the first call through a gated dispatch has been answered, or until `graceMs` have passed
 * with no call. A page asks first for its first screenful of papers; at 50,000 papers the start-up
 * work holds the event loop for seconds at a time, and that screenful (and the page's own script,
 * served by the same loop) queued behind it. Now the screenful comes first and the work follows.
 * The grace bounds the wait when no page comes (browser mode before anyone opens the URL).
 */
export class FirstAnswerGate {
  private started = false
  private readonly cancelGrace: () => void

  constructor(
    private readonly start: () => void,
    private readonly options: { graceMs: number; timers?: GateTimers },
  ) {
    this.cancelGrace = this.timers.after(options.graceMs, () => this.open())
  }

  private get timers(): GateTimers {
    return this.options.timers ?? realTimers
  }

  /** The same dispatch; its first answer opens the gate, once the answer is on its way out. */
  wrap(dispatch: Dispatch): Dispatch {
    return async (channel, input) => {
      const reply = await dispatch(channel, input)
      // After the transport has written this answer (its continuation runs before any timer).
      if (!this.started) this.timers.after(0, () => this.open())
      return reply
    }
  }

  /** Runs `start` now, unless it has run or the gate was cancelled. */
  open(): void {
    if (this.started) return
    this.started = true
    this.cancelGrace()
    this.start()
  }

  /** Lets `start` never run (the app closes before the gate opened). */
  cancel(): void {
    this.started = true
    this.cancelGrace()
  }
}
