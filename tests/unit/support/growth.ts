/**
 * How much more CPU time `run` takes on an input eight times as large: about 8 for linear work, 64 for
 * quadratic. (At four times, the collector's noise on inputs of a few MB put linear work at up to 11,
 * too close to quadratic's 16 to tell them apart.) A ratio of two costs measured by the same machine does not depend on how fast it is, as a
 * limit in milliseconds does; and CPU time, unlike time on the clock, does not grow while the process
 * waits for a core on a loaded machine (wall-clock ratios measured there came out at 30 for linear work).
 *
 * The two sizes alternate and each keeps its smallest cost, the one least disturbed. The first (small)
 * run also pays the compiler's warm-up, which can only lower the ratio. Inputs are made before the
 * measure starts; the large input's result is returned for the test to check what was computed.
 */
export function growthFrom1xTo8x<Input, Output>(
  makeInput: (scale: number) => Input,
  run: (input: Input) => Output,
  { tries = 3 }: { tries?: number } = {},
): { ratio: number; result: Output } {
  const small = makeInput(1)
  const large = makeInput(8)
  let smallBest = Infinity
  let largeBest = Infinity
  let result: Output | undefined
  for (let i = 0; i < tries; i++) {
    smallBest = Math.min(smallBest, measured(() => run(small)).cpuMicros)
    const { cpuMicros, value } = measured(() => run(large))
    largeBest = Math.min(largeBest, cpuMicros)
    result = value
  }
  // A run too short to measure counts as one microsecond, so that the ratio stays a number.
  return { ratio: largeBest / Math.max(smallBest, 1), result: result as Output }
}

/**
 * The bound a test holds `growthFrom1xTo8x` to: three times linear (8), for the noise of a loaded
 * machine and the collector, and well below quadratic (64); n log n gives about 10.
 */
export const LINEAR_BOUND = 24

/** The process's CPU time (user and system, all its threads: the collector's too) spent in `run`. */
function measured<T>(run: () => T): { cpuMicros: number; value: T } {
  const start = process.cpuUsage()
  const value = run()
  const spent = process.cpuUsage(start)
  return { cpuMicros: spent.user + spent.system, value }
}
