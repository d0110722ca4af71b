import { PerformanceObserver } from 'node:perf_hooks'

/**
 * The longest time the event loop could not run a timer: what a request to the API (or an IPC call
 * from the window) would have waited for, at worst, while some work ran.
 */
export class StallWatch {
  private last = performance.now()
  private timer: ReturnType<typeof setTimeout> | null = null
  /** The longest stall seen, in ms, and where it began (ms after `start`). */
  longest = { ms: 0, at: 0 }
  private started = 0

  start(): this {
    this.started = this.last = performance.now()
    const tick = () => {
      const now = performance.now()
      // A timer set for 1 ms that fires later than that was held up by work on the loop.
      const stall = now - this.last - 1
      if (stall > this.longest.ms) this.longest = { ms: stall, at: this.last - this.started }
      this.last = now
      this.timer = setTimeout(tick, 1)
    }
    this.timer = setTimeout(tick, 1)
    return this
  }

  stop(): { ms: number; at: number } {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    // The stretch since the last tick counts too: work that ran up to the stop.
    const tail = performance.now() - this.last - 1
    if (tail > this.longest.ms) this.longest = { ms: tail, at: this.last - this.started }
    return this.longest
  }
}

/** The longest garbage-collection pause (any kind) while it watches: a stall's usual other cause. */
export class GcWatch {
  longest = 0
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.longest = Math.max(this.longest, entry.duration)
  })

  start(): this {
    this.observer.observe({ entryTypes: ['gc'] })
    return this
  }

  stop(): number {
    this.observer.disconnect()
    return this.longest
  }
}
