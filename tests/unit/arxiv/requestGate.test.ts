import { describe, expect, it } from 'vitest'
import { RequestGate } from '../../../src/main/core/arxiv/requestGate'
import { FakeClock } from '../../fixtures/arxiv/fakeClock'

describe('RequestGate', () => {
  it('spaces tasks from the end of the previous one and honours hold-offs', async () => {
    const clock = new FakeClock(0)
    const gate = new RequestGate(clock, 3000)
    const starts: number[] = []
    const task = async (): Promise<void> => {
      starts.push(clock.now())
      await clock.sleep(1000)
    }
    await Promise.all([gate.run(task), gate.run(task)])
    gate.holdOff(10_000)
    await gate.run(task)
    expect(starts).toEqual([0, 4000, 15_000])
  })

  it('lets the callers queued behind an aborted one through', async () => {
    const clock = new FakeClock(0)
    const gate = new RequestGate(clock, 3000)
    const controller = new AbortController()
    const order: string[] = []
    const first = gate.run(async () => void order.push('first'))
    const aborted = gate.run(async () => void order.push('aborted'), { signal: controller.signal })
    const third = gate.run(async () => void order.push('third'))
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
    await Promise.all([first, third])
    expect(order).toEqual(['first', 'third'])
  })
})
