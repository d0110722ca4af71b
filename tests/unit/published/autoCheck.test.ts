import { afterEach, describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { FakeClock } from '../../fixtures/arxiv/fakeClock'
import { startFakeArxiv, type FakeArxiv } from '../../fixtures/arxiv/fakeArxivServer'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { startFakeScholarly, type FakeScholarly } from '../../fixtures/published/fakeScholarlyServers'
import { SEED_DIGEST } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
let arxiv: FakeArxiv | null = null
let scholarly: FakeScholarly | null = null
let open: Lectern | null = null
afterEach(async () => {
  await open?.close()
  await arxiv?.close()
  await scholarly?.close()
  open = arxiv = scholarly = null
})

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 60_000
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function running(autoCheckPublished: boolean) {
  arxiv = await startFakeArxiv({ entries: seedArxivEntries })
  scholarly = await startFakeScholarly()
  open = await Lectern.open({
    dataDir: await tempDir(),
    lock: { kind: 'app' },
    arxivBaseUrl: arxiv.url,
    openAlexBaseUrl: scholarly.openAlex.url,
    dblpBaseUrl: scholarly.dblp.url,
    clock: new FakeClock(),
  })
  expect(open.settings.get().autoCheckPublished).toBe(false)
  await open.settings.update({ autoCheckPublished })
  const errors: string[] = []
  open.startBackgroundWork((message) => errors.push(message))
  await open.digests.importPaths([SEED_DIGEST])
  return { lectern: open, errors }
}

describe('the automatic check after arXiv records arrive', () => {
  it('runs after the background metadata fetch when the setting is on', async () => {
    const { lectern, errors } = await running(true)
    await waitFor(() => lectern.store.head('2402.07827')?.publishedAs !== undefined, 'the published version')
    expect(lectern.store.head('2402.07827')?.publishedAs?.source).toBe('openalex')
    expect(errors).toEqual([])
  })

  it('is off by default: the records arrive and no service is asked', async () => {
    const { lectern, errors } = await running(false)
    await waitFor(
      () => lectern.metadata.queued().length === 0 && lectern.store.head('2402.07827')?.meta !== null,
      'the records',
    )
    // Give a check that should not happen the time it would take.
    await new Promise((r) => setTimeout(r, 500))
    expect(scholarly?.openAlex.requests).toEqual([])
    expect(errors).toEqual([])
  })
})
