import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { CouchServer } from '../../unit/support/couchServer'
import { requestAsAdmin, type Login } from '../../fixtures/securedCouchServer'
import { expect } from './fixtures'
import { startLectern, type LecternServer } from './lecternServer'
import { LibraryPage } from './libraryPage'

/**
 * What the sync specs share: a second browser-mode instance on its own data dir (the other
 * machine, beside the `lectern` fixture's), and Settings › Sync driven as a person would.
 */
export async function startOtherInstance(): Promise<LecternServer & { remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lectern-e2e-other-'))
  const other = await startLectern(dir)
  return {
    ...other,
    remove: async () => {
      await other.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export async function openSettings(page: Page) {
  await new LibraryPage(page).sidebar.getByRole('button', { name: 'Settings' }).click()
  return page.getByRole('dialog', { name: 'Settings' })
}

/** Sets the server and login in Settings › Sync, and waits for the first sync to finish. */
export async function connect(page: Page, url: string, login: Login): Promise<void> {
  const settings = await openSettings(page)
  await settings.getByLabel('Server', { exact: true }).fill(url)
  await settings.getByLabel('User', { exact: true }).fill(login.username)
  await settings.getByLabel('Password', { exact: true }).fill(login.password)
  await settings.getByRole('button', { name: 'Connect' }).click()
  await expect(settings.getByRole('status', { name: 'Sync status' })).toContainText('Synced', {
    timeout: 60_000,
  })
  await expect(settings.getByLabel('Last sync')).not.toContainText('never')
  await settings.getByRole('button', { name: 'Done' }).click()
}

/** A request to the Couch server as its admin (creating a person's database, its security). */
export async function asAdmin(
  couch: CouchServer,
  admin: Login,
  method: string,
  path: string,
  body?: unknown,
): Promise<void> {
  const response = await requestAsAdmin(couch, admin, method, path, body)
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`)
}
