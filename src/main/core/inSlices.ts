/**
 * Longest run of background work (indexing, loading, encoding) between two turns of the event loop.
 * A turn may also run a commit's listeners or a request before its slice, so a slice takes a fifth of
 * the 50 ms a turn may hold the loop.
 */
export const SLICE_MS = 10

/**
 * Background tasks waiting for their next slice, resumed one a turn of the event loop. Each task
 * bounds its own slice, but a plain setImmediate resumes every waiting task in the same turn: the
 * search index's load, the filter sets and the fingerprint at start-up, or an import's file encoding
 * and its indexing, then held the loop for a slice each, back to back (over 50 ms).
 */
const waiting: (() => void)[] = []
let scheduled = false

/** Resolves in a later turn of the event loop, after timers and I/O had their turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve)
    if (scheduled) return
    scheduled = true
    setImmediate(resumeNext)
  })
}

function resumeNext(): void {
  const resolve = waiting.shift()
  // Set from within an immediate, the next one runs in the next turn, after timers and I/O.
  if (waiting.length > 0) setImmediate(resumeNext)
  else scheduled = false
  resolve?.()
}

/** Runs steps to the end, one turn of the event loop between slices of about `SLICE_MS`. */
export async function inSlices<T>(steps: Generator<unknown, T, undefined>): Promise<T> {
  let sliceStart = performance.now()
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    if (performance.now() - sliceStart < SLICE_MS) continue
    await nextTurn()
    sliceStart = performance.now()
  }
}
