/**
 * The process's own peak memory while some work runs: RSS sampled every 10 ms (what the work itself
 * cost, from the baseline before it) and the kernel's max RSS of the whole process so far, which also
 * catches a peak between samples (vitest runs each test file in its own process). Worker threads are
 * part of the process, so a PDF check in a worker counts too.
 */
export interface MemoryFigures {
  baselineMb: number
  sampledPeakMb: number
  /** Max RSS of this process since it started (getrusage). */
  maxRssMb: number
}

export async function measureMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; memory: MemoryFigures }> {
  const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024))
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10)
  try {
    const result = await work()
    peak = Math.max(peak, process.memoryUsage().rss)
    // resourceUsage().maxRSS is in kilobytes.
    const memory = {
      baselineMb: mb(baseline),
      sampledPeakMb: mb(peak),
      maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    }
    return { result, memory }
  } finally {
    clearInterval(sampler)
  }
}

export function describeMemory(what: string, m: MemoryFigures): string {
  return `${what}: RSS peak ${m.sampledPeakMb} MB (from ${m.baselineMb} MB before), process max RSS ${m.maxRssMb} MB`
}
