import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { startFakeArxiv, type FakeArxiv } from '../../fixtures/arxiv/fakeArxivServer'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import {
  defaultDays,
  fixtureDay,
  SEED_DAY,
  startFakeHuggingFace,
  type FakeHuggingFace,
} from '../../fixtures/huggingface/fakeHuggingFace'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { startFakeScholarly, type FakeScholarly } from '../../fixtures/published/fakeScholarlyServers'
import { startLectern, type LecternServer } from './lecternServer'
import { LibraryPage } from './libraryPage'

interface Options {
  /** Start a loopback arXiv (seed entries and a generated PDF per paper) and point Lectern at it. */
  withArxiv: boolean
  /** Start a loopback Hugging Face (the fixture days, and the seed's papers on today) and point Lectern at it. */
  withHuggingFace: boolean
  /** Start loopback OpenAlex, Semantic Scholar and DBLP (the published-version fixtures) and point Lectern at them. */
  withScholarly: boolean
}

interface Fixtures {
  fakeArxiv: FakeArxiv | null
  fakeHuggingFace: FakeHuggingFace | null
  fakeScholarly: FakeScholarly | null
  /** Browser mode on a fresh temporary data dir, stopped and removed after the test. */
  lectern: LecternServer & { restart(): Promise<void> }
  library: LibraryPage
}

export const test = base.extend<Options & Fixtures>({
  withArxiv: [false, { option: true }],
  withHuggingFace: [false, { option: true }],
  withScholarly: [false, { option: true }],
  fakeScholarly: async ({ withScholarly }, use) => {
    if (!withScholarly) return use(null)
    const servers = await startFakeScholarly()
    await use(servers)
    await servers.close()
  },
  fakeHuggingFace: async ({ withHuggingFace }, use) => {
    if (!withHuggingFace) return use(null)
    const today = new Date().toISOString().slice(0, 10)
    // Today's list: the seed day's papers, put on the list today.
    const todays = fixtureDay(SEED_DAY).map((item) => {
      const paper = item.paper as Record<string, unknown>
      return { ...item, paper: { ...paper, submittedOnDailyAt: `${today}T06:00:00.000Z` } }
    })
    const server = await startFakeHuggingFace({ days: { ...defaultDays(), [today]: todays } })
    await use(server)
    await server.close()
  },
  fakeArxiv: async ({ withArxiv }, use) => {
    if (!withArxiv) return use(null)
    const pdfs = Object.fromEntries(
      Object.values(seedArxivEntries).map((e) => [
        e.id,
        makePdf([[e.title, 'TraceMonkey-free test page one.'], ['Page two of ' + e.id]]),
      ]),
    )
    const server = await startFakeArxiv({ entries: seedArxivEntries, pdfs })
    await use(server)
    await server.close()
  },
  lectern: async ({ fakeArxiv, fakeHuggingFace, fakeScholarly }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lectern-e2e-'))
    const env = {
      ...(fakeArxiv ? { LECTERN_ARXIV_BASE: fakeArxiv.url } : {}),
      ...(fakeHuggingFace ? { LECTERN_HF_BASE: fakeHuggingFace.url } : {}),
      ...(fakeScholarly
        ? {
            LECTERN_OPENALEX_BASE: fakeScholarly.openAlex.url,
            LECTERN_S2_BASE: fakeScholarly.semanticScholar.url,
            LECTERN_DBLP_BASE: fakeScholarly.dblp.url,
          }
        : {}),
    }
    let server = await startLectern(dataDir, env)
    const handle = {
      get url() {
        return server.url
      },
      get origin() {
        return server.origin
      },
      get token() {
        return server.token
      },
      dataDir,
      stop: () => server.stop(),
      restart: async () => {
        await server.stop()
        server = await startLectern(dataDir, env)
      },
    }
    await use(handle)
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  },
  library: async ({ page, lectern }, use) => {
    await page.goto(lectern.url)
    // The page shows a static first screen before the app's script runs (boot.ts); keys and drops
    // reach the app once it has mounted. Its navigation is the first live part (the copy is aria-hidden).
    await page.getByRole('navigation', { name: 'Library' }).waitFor()
    await use(new LibraryPage(page))
  },
})

export { expect } from '@playwright/test'
