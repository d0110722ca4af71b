/**
 * Virtual time for rate-limit tests against a real loopback server: `sleep` moves the clock forward
 * at once and records how long was asked for, so a two-minute wait costs nothing and can be checked.
 */
export function virtualClock(start = Date.parse('2026-12-02T07:00:00Z')) {
  let t = start
  const slept: number[] = []
  return {
    slept,
    now: (): number => t,
    sleep: async (ms: number, signal?: AbortSignal): Promise<void> => {
      signal?.throwIfAborted()
      slept.push(ms)
      t += Math.max(0, ms)
    },
  }
}
