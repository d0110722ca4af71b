import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { startFakeArxiv, type FakeArxiv } from '../../fixtures/arxiv/fakeArxivServer'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { startLectern, type LecternServer } from './lecternServer'
import { LibraryPage } from './libraryPage'

interface Options {
  /** Start a loopback arXiv (seed entries and a generated PDF per paper) and point Lectern at it. */
  withArxiv: boolean
}

interface Fixtures {
  fakeArxiv: FakeArxiv | null
  /** Browser mode on a fresh temporary data dir, stopped and removed after the test. */
  lectern: LecternServer & { restart(): Promise<void> }
  library: LibraryPage
}

export const test = base.extend<Options & Fixtures>({
  withArxiv: [false, { option: true }],
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
  lectern: async ({ fakeArxiv }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lectern-e2e-'))
    const env = fakeArxiv ? { LECTERN_ARXIV_BASE: fakeArxiv.url } : {}
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
    await use(new LibraryPage(page))
  },
})

export { expect } from '@playwright/test'
