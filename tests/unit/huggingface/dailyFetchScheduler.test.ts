import { afterEach, describe, expect, it } from 'vitest'
import { DailyFetchScheduler } from '../../../src/main/core/huggingface/dailyFetchScheduler'
import { Lectern } from '../../../src/main/core/lectern'
import {
  generatedDay,
  startFakeHuggingFace,
  type FakeHuggingFace,
} from '../../fixtures/huggingface/fakeHuggingFace'
import { useTempDirs } from '../support/tempDir'
import { virtualClock } from './virtualClock'

const tempDir = useTempDirs()
let server: FakeHuggingFace | null = null
let open: Lectern | null = null
let scheduler: DailyFetchScheduler | null = null
afterEach(async () => {
  scheduler?.stop()
  await open?.close()
  await server?.close()
  scheduler = null
  open = null
  server = null
})

/** A library whose clock says `now`, with the Hub listing a few papers on each weekday before it. */
async function setUp(now: Date, enabled: boolean) {
  const clock = virtualClock(now.getTime())
  const days = Object.fromEntries(
    ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02'].map((d) => [
      d,
      generatedDay(d, 3),
    ]),
  )
  server = await startFakeHuggingFace({ days, today: '2026-12-02', now: clock.now })
  const lectern = await Lectern.open({
    dataDir: await tempDir(),
    lock: { kind: 'cli' },
    hfBaseUrl: server.url,
    now: () => now,
    clock,
  })
  open = lectern
  const errors: string[] = []
  let finished: () => void = () => undefined
  const settled = new Promise<void>((resolve) => (finished = resolve))
  lectern.events.subscribe((e) => {
    if (e.name === 'task:progress' && e.data.state !== 'running') finished()
  })
  scheduler = new DailyFetchScheduler({
    service: lectern.dailyPapers,
    days: lectern.fetchedDays,
    tasks: lectern.tasks,
    enabled: () => enabled,
    now: () => now,
    onError: (m) => errors.push(m),
  })
  return { lectern, scheduler, server, errors, settled }
}

describe('the daily auto-fetch', { timeout: 60_000 }, () => {
  it('is off by default and then asks for nothing', async () => {
    const { lectern, scheduler } = await setUp(new Date('2026-12-02T09:00:00Z'), false)
    expect(lectern.settings.get().hfAutoFetch).toBe(false)
    expect(await scheduler.dueDays()).toEqual([])
  })

  it('catches up the last 7 days after the laptop slept, then only what is not final', async () => {
    const now = new Date('2026-12-02T09:00:00Z')
    const { lectern, scheduler, server, errors, settled } = await setUp(now, true)
    const due = await scheduler.dueDays()
    expect(due).toEqual([
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ])
    scheduler.poke()
    await settled
    expect(errors).toEqual([])
    expect(server.requests).toHaveLength(7)
    expect((await lectern.digests.days()).map((d) => d.date)).toEqual([
      '2026-12-02',
      '2026-12-01',
      '2026-11-30',
      '2026-11-27',
      '2026-11-26',
    ])
    // Days fetched after they ended are final; today's list is still growing and stays due.
    expect(await scheduler.dueDays()).toEqual(['2026-12-02'])
  })

  it('retries days a fetch could not reach, even with the setting off', async () => {
    const { lectern, scheduler, server: hub } = await setUp(new Date('2026-12-02T09:00:00Z'), false)
    await hub.close()
    server = null
    const report = await lectern.dailyPapers.fetchDays(['2026-12-01'])
    expect(report.days[0]?.state).toBe('pending')
    expect(await scheduler.dueDays()).toEqual(['2026-12-01'])
  })
})
