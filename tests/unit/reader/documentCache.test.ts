import { describe, expect, it } from 'vitest'
import {
  DocumentCache,
  type Clock,
  type LoadingTask,
  type PasswordPrompt,
} from '../../../src/renderer/features/pdf/documentCache'

/** Timers that run only when the test moves time on. */
class FakeClock implements Clock {
  now = 0
  private timers = new Map<number, { at: number; run: () => void }>()
  private next = 1
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++
    this.timers.set(id, { at: this.now + ms, run })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }
  advance(ms: number): void {
    const end = this.now + ms
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      this.timers.delete(due[0])
      this.now = due[1].at
      due[1].run()
    }
    this.now = end
  }
}

/** A loading task the test settles by hand, which records whether it was destroyed. */
class FakeTask implements LoadingTask<string> {
  promise: Promise<string>
  resolve!: (doc: string) => void
  reject!: (error: Error) => void
  destroyed = false
  password: PasswordPrompt | null = null
  constructor(readonly url: string) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    this.promise.catch(() => undefined)
  }
  destroy(): Promise<void> {
    this.destroyed = true
    return Promise.resolve()
  }
  listen(password: PasswordPrompt): void {
    this.password = password
  }
}

function setUp() {
  const clock = new FakeClock()
  const loads: FakeTask[] = []
  const discarded: string[] = []
  const cache = new DocumentCache<string, string>({
    clock,
    load: (url) => {
      const task = new FakeTask(url)
      loads.push(task)
      return task
    },
    discard: (prepared) => discarded.push(prepared),
  })
  return { clock, loads, cache, discarded }
}

/** Lets settled promises run their callbacks. */
function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

const MINUTE = 60_000

