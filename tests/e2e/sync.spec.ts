import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { startCouchServer, type CouchServer } from '../unit/support/couchServer'
import { expect, test } from './support/fixtures'
import { REPO_ROOT } from './support/lecternServer'
import { LibraryPage } from './support/libraryPage'
import { connect as connectAs, openSettings, startOtherInstance } from './support/syncInstances'

const LOGIN = { username: 'ada', password: 'e2e-secret-pw' }
const SHARED_PDFS = join(process.env.LECTERN_SHARED ?? resolve(REPO_ROOT, '../shared'), 'pdfs')

/**
 * Two browser-mode instances on two data dirs (two machines), syncing through one loopback Couch
 * server that checks logins, set up in Settings › Sync as a person would.
 */
test.describe('sync between two browser-mode instances', () => {
  test.setTimeout(300_000)
  // Tall enough for the whole Settings dialog in the screenshots.
  test.use({ viewport: { width: 1280, height: 1300 } })
  let couch: CouchServer
  let other: Awaited<ReturnType<typeof startOtherInstance>>
  test.beforeEach(async () => {
    couch = await startCouchServer({ admin: LOGIN })
    other = await startOtherInstance()
  })
  test.afterEach(async () => {
    await other?.remove()
    await couch?.stop()
  })

  test('a note written in one appears in the other; a note edited on both offline is shown side by side and merged', async ({
    library,
    page,
    browser,
  }) => {
    await library.importSeedDigest()
    const url = couch.url('lectern-ada')
    await connect(page, url)

    const pageB = await browser.newPage()
    await pageB.goto(other.url)
    const libraryB = new LibraryPage(pageB)
    await connect(pageB, url)
    // The whole library arrives on the other machine.
    await expect(libraryB.rows).toHaveCount(16, { timeout: 60_000 })

    await library.row('Fiddler').click()
    await library.note.fill('Written on machine A')
    await expect(library.detail.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
    await expect(async () => {
      await pageB.reload()
      await libraryB.row('Fiddler').click()
      await expect(libraryB.note).toHaveValue('Written on machine A', { timeout: 2000 })
    }).toPass({ timeout: 90_000 })

    // Offline on both (paused), the same note edited on each, then both sync again.
    await setPaused(page, true)
    await setPaused(pageB, true)
    await library.note.fill('A: experts offloaded to the CPU')
    await expect(library.detail.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
    await libraryB.note.fill('B: compare with MoE-Infinity')
    await expect(libraryB.detail.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible()
    await setPaused(page, false)
    await setPaused(pageB, false)

    const settingsB = await openSettings(pageB)
    const conflict = settingsB.getByRole('article', { name: /The note on .*Fiddler/ })
    await expect(conflict).toBeVisible({ timeout: 90_000 })
    await expect(conflict.getByRole('region', { name: 'Shown now' })).toBeVisible()
    await expect(conflict).toContainText('A: experts offloaded to the CPU')
    await expect(conflict).toContainText('B: compare with MoE-Infinity')
    await settingsB
      .getByRole('region', { name: 'Sync' })
      .screenshot({ path: 'tests/e2e/screenshots/settings-sync-conflict.png' })

    await conflict.getByRole('button', { name: 'Merge…' }).click()
    const merged = conflict.getByLabel('Merged note')
    await expect(merged).toHaveValue(
      /A: experts offloaded[\s\S]*B: compare|B: compare[\s\S]*A: experts offloaded/,
    )
    await merged.fill('Both: experts offloaded to the CPU; compare with MoE-Infinity')
    await conflict.getByRole('button', { name: 'Save merged note' }).click()
    await expect(conflict).toBeHidden()
    await expect(settingsB.getByRole('status', { name: 'Sync status' })).toContainText('Synced', {
      timeout: 60_000,
    })
    await settingsB.getByRole('button', { name: 'Done' }).click()

    // The merge reaches machine A.
    await expect(async () => {
      await page.reload()
      await library.row('Fiddler').click()
      await expect(library.note).toHaveValue(
        'Both: experts offloaded to the CPU; compare with MoE-Infinity',
        {
          timeout: 2000,
        },
      )
    }).toPass({ timeout: 90_000 })
    const settingsA = await openSettings(page)
    await expect(settingsA.getByRole('article')).toHaveCount(0)
    await expect(settingsA.getByLabel('Password', { exact: true })).toHaveValue('')
    await settingsA.screenshot({ path: 'test-results/settings-sync.png' })
    await settingsA
      .getByRole('region', { name: 'Sync' })
      .screenshot({ path: 'test-results/settings-sync-section.png' })
    await pageB.close()
  })

  test('a PDF attached on one machine opens on the other; one over the limit in Settings › Sync says it stays', async ({
    library,
    page,
    browser,
  }) => {
    test.skip(!existsSync(SHARED_PDFS), `${SHARED_PDFS} is absent: real-PDF tests skipped`)
    await library.importSeedDigest()
    const url = couch.url('lectern-ada-pdfs')
    await connect(page, url)
    const settings = await openSettings(page)
    await settings.getByLabel('Attached PDFs up to (MB)').fill('0.5')
    await settings.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(settings.getByLabel('Attached PDFs up to (MB)')).toHaveValue('0.5')
    await settings.getByRole('button', { name: 'Done' }).click()

    // 7 KB: synced. 1 MB: over the 0.5 MB limit, and the paper says so.
    await library.row('Aya Model').click()
    await library.detail.getByLabel('Attach PDF…').setInputFiles(join(SHARED_PDFS, 'vertical.pdf'))
    await expect(library.detail.getByRole('button', { name: 'Read PDF' })).toBeVisible({ timeout: 60_000 })
    await expect(library.detail.getByRole('note').filter({ hasText: 'Not synced' })).toHaveCount(0)
    await library.row('OS-Copilot').click()
    await library.detail.getByLabel('Attach PDF…').setInputFiles(join(SHARED_PDFS, 'tracemonkey.pdf'))
    await expect(library.detail.getByRole('note').filter({ hasText: 'Not synced' })).toContainText(
      'Not synced to your other machines: this PDF is over the 512 KB limit',
      { timeout: 120_000 },
    )

    const pageB = await browser.newPage()
    await pageB.goto(other.url)
    const libraryB = new LibraryPage(pageB)
    await connect(pageB, url)
    await expect(async () => {
      await pageB.reload()
      await libraryB.row('Aya Model').click()
      await expect(libraryB.detail.getByRole('button', { name: 'Read PDF' })).toBeVisible({ timeout: 2000 })
    }).toPass({ timeout: 90_000 })
    await libraryB.row('OS-Copilot').click()
    await expect(libraryB.detail.getByRole('button', { name: 'Download PDF' })).toBeVisible()
    await expect(libraryB.detail.getByRole('button', { name: 'Read PDF' })).toHaveCount(0)
    await pageB.close()
  })

  test('a wrong password is shown as refused', async ({ library, page }) => {
    await expect(library.sidebar).toBeVisible()
    const settings = await openSettings(page)
    await settings.getByLabel('Server', { exact: true }).fill(couch.url('lectern-ada'))
    await settings.getByLabel('User', { exact: true }).fill(LOGIN.username)
    await settings.getByLabel('Password', { exact: true }).fill('not the password')
    await settings.getByRole('button', { name: 'Connect' }).click()
    await expect(settings.getByRole('status', { name: 'Sync status' })).toContainText(
      'the server refused the login (401)',
      { timeout: 60_000 },
    )
  })
})

/** Both machines are the same person's: one login. */
const connect = (page: Page, url: string) => connectAs(page, url, LOGIN)

async function setPaused(page: Page, paused: boolean): Promise<void> {
  const settings = await openSettings(page)
  await settings.getByRole('button', { name: paused ? 'Pause' : 'Resume' }).click()
  const status = settings.getByRole('status', { name: 'Sync status' })
  if (paused) await expect(status).toContainText('Paused')
  else await expect(status).toContainText('Synced', { timeout: 60_000 })
  await settings.getByRole('button', { name: 'Done' }).click()
}
