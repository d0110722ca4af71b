import { describe, expect, it } from 'vitest'
import type { Dispatch } from '../../../src/main/core/api/dispatch'
import { FirstAnswerGate, type GateTimers } from '../../../src/main/core/api/firstAnswerGate'

/** Timers that run only when the test says so. */
function manualTimers() {
  const pending: { ms: number; run: () => void; cancelled: boolean }[] = []
  const timers: GateTimers = {
    after: (ms, run) => {
      const timer = { ms, run, cancelled: false }
      pending.push(timer)
      return () => void (timer.cancelled = true)
    },
  }
  /** Runs the timers of `ms` set so far. */
  const fire = (ms: number) => {
    const due = pending.filter((t) => t.ms === ms)
    for (const t of due) pending.splice(pending.indexOf(t), 1)
    for (const t of due) if (!t.cancelled) t.run()
  }
  return { timers, fire, pending }
}

const echo: Dispatch = async (channel) => ({ ok: true, data: channel })

describe('FirstAnswerGate', () => {
  it('starts the work after the first answer has been given, not before, and only once', async () => {
    const { timers, fire } = manualTimers()
    const started: string[] = []
    let answered = 0
    const gate = new FirstAnswerGate(() => started.push(`start after ${answered} answers`), {
      graceMs: 2_000,
      timers,
    })
    const dispatch = gate.wrap(echo)
    const reply = await dispatch('papers:list', { limit: 120 })
    answered++
    expect(reply).toEqual({ ok: true, data: 'papers:list' })
    expect(started).toEqual([])
    fire(0)
    expect(started).toEqual(['start after 1 answers'])
    await dispatch('lists:list', {})
    fire(0)
    fire(2_000)
    expect(started).toHaveLength(1)
  })

  it('starts the work after the grace when no call comes', () => {
    const { timers, fire } = manualTimers()
    let started = 0
    new FirstAnswerGate(() => started++, { graceMs: 2_000, timers })
    fire(0)
    expect(started).toBe(0)
    fire(2_000)
    expect(started).toBe(1)
  })

  it('a failed answer opens it too (the page was answered)', async () => {
    const { timers, fire } = manualTimers()
    let started = 0
    const gate = new FirstAnswerGate(() => started++, { graceMs: 2_000, timers })
    const failing: Dispatch = async () => ({ ok: false, error: { code: 'not-found', message: 'no' } })
    await gate.wrap(failing)('papers:get', { id: 'x' })
    fire(0)
    expect(started).toBe(1)
  })

  it('once cancelled (the app closes first), nothing starts', async () => {
    const { timers, fire } = manualTimers()
    let started = 0
    const gate = new FirstAnswerGate(() => started++, { graceMs: 2_000, timers })
    await gate.wrap(echo)('papers:list', {})
    gate.cancel()
    fire(0)
    fire(2_000)
    expect(started).toBe(0)
  })
})
