import { afterEach, describe, expect, it } from 'vitest'
import type { PublishedCheckReport } from '../../../src/shared/api'
import { Lectern } from '../../../src/main/core/lectern'
import { startFakeArxiv, type FakeArxiv } from '../../fixtures/arxiv/fakeArxivServer'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { startFakeScholarly, type FakeScholarly } from '../../fixtures/published/fakeScholarlyServers'
import { SEED_DIGEST } from '../support/openLectern'
import { lecternWithEnv } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
let arxiv: FakeArxiv | null = null
let scholarly: FakeScholarly | null = null
afterEach(async () => {
  await arxiv?.close()
  await scholarly?.close()
  arxiv = scholarly = null
})

describe('lectern published', () => {
  it('checks the given papers through the one dispatcher, bases from flags and the environment; papers:get returns what it stored', async () => {
    arxiv = await startFakeArxiv({ entries: seedArxivEntries })
    scholarly = await startFakeScholarly()
    const dir = await tempDir()
    const seeded = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' }, arxivBaseUrl: arxiv.url })
    await seeded.digests.importPaths([SEED_DIGEST])
    await seeded.metadata.fetch(['2402.07827', '2402.07865', '2402.07319'])
    await seeded.close()

    const run = await lecternWithEnv(
      { LECTERN_S2_BASE: scholarly.semanticScholar.url, LECTERN_S2_KEY: 's2-key' },
      'published',
      '2402.07827',
      '2402.07865',
      '2402.07319',
      '--data',
      dir,
      '--openalex-base',
      scholarly.openAlex.url,
      '--dblp-base',
      scholarly.dblp.url,
      '--json',
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as PublishedCheckReport
    expect(report.found.map((f) => [f.id, f.publishedAs.source])).toEqual([['2402.07827', 'openalex']])
    expect(report.suggested.map((f) => [f.id, f.publishedAs.source])).toEqual([['2402.07865', 'dblp']])
    expect(report.notFound).toEqual(['2402.07319'])
    expect(scholarly.semanticScholar.requests).toHaveLength(1)

    // Human output, and nothing asked again within the month.
    const again = await lecternWithEnv(
      {},
      'published',
      '2402.07827',
      '2402.07865',
      '2402.07319',
      '--data',
      dir,
      '--openalex-base',
      scholarly.openAlex.url,
    )
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('1 already known, 2 checked within the month')
    expect(scholarly.openAlex.requests).toHaveLength(3)

    const reopened = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    try {
      const { paper } = reopened.papers.get('2402.07827')
      expect(paper.publishedAs).toMatchObject({
        venue: expect.stringContaining('Association for Computational'),
        doi: '10.5555/lectern.acl.2024.845',
      })
    } finally {
      await reopened.close()
    }
  })

  it('refuses a base that is not an http(s) URL, naming the flag', async () => {
    const run = await lecternWithEnv({}, 'published', '--data', await tempDir(), '--dblp-base', 'ftp://x')
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain('--dblp-base ftp://x must be an http(s) URL')
  })
})
