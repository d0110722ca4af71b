import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { FETCHED_DAYS_FILE } from '../../../src/main/core/huggingface/fetchedDays'
import { Lectern } from '../../../src/main/core/lectern'
import { createClient } from '../../../src/shared/client'
import type { LecternError } from '../../../src/shared/errors'
import {
  BIG_DAY,
  RECENT_DAY,
  SEED_DAY,
  startFakeHuggingFace,
  type FakeHuggingFace,
} from '../../fixtures/huggingface/fakeHuggingFace'
import { SEED_DIGEST } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'
import { virtualClock } from './virtualClock'

const tempDir = useTempDirs()
const NOW = new Date('2026-12-02T07:30:00Z')
let server: FakeHuggingFace | null = null
let open: Lectern | null = null
afterEach(async () => {
  await open?.close()
  await server?.close()
  open = null
  server = null
})

async function setUp() {
  const clock = virtualClock(NOW.getTime())
  server = await startFakeHuggingFace({ today: '2026-12-02', now: clock.now })
  const dataDir = await tempDir()
  const lectern = await Lectern.open({
    dataDir,
    lock: { kind: 'cli' },
    hfBaseUrl: server.url,
    now: () => NOW,
    clock,
  })
  open = lectern
  const api = createClient(
    createDispatch(createHandlers(lectern, 'test'), (e) => {
      throw e
    }),
  )
  return { server, lectern, api, dataDir, clock }
}

