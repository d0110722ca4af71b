import { afterEach, describe, expect, it } from 'vitest'
import type { DailyFetchReport, ImportReport, PaperSummary } from '../../../src/shared/api'
import {
  SEED_DAY,
  startFakeHuggingFace,
  type FakeHuggingFace,
} from '../../fixtures/huggingface/fakeHuggingFace'
import { SEED_DIGEST } from '../support/openLectern'
import { lectern, lecternWithEnv } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
let server: FakeHuggingFace | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

// Each CLI run is a fresh process (tsx start-up included): generous timeouts for loaded machines.
describe('lectern fetch-day', { timeout: 120_000 }, () => {
  it('fetches a day from the Hub named by --hf-base; the seed file then adds nothing', async () => {
    server = await startFakeHuggingFace()
    const data = await tempDir()
    const fetched = await lectern('fetch-day', SEED_DAY, '--hf-base', server.url, '--json', '--data', data)
    expect(fetched.stderr).toBe('')
    expect(fetched.code).toBe(0)
    const report = JSON.parse(fetched.stdout) as DailyFetchReport
    expect(report.days).toEqual([{ date: SEED_DAY, state: 'fetched', papers: 16 }])
    expect(report.import.added).toBe(16)
    const imported = JSON.parse(
      (await lectern('import', SEED_DIGEST, '--json', '--data', data)).stdout,
    ) as ImportReport
    expect(imported.added).toBe(0)
    const papers = JSON.parse((await lectern('papers', '--json', '--data', data)).stdout) as PaperSummary[]
    expect(papers).toHaveLength(16)
    expect(new Set(papers.map((p) => p.date))).toEqual(new Set([SEED_DAY]))
  })

  it('says in words what a range did, and is a clear error for a bad date', async () => {
    server = await startFakeHuggingFace()
    const data = await tempDir()
    const env = { LECTERN_HF_BASE: server.url }
    const range = await lecternWithEnv(
      env,
      'fetch-day',
      '--from',
      '2024-02-12',
      '--to',
      SEED_DAY,
      '--data',
      data,
    )
    expect(range.code).toBe(0)
    expect(range.stdout).toContain('2024-02-12: 0 papers on Hugging Face')
    expect(range.stdout).toContain(`${SEED_DAY}: 16 papers on Hugging Face`)
    expect(range.stdout).toContain('Total: 16 added, 0 updated, 0 unchanged')
    const bad = await lecternWithEnv(env, 'fetch-day', '2024-02-31', '--data', data)
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('2024-02-31')
    expect(bad.stdout).toBe('')
    expect(server.requests).toHaveLength(2)
  })
})