describe('the reader’s document cache', () => {
  it('shares one load between readers and keeps it after the last one closes, for a reopen', async () => {
    const { loads, cache } = setUp()
    const first = cache.acquire('/pdf/a', 'v1')
    const second = cache.acquire('/pdf/a', 'v1')
    expect(loads).toHaveLength(1)
    loads[0]?.resolve('doc a')
    expect(await second.promise).toBe('doc a')
    first.release()
    second.release()
    second.release() // a second release of the same lease counts once
    const again = cache.acquire('/pdf/a', 'v1')
    expect(loads).toHaveLength(1)
    expect(await again.promise).toBe('doc a')
    expect(loads[0]?.destroyed).toBe(false)
  })

  it('tells a loaded document at once, without acquiring it (a reader’s first render)', async () => {
    const { loads, cache } = setUp()
    cache.acquire('/pdf/a', 'v1').release()
    expect(cache.loaded('/pdf/a', 'v1')).toBeNull()
    loads[0]?.resolve('doc a')
    await settled()
    expect(cache.loaded('/pdf/a', 'v1')).toBe('doc a')
    expect(cache.loaded('/pdf/a', 'v2')).toBeNull()
    cache.acquire('/pdf/b', 'v1').release()
    loads[1]?.reject(new Error('not a PDF'))
    await settled()
    expect(cache.loaded('/pdf/b', 'v1')).toBeNull()
  })

  it('loads a new file at the same URL afresh (a PDF attached again)', () => {
    const { loads, cache } = setUp()
    cache.acquire('/pdf/a', 'v1').release()
    cache.acquire('/pdf/a', 'v2')
    expect(loads.map((t) => t.url)).toEqual(['/pdf/a', '/pdf/a'])
  })

  it('opens the selected paper’s PDF ahead only once the selection has stayed 150 ms', () => {
    const { clock, loads, cache } = setUp()
    cache.openAhead('/pdf/a', 'v1')
    clock.advance(100)
    cache.openAhead('/pdf/b', 'v1') // the arrow key moved on: a is never loaded
    clock.advance(149)
    expect(loads).toHaveLength(0)
    clock.advance(1)
    expect(loads.map((t) => t.url)).toEqual(['/pdf/b'])
    // The click on Read finds it loading.
    cache.acquire('/pdf/b', 'v1')
    expect(loads).toHaveLength(1)
  })

  it('prepares the opened-ahead document (its opening page drawn) and hands that to one reader', async () => {
    const { clock, loads, cache } = setUp()
    cache.openAhead('/pdf/a', 'v1', async (doc) => `page 1 of ${doc}`)
    clock.advance(150)
    loads[0]?.resolve('doc a')
    cache.acquire('/pdf/a', 'v1')
    const prepared = cache.takeAhead('/pdf/a', 'v1')
    expect(prepared?.settled).toBeUndefined()
    expect(await prepared?.result).toBe('page 1 of doc a')
    // Readable at once from then on (the reader's first frame shows it).
    expect(prepared?.settled).toBe('page 1 of doc a')
    // Handed over once: the next reader draws its own.
    expect(cache.takeAhead('/pdf/a', 'v1')).toBeNull()
  })

  it('tells when the open-ahead is done (or replaced), so other work ahead waits for it', async () => {
    const { clock, loads, cache } = setUp()
    const done: string[] = []
    let drawn = () => {}
    const prepare = () => new Promise<string>((resolve) => (drawn = () => resolve('page 1')))
    void cache.openAhead('/pdf/a', 'v1', prepare).then(() => done.push('a'))
    clock.advance(100)
    // Passed over: settled at once, nothing of it is loading.
    void cache.openAhead('/pdf/b', 'v1', prepare).then(() => done.push('b'))
    await settled()
    expect(done).toEqual(['a'])
    clock.advance(150)
    loads[0]?.resolve('doc b')
    await settled()
    expect(done).toEqual(['a'])
    drawn()
    await settled()
    expect(done).toEqual(['a', 'b'])
  })

  it('drops what it prepared for the last selection as soon as the selection moves on', async () => {
    const { clock, loads, cache, discarded } = setUp()
    const signals: AbortSignal[] = []
    const prepare = async (doc: string, signal: AbortSignal) => {
      signals.push(signal)
      return `page 1 of ${doc}`
    }
    cache.openAhead('/pdf/a', 'v1', prepare)
    clock.advance(150)
    loads[0]?.resolve('doc a')
    await loads[0]?.promise
    await settled()
    cache.openAhead('/pdf/b', 'v1', prepare)
    expect(signals[0]?.aborted).toBe(true)
    await settled()
    expect(discarded).toEqual(['page 1 of doc a'])
    // Document a stays idle for a reopen, without its page.
    expect(cache.takeAhead('/pdf/a', 'v1')).toBeNull()
    expect(loads[0]?.destroyed).toBe(false)
  })

  it('lets go of a preparation nobody took when its document is evicted', async () => {
    const { clock, loads, cache, discarded } = setUp()
    cache.openAhead('/pdf/a', 'v1', async (doc) => `page 1 of ${doc}`)
    clock.advance(150)
    loads[0]?.resolve('doc a')
    await settled()
    clock.advance(2 * MINUTE)
    expect(loads[0]?.destroyed).toBe(true)
    await settled()
    expect(discarded).toEqual(['page 1 of doc a'])
  })

  it('prepares nothing for a document that asked for a password, or that a reader has open', async () => {
    const { clock, loads, cache } = setUp()
    const prepared: string[] = []
    const prepare = async (doc: string) => {
      prepared.push(doc)
      return doc
    }
    cache.openAhead('/pdf/secret', 'v1', prepare)
    clock.advance(150)
    loads[0]?.password?.(() => loads[0]?.resolve('secret doc'), 1)
    const lease = cache.acquire('/pdf/secret', 'v1')
    lease.onPassword((answer) => answer('open sesame'))
    expect(await cache.takeAhead('/pdf/secret', 'v1')?.result).toBeNull()

    cache.acquire('/pdf/open', 'v1') // a reader has it open
    cache.openAhead('/pdf/open', 'v1', prepare)
    clock.advance(150)
    loads[1]?.resolve('open doc')
    await settled()
    expect(cache.takeAhead('/pdf/open', 'v1')).toBeNull()
    expect(prepared).toEqual([])
  })

  it('keeps the page a closing reader showed for a reopen, one at most, dropped as the open-ahead’s is', async () => {
    const { clock, loads, cache, discarded } = setUp()
    const lease = cache.acquire('/pdf/a', 'v1')
    loads[0]?.resolve('doc a')
    await settled()
    cache.keepAhead('/pdf/a', 'v1', 'page 3 of doc a')
    lease.release()
    // Readable in the reopening reader's first frame, handed over once.
    expect(cache.takeAhead('/pdf/a', 'v1')?.settled).toBe('page 3 of doc a')
    expect(cache.takeAhead('/pdf/a', 'v1')).toBeNull()

    cache.keepAhead('/pdf/a', 'v1', 'page 4 of doc a')
    cache.acquire('/pdf/b', 'v1').release()
    cache.keepAhead('/pdf/b', 'v1', 'page 1 of doc b') // one at most: a's goes
    await settled()
    expect(discarded).toEqual(['page 4 of doc a'])
    cache.openAhead('/pdf/a', 'v1') // the selection moves on
    await settled()
    expect(discarded).toEqual(['page 4 of doc a', 'page 1 of doc b'])

    cache.keepAhead('/pdf/a', 'v1', 'page 5 of doc a')
    clock.advance(2 * MINUTE) // evicted
    await settled()
    expect(loads[0]?.destroyed).toBe(true)
    expect(discarded.at(-1)).toBe('page 5 of doc a')
    cache.keepAhead('/pdf/a', 'v1', 'page 6 of doc a') // no longer held: let go at once
    expect(discarded.at(-1)).toBe('page 6 of doc a')
    expect(cache.takeAhead('/pdf/a', 'v1')).toBeNull()
  })

  it('keeps no page of a password-protected document', () => {
    const { loads, cache, discarded } = setUp()
    const lease = cache.acquire('/pdf/secret', 'v1')
    lease.onPassword((answer) => answer('open sesame'))
    loads[0]?.password?.(() => loads[0]?.resolve('secret doc'), 1)
    cache.keepAhead('/pdf/secret', 'v1', 'page 1 of secret doc')
    expect(discarded).toEqual(['page 1 of secret doc'])
    expect(cache.takeAhead('/pdf/secret', 'v1')).toBeNull()
    lease.release()
  })

  it('keeps at most two idle documents, destroying the oldest', () => {
    const { loads, cache } = setUp()
    for (const name of ['a', 'b', 'c']) cache.acquire(`/pdf/${name}`, 'v1').release()
    expect(loads.map((t) => t.destroyed)).toEqual([true, false, false])
    expect(cache.held()).toHaveLength(2)
    // A document in use is not idle and is never evicted.
    const reading = cache.acquire('/pdf/b', 'v1')
    cache.acquire('/pdf/d', 'v1').release()
    cache.acquire('/pdf/e', 'v1').release()
    expect(loads[1]?.destroyed).toBe(false)
    expect(loads[2]?.destroyed).toBe(true)
    reading.release()
  })

  it('destroys an idle document after two minutes, and not one reopened meanwhile', () => {
    const { clock, loads, cache } = setUp()
    cache.acquire('/pdf/a', 'v1').release()
    cache.acquire('/pdf/b', 'v1').release()
    clock.advance(MINUTE)
    const reopened = cache.acquire('/pdf/b', 'v1')
    clock.advance(MINUTE + 1)
    expect(loads.map((t) => t.destroyed)).toEqual([true, false])
    reopened.release()
    clock.advance(2 * MINUTE - 1)
    expect(loads[1]?.destroyed).toBe(false)
    clock.advance(1)
    expect(loads[1]?.destroyed).toBe(true)
    expect(cache.held()).toEqual([])
  })

  it('never keeps a password-protected document once its reader closes', () => {
    const { loads, cache } = setUp()
    const lease = cache.acquire('/pdf/secret', 'v1')
    const asked: number[] = []
    lease.onPassword((answer, reason) => {
      asked.push(reason)
      answer('hunter2')
    })
    loads[0]?.password?.(() => undefined, 1)
    expect(asked).toEqual([1])
    lease.release()
    expect(loads[0]?.destroyed).toBe(true)
    expect(cache.held()).toEqual([])
  })

  it('hands a password question met by the open-ahead to the reader that opens it', () => {
    const { clock, loads, cache } = setUp()
    cache.openAhead('/pdf/secret', 'v1')
    clock.advance(150)
    const answers: string[] = []
    loads[0]?.password?.((password) => answers.push(password), 1)
    // Nothing decrypted yet: the question waits, idle, for a reader.
    expect(loads[0]?.destroyed).toBe(false)
    const lease = cache.acquire('/pdf/secret', 'v1')
    lease.onPassword((answer) => answer('open sesame'))
    expect(answers).toEqual(['open sesame'])
    lease.release()
    expect(loads[0]?.destroyed).toBe(true)
  })

  it('does not keep a failed load: the next open tries again', async () => {
    const { loads, cache } = setUp()
    const lease = cache.acquire('/pdf/missing', 'v1')
    loads[0]?.reject(new Error('404'))
    await expect(lease.promise).rejects.toThrow('404')
    lease.release()
    expect(loads[0]?.destroyed).toBe(true)
    cache.acquire('/pdf/missing', 'v1')
    expect(loads).toHaveLength(2)
  })
})