describe('fetching Hugging Face days into the library', { timeout: 60_000 }, () => {
  it('fetch 2024-02-13, then import the seed digest: 16 papers, one appearance each for that day', async () => {
    const { lectern, api } = await setUp()
    const fetched = await api.call('digests:fetchDays', { from: SEED_DAY, to: SEED_DAY })
    expect(fetched.days).toEqual([{ date: SEED_DAY, state: 'fetched', papers: 16 }])
    expect([fetched.import.added, fetched.import.updated, fetched.import.unchanged]).toEqual([16, 0, 0])
    const imported = await lectern.digests.importPaths([SEED_DIGEST])
    expect(imported.added).toBe(0)
    const papers = [...lectern.store.allHeads()].filter((p) => !p.deleted)
    expect(papers).toHaveLength(16)
    for (const paper of papers) expect(paper.appearances.map((a) => a.date)).toEqual([SEED_DAY])
    expect(await api.call('digests:list', {})).toEqual([{ date: SEED_DAY, count: 16 }])
  })

  it('the other way round too, and a fetch keeps the bullets the file brought', async () => {
    const { lectern, api } = await setUp()
    await lectern.digests.importPaths([SEED_DIGEST])
    const fetched = await api.call('digests:fetchDays', { from: SEED_DAY, to: SEED_DAY })
    expect(fetched.import.added).toBe(0)
    const papers = [...lectern.store.allHeads()].filter((p) => !p.deleted)
    expect(papers).toHaveLength(16)
    const aya = lectern.papers.get('2402.07827').paper
    expect(aya.appearances).toHaveLength(1)
    // The 2024 list has no ai_summary: the file's bullets stay.
    expect(aya.appearances[0]?.summary[0]).toMatch(/^Aya 모델은/)
    expect(aya.appearances[0]?.votes).toBe(21)
  })

  it('a fetched day reads like a digest day: title, authors, votes, summary, links http(s) only', async () => {
    const { lectern, api } = await setUp()
    const report = await api.call('digests:fetchDays', { from: RECENT_DAY, to: RECENT_DAY })
    expect(report.days).toEqual([{ date: RECENT_DAY, state: 'fetched', papers: 3 }])
    const file = report.import.files[0]
    expect(file?.diagnostics[0]).toMatch(/:4: item 4 is not a paper Lectern can read \(paper\.id/)
    const rayzer = lectern.papers.get('2509.06160').paper
    expect(rayzer).toMatchObject({
      arxivId: '2509.06160',
      url: 'https://arxiv.org/abs/2509.06160',
      title: 'RayZer: A Self-supervised Large View Synthesis Model',
      authors: ['Hanwen Jiang', 'Qixing Huang'],
    })
    expect(rayzer.appearances[0]).toMatchObject({
      date: RECENT_DAY,
      votes: 12,
      media: {
        kind: 'video',
        url: 'https://cdn-uploads.huggingface.co/production/uploads/64a3f0b1c8c1e2a5d3b9e111/rayzer-demo.mp4',
      },
      summary: [
        'RayZer learns 3D-aware novel view synthesis from unposed, uncalibrated images without any 3D supervision.',
        'Code: https://github.com/hwjiang1510/RayZer (187 stars)',
        'Project page: https://hwjiang1510.github.io/RayZer/',
      ],
    })
    const mallory = lectern.papers.get('2509.05209').paper.appearances[0]
    expect(mallory?.media).toBeNull()
    expect(mallory?.summary).toEqual([])
  })

  it('a range is fetched day by day; empty days say 0 papers; a 120-paper day takes 3 pages', async () => {
    const { server, api } = await setUp()
    const report = await api.call('digests:fetchDays', { from: '2024-02-29', to: BIG_DAY })
    expect(report.days).toEqual([
      { date: '2024-02-29', state: 'fetched', papers: 0 },
      { date: BIG_DAY, state: 'fetched', papers: 120 },
    ])
    expect(report.import.added).toBe(120)
    expect(server.requests.filter((r) => r.includes(BIG_DAY))).toHaveLength(3)
  })

  it('a bad or future date is a clear error before anything is asked', async () => {
    const { server, api } = await setUp()
    for (const [input, message] of [
      [{ from: '2024-02-30', to: '2024-02-30' }, '"2024-02-30" is not a date'],
      [{ from: '13/02/2024' }, 'A day is written YYYY-MM-DD'],
      [{ from: '2030-01-01', to: '2030-01-01' }, '2030-01-01 is in the future'],
      [{ from: '2024-03-02', to: '2024-03-01' }, 'starts (2024-03-02) after it ends'],
      [{ from: '2020-01-01', to: '2024-01-01' }, 'fetch at most 366'],
    ] as const) {
      const error = await api.call('digests:fetchDays', input).then(
        () => null,
        (e: unknown) => e as LecternError,
      )
      expect(error?.code).toBe('invalid-input')
      expect(error?.message).toContain(message)
    }
    expect(server.requests).toEqual([])
  })

  it('without --hf-base the setting names the Hub, and a change of setting takes effect at once', async () => {
    const clock = virtualClock(NOW.getTime())
    server = await startFakeHuggingFace({ today: '2026-12-02', now: clock.now })
    const lectern = await Lectern.open({
      dataDir: await tempDir(),
      lock: { kind: 'cli' },
      now: () => NOW,
      clock,
    })
    open = lectern
    expect(lectern.settings.get().hfBaseUrl).toBe('https://huggingface.co')
    await lectern.settings.update({ hfBaseUrl: server.url })
    const report = await lectern.dailyPapers.fetchDays([SEED_DAY])
    expect(report.days[0]).toMatchObject({ state: 'fetched', papers: 16 })
    expect(server.requests).toHaveLength(1)
  })

  it('offline: a clear message, nothing changed, the days kept to be fetched later', async () => {
    const { server: hub, api, lectern, dataDir } = await setUp()
    await hub.close()
    server = null
    const report = await api.call('digests:fetchDays', { from: SEED_DAY, to: '2024-02-14' })
    expect(report.days.map((d) => d.state)).toEqual(['pending', 'pending'])
    expect(report.days[0]?.reason).toMatch(/could not be reached .*ECONNREFUSED/)
    expect([...lectern.store.allHeads()]).toHaveLength(0)
    const record = JSON.parse(await readFile(join(dataDir, FETCHED_DAYS_FILE), 'utf8')) as {
      pending: Record<string, string>
    }
    expect(Object.keys(record.pending)).toEqual([SEED_DAY, '2024-02-14'])
  })
})
