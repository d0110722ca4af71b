/** Longest run of indexing or loading work between two turns of the event loop. */
export const SLICE_MS = 20

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Runs steps to the end, one turn of the event loop between slices of about `SLICE_MS`. */
export async function inSlices<T>(steps: Generator<void, T, void>): Promise<T> {
  let sliceStart = performance.now()
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    if (performance.now() - sliceStart < SLICE_MS) continue
    await nextTurn()
    sliceStart = performance.now()
  }
}
