/** Strings sorted (or merged) between two yields: about a millisecond of work. */
const STEP = 2048

/**
 * `strings` sorted as `[...strings].sort()` sorts them (by UTF-16 code units), as a generator that
 * yields every few thousand strings, so that a caller running it in slices (`inSlices`) lets the
 * event loop turn: one `sort()` of 50,000 keys held it for a tenth of a second. Runs of `STEP` are
 * sorted, then merged pairwise.
 */
export function* sortInSteps(strings: readonly string[]): Generator<void, string[], void> {
  let runs: string[][] = []
  for (let start = 0; start < strings.length; start += STEP) {
    runs.push(strings.slice(start, start + STEP).sort())
    yield
  }
  while (runs.length > 1) {
    const merged: string[][] = []
    for (let i = 0; i < runs.length; i += 2) {
      const [a, b] = [runs[i]!, runs[i + 1]]
      merged.push(b ? yield* mergeInSteps(a, b) : a)
    }
    runs = merged
  }
  return runs[0] ?? []
}

function* mergeInSteps(a: string[], b: string[]): Generator<void, string[], void> {
  const out = new Array<string>(a.length + b.length)
  let i = 0
  let j = 0
  for (let k = 0; k < out.length; k++) {
    // Ties take from `a`, the earlier run, as a stable sort would (equal strings are the same anyway).
    out[k] = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!
    if (k % STEP === STEP - 1) yield
  }
  return out
}

/** Runs a stepped computation to its end at once (for inputs known to be small). */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}
