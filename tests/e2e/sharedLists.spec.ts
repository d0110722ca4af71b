import type { CouchServer } from '../unit/support/couchServer'
import { startSecuredCouchServer, type Login } from '../fixtures/securedCouchServer'
import { expect, test } from './support/fixtures'
import { LibraryPage } from './support/libraryPage'
import { asAdmin, connect, openSettings, startOtherInstance } from './support/syncInstances'

const ADA: Login = { username: 'ada', password: 'e2e-ada-pw' }
const CY: Login = { username: 'cy', password: 'e2e-cy-pw' }

/**
 * A list shared in Settings › Sync on one browser-mode instance arrives in a second one (another
 * data dir, another user), read-only there, through a Couch server that enforces per-database rights.
 */
test.describe('shared lists between two browser-mode instances', () => {
  test.setTimeout(300_000)
  test.use({ viewport: { width: 1280, height: 1300 } })
  let couch: CouchServer
  let other: Awaited<ReturnType<typeof startOtherInstance>>
  test.beforeEach(async () => {
    couch = await startSecuredCouchServer({ admin: ADA, users: [CY] })
    // The server's admin gives Cy a database of her own, as a CouchDB admin would.
    await asAdmin(couch, ADA, 'PUT', '/lectern-cy')
    await asAdmin(couch, ADA, 'PUT', '/lectern-cy/_security', {
      admins: { names: [], roles: [] },
      members: { names: ['cy'], roles: [] },
    })
    other = await startOtherInstance()
  })
  test.afterEach(async () => {
    await other?.remove()
    await couch?.stop()
  })

  test('a list shared read-only arrives in the other instance and cannot be changed there', async ({
    library,
    page,
    browser,
  }) => {
    await library.importSeedDigest()
    await library.createList('Reading group')
    for (const title of ['Fiddler', 'OS-Copilot']) {
      await library.row(title).click()
      await library.addSelectionToListByKeyboard('Reading group')
    }
    await expect.poll(() => library.listCount('Reading group')).toBe(2)
    await connect(page, couch.url('lectern-ada'), ADA)

    const settings = await openSettings(page)
    const shared = settings.getByRole('region', { name: 'Shared lists' })
    await shared.getByLabel('Share list').selectOption({ label: 'Reading group' })
    await shared.getByLabel('Readers').fill('cy')
    await shared.getByRole('button', { name: 'Share', exact: true }).click()
    const row = shared.getByRole('listitem', { name: 'Reading group' })
    await expect(row).toContainText('shared by you · readers: cy · writers: none')
    await expect(row.getByRole('status')).toContainText('Synced', { timeout: 60_000 })
    const url = await row.getByLabel('Address of Reading group').inputValue()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/lectern-list-/)
    await settings.getByRole('button', { name: 'Done' }).click()

    const pageB = await browser.newPage()
    await pageB.goto(other.url)
    const libraryB = new LibraryPage(pageB)
    await connect(pageB, couch.url('lectern-cy'), CY)
    const settingsB = await openSettings(pageB)
    const sharedB = settingsB.getByRole('region', { name: 'Shared lists' })
    await sharedB.getByRole('textbox', { name: 'List address' }).fill(url)
    await sharedB.getByRole('button', { name: 'Subscribe' }).click()
    const rowB = sharedB.getByRole('listitem', { name: 'Reading group' })
    await expect(rowB).toContainText('subscribed · read-only', { timeout: 60_000 })
    await sharedB.screenshot({ path: 'tests/e2e/screenshots/settings-shared-lists.png' })
    await settingsB.getByRole('button', { name: 'Done' }).click()

    // The list and its two papers arrived in a library that had none, marked read-only.
    // Its sidebar button reads "Reading group read-only 2".
    const listB = libraryB.lists.getByRole('button', { name: /^Reading group read-only/ })
    await expect(listB).toBeVisible({ timeout: 60_000 })
    await expect(listB).toContainText('read-only')
    await listB.click()
    await expect(libraryB.rows).toHaveCount(2, { timeout: 60_000 })
    await expect(libraryB.row('Fiddler')).toBeVisible()
    await listB.hover()
    await expect(libraryB.sidebar.getByRole('button', { name: 'Rename Reading group' })).toBeHidden()
    await expect(libraryB.sidebar.getByRole('button', { name: 'Delete Reading group' })).toBeHidden()
    await pageB.screenshot({ path: 'tests/e2e/screenshots/shared-list-read-only.png' })

    // Removing a paper is refused with a clear message, and the list stays as shared.
    await libraryB.row('Fiddler').click()
    await pageB.keyboard.press('Delete')
    await expect(pageB.getByRole('status').filter({ hasText: 'shared with you read-only' })).toBeVisible()
    await expect(libraryB.rows).toHaveCount(2)
    await pageB.close()
  })
})
