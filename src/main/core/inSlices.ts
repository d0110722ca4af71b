/**
 * Longest run of background work (indexing, loading, encoding) between two turns of the event loop.
 * A turn may also run a commit's listeners or a request before its slice, a step may run past the
 * slice's end, and a garbage collection may pause the turn for 15-25 ms at 50,000 papers: so a slice
 * takes a tenth of the 50 ms a turn may hold the loop (during an import at 50,000 papers, the longest
 * stall was 44-57 ms with 10 ms slices, 37-55 ms with 5).
 */
export const SLICE_MS = 5

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

/** Does `each` for every item, one turn of the event loop between slices of about `SLICE_MS`. */
export async function forEachInSlices<T>(items: Iterable<T>, each: (item: T) => void): Promise<void> {
  await inSlices(eachStep(items, each))
}

function* eachStep<T>(items: Iterable<T>, each: (item: T) => void): Generator<void, void, undefined> {
  for (const item of items) {
    each(item)
    yield
  }
}

/**
 * Work queued by key (a paper a commit changed), done as it is queued when it is little and in
 * slices when it is more (an import's commit), until someone who needs it done (a query) finishes it.
 * A key queued again while it waits keeps its place and takes the newer value.
 */
export class SlicedQueue<K, V> {
  private readonly queued = new Map<K, V>()
  private draining: Promise<void> | null = null
  private readonly atOnce: number
  private readonly clockEvery: number

  constructor(
    /** Does one item's work. */
    private readonly work: (key: K, value: V) => void,
    options: {
      /** Up to this many waiting items are done in the turn that queues them (no drain running). */
      atOnce: number
      /** Items done between two looks at the clock: more for cheap items. Default 1. */
      clockEvery?: number
    },
  ) {
    this.atOnce = options.atOnce
    this.clockEvery = options.clockEvery ?? 1
  }

  get size(): number {
    return this.queued.size
  }

  put(key: K, value: V): void {
    this.queued.set(key, value)
  }

  /**
   * Starts on what was put: all of it now when it is little, else a slice a turn from the next
   * turn. While a drain runs, what is put joins it (its order kept) rather than being done at once.
   */
  schedule(): void {
    if (this.queued.size <= this.atOnce && !this.draining) this.finish()
    else this.draining ??= this.drain()
  }

  /** Does everything queued, now. */
  finish(): void {
    this.workFor(Infinity)
  }

  /** Resolves once a running drain has emptied the queue. */
  async drained(): Promise<void> {
    await this.draining
  }

  private async drain(): Promise<void> {
    while (this.queued.size > 0) {
      await nextTurn()
      this.workFor(SLICE_MS)
    }
    this.draining = null
  }

  /** Does queued items for about `ms`. */
  private workFor(ms: number): void {
    const until = performance.now() + ms
    let n = 0
    for (const [key, value] of this.queued) {
      this.queued.delete(key)
      this.work(key, value)
      if (++n % this.clockEvery === 0 && performance.now() >= until) return
    }
  }
}
