import { describe, expect, it } from 'vitest'
import { inSlices, nextTurn } from '../../src/main/core/inSlices'

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
})
