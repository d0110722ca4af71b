import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { startLectern, type LecternServer } from './lecternServer'
import { LibraryPage } from './libraryPage'

interface Fixtures {
  /** Browser mode on a fresh temporary data dir, stopped and removed after the test. */
  lectern: LecternServer & { restart(): Promise<void> }
  library: LibraryPage
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  lectern: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lectern-e2e-'))
    let server = await startLectern(dataDir)
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
        server = await startLectern(dataDir)
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
