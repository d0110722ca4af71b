import { readFileSync } from 'node:fs'
import { PerformanceObserver } from 'node:perf_hooks'

/**
 * The longest time the event loop could not run a timer: what a request to the API (or an IPC call
 * from the window) would have waited for, at worst, while some work ran. Beside it, where Linux says
 * (/proc/thread-self/schedstat), the longest such stretch counted in the main thread's own CPU time:
 * on a loaded machine a stall's wall time is mostly waiting for a core, and only its CPU time is
 * ours to cut.
 */
export class StallWatch {
  private last = performance.now()
  private lastCpu: number | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  /** The longest stall seen, in ms, and where it began (ms after `start`). */
  longest = { ms: 0, at: 0 }
  /** The most main-thread CPU time between two ticks, in ms (null where it cannot be read). */
  longestCpu: { ms: number; at: number } | null = null
  private started = 0

  start(): this {
    this.started = this.last = performance.now()
    this.lastCpu = threadCpuMs()
    if (this.lastCpu !== null) this.longestCpu = { ms: 0, at: 0 }
    const tick = () => {
      this.measure()
      this.timer = setTimeout(tick, 1)
    }
    this.timer = setTimeout(tick, 1)
    return this
  }

  /** Ends the watch; returns the longest stall (`longestCpu` is then final too). */
  stop(): { ms: number; at: number } {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    // The stretch since the last tick counts too: work that ran up to the stop.
    this.measure()
    return this.longest
  }

  private measure(): void {
    const now = performance.now()
    const at = this.last - this.started
    // A timer set for 1 ms that fires later than that was held up by work on the loop.
    const stall = now - this.last - 1
    if (stall > this.longest.ms) this.longest = { ms: stall, at }
    this.last = now
    const cpu = threadCpuMs()
    if (cpu !== null && this.lastCpu !== null && this.longestCpu && cpu - this.lastCpu > this.longestCpu.ms)
      this.longestCpu = { ms: cpu - this.lastCpu, at }
    this.lastCpu = cpu
  }
}

/** The main thread's CPU time so far in ms (Linux), or null. */
function threadCpuMs(): number | null {
  try {
    const [ns] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')
    return Number(ns) / 1e6
  } catch {
    return null
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
