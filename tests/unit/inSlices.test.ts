import { describe, expect, it } from 'vitest'
import { forEachInSlices, inSlices, nextTurn, SLICE_MS, SlicedQueue } from '../../src/main/core/inSlices'

/**
 * What ran in each turn of the event loop while `work` ran: a probe that re-queues itself with
 * setImmediate runs once a turn, so the entries between two '|' ran in one turn.
 */
async function turnsOf(log: string[], work: Promise<unknown>): Promise<string[][]> {
  let ticking = true
  const probe = () => {
    log.push('|')
    if (ticking) setImmediate(probe)
  }
  setImmediate(probe)
  await work
  ticking = false
  const turns: string[][] = [[]]
  for (const entry of log) {
    if (entry === '|') turns.push([])
    else turns.at(-1)?.push(entry)
  }
  return turns
}

async function task(name: string, slices: number, log: string[]): Promise<void> {
  for (let i = 0; i < slices; i++) {
    log.push(name)
    await nextTurn()
  }
}

describe('background work shares the turns of the event loop', () => {
  it('resumes one waiting task a turn, so slices of tasks running together do not add up', async () => {
    const log: string[] = []
    const turns = await turnsOf(log, Promise.all([task('a', 4, log), task('b', 4, log), task('c', 4, log)]))
    // The first slice of each ran in the turn that started them; after that, one slice a turn.
    expect(turns.slice(1).every((turn) => turn.length <= 1)).toBe(true)
    // Every slice ran, and in turn: no task waits behind another's whole run.
    expect(log.filter((e) => e !== '|')).toEqual([
      ...['a', 'b', 'c'],
      ...['a', 'b', 'c'],
      ...['a', 'b', 'c'],
      ...['a', 'b', 'c'],
    ])
  })

  it('runs stepped work to its value, yielding between slices', async () => {
    function* steps(): Generator<void, number, void> {
      let sum = 0
      for (let i = 1; i <= 1000; i++) {
        sum += i
        yield
      }
      return sum
    }
    expect(await inSlices(steps())).toBe(500_500)
  })

  it('does something for every item of a long run, a slice a turn', async () => {
    const log: string[] = []
    const items = Array.from({ length: 12 }, (_, i) => `item ${i}`)
    // Started in a turn of its own, as a slice before the first probe would count with the next.
    const work = nextTurn().then(() =>
      forEachInSlices(items, (item) => {
        // A quarter of a slice each: at most four a turn.
        const until = performance.now() + SLICE_MS / 4
        while (performance.now() < until) continue
        log.push(item)
      }),
    )
    const turns = await turnsOf(log, work)
    expect(log.filter((e) => e !== '|')).toEqual(items)
    expect(turns.filter((turn) => turn.length > 0).length).toBeGreaterThanOrEqual(3)
    expect(turns.every((turn) => turn.length <= 4)).toBe(true)
  })

  describe('a queue drained in slices', () => {
    /** A queue whose items take `itemMs` each (busy-waiting), logging what was done. */
    function slowQueue(itemMs: number, log: string[]): SlicedQueue<string, number> {
      return new SlicedQueue<string, number>(
        (key, value) => {
          const until = performance.now() + itemMs
          while (performance.now() < until) continue
          log.push(`${key}=${value}`)
        },
        { atOnce: 3 },
      )
    }

    it('does a few items in the turn that queues them', () => {
      const log: string[] = []
      const queue = slowQueue(0, log)
      for (const [i, key] of ['a', 'b', 'c'].entries()) queue.put(key, i)
      queue.schedule()
      expect(log).toEqual(['a=0', 'b=1', 'c=2'])
      expect(queue.size).toBe(0)
    })

    it('does more in later turns, a slice a turn, in the order queued, with the newest value of a key', async () => {
      const log: string[] = []
      const queue = slowQueue(SLICE_MS / 4, log)
      for (let i = 0; i < 20; i++) queue.put(`k${i}`, i)
      queue.put('k0', 100)
      queue.schedule()
      expect(log).toEqual([])
      // Put while the drain runs: joins it, rather than being done at once though it is one item.
      const turns = await turnsOf(
        log,
        (async () => {
          await nextTurn()
          queue.put('late', 1)
          queue.schedule()
          await queue.drained()
        })(),
      )
      expect(turns.filter((turn) => turn.length > 0).length).toBeGreaterThan(1)
      // Each item takes a quarter of a slice: at most four a turn.
      expect(turns.every((turn) => turn.length <= 4)).toBe(true)
      expect(log.filter((e) => e !== '|')).toEqual([
        ...Array.from({ length: 20 }, (_, i) => `k${i}=${i === 0 ? 100 : i}`),
        'late=1',
      ])
    })

    it('is finished at once by whoever needs it done', async () => {
      const log: string[] = []
      const queue = slowQueue(0, log)
      for (let i = 0; i < 10; i++) queue.put(`k${i}`, i)
      queue.schedule()
      expect(queue.size).toBe(10)
      queue.finish()
      expect(log).toHaveLength(10)
      // The drain finds nothing left and ends.
      await queue.drained()
      expect(log).toHaveLength(10)
    })
  })
})
