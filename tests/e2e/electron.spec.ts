import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { electronUnavailableReason, installedElectronBinary } from '../../src/main/electronAvailability'
import { makePdf } from '../fixtures/pdf/makePdf'
import { REPO_ROOT } from './support/lecternServer'
import { LibraryPage, SEED_DIGEST } from './support/libraryPage'

// The Electron binary is fetched on first run (`npm start`) and needs a display: where either is
// missing this spec says why and is skipped. It never downloads anything itself.
const unavailable = electronUnavailableReason()
const PIVOT = '2402.07872'

interface RunningApp {
  app: ElectronApplication
  window: Page
  profile: string
}

/**
 * The app as `npm start` runs it (the repository folder, whose package.json names the built main),
 * on a temporary profile and library: never the developer's own.
 */
async function launchApp(): Promise<RunningApp> {
  const profile = await mkdtemp(join(tmpdir(), 'lectern-electron-'))
  const env = { ...process.env }
  // The built renderer over app://, not a dev server that may be set in the developer's shell.
  delete env.ELECTRON_RENDERER_URL
  delete env.ELECTRON_RUN_AS_NODE
  delete env.LECTERN_DATA
  const app = await electron.launch({
    executablePath: installedElectronBinary() ?? undefined,
    args: [REPO_ROOT, `--user-data-dir=${join(profile, 'user-data')}`, '--data', join(profile, 'library')],
    cwd: REPO_ROOT,
    env: env as Record<string, string>,
  })
  return { app, window: await app.firstWindow(), profile }
}

async function quit({ app, profile }: RunningApp): Promise<void> {
  await app.close()
  await rm(profile, { recursive: true, force: true })
}

test.describe('Electron app', () => {
  test.skip(unavailable !== null, `Electron E2E skipped: ${unavailable}`)
  if (unavailable !== null) console.log(`Electron E2E skipped: ${unavailable}`)

  test('opens one hardened window from app://, on the temporary profile', async () => {
    const running = await launchApp()
    const { app, window: page, profile } = running
    try {
      await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible()
      expect(new URL(page.url()).protocol).toBe('app:')
      expect(await app.evaluate(({ app }) => app.getPath('userData'))).toBe(join(profile, 'user-data'))
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]
        // getLastWebPreferences is missing from Electron's typings but present at run time.
        const contents = w?.webContents as unknown as
          { getLastWebPreferences(): Record<string, unknown> } | undefined
        return contents?.getLastWebPreferences()
      })
      expect(prefs?.contextIsolation).toBe(true)
      expect(prefs?.sandbox).toBe(true)
      expect(prefs?.nodeIntegration).toBe(false)
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      )
    } finally {
      await quit(running)
    }
  })

  test('imports a digest through the menu, makes a list, reads a PDF over app://, keeps external links out', async () => {
    const running = await launchApp()
    const { app, window: page } = running
    try {
      const library = new LibraryPage(page)
      await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible()

      // File › Import Digests…: the menu item itself is clicked; only the native file dialog, which a
      // test cannot drive, answers with the seed digest.
      await app.evaluate(({ dialog }, digest) => {
        dialog.showOpenDialog = (async () => ({
          canceled: false,
          filePaths: [digest],
        })) as unknown as typeof dialog.showOpenDialog
      }, SEED_DIGEST)
      await app.evaluate(({ Menu }) => {
        const item = Menu.getApplicationMenu()?.getMenuItemById('import-digests')
        if (!item) throw new Error('no File › Import Digests… menu item')
        item.click()
      })
      await expect(
        page.getByRole('status').filter({ hasText: 'Imported 2024-02-13.md: 16 added' }),
      ).toBeVisible()
      await expect(library.rows).toHaveCount(16)

      await library.createList('To read')

      // A PDF attached through the IPC bridge, then read in the viewer: served by app://lectern/pdf/<id>.
      const base64 = Buffer.from(makePdf([['Read in Electron, page one'], ['Page two']])).toString('base64')
      await page.evaluate(
        async ({ paperId, base64 }) => {
          const bridge = (
            window as unknown as { lectern: { invoke(c: string, i: unknown): Promise<unknown> } }
          ).lectern
          const reply = (await bridge.invoke('pdf:attach', { paperId, name: 'pivot.pdf', base64 })) as {
            ok: boolean
            error?: { message: string }
          }
          if (!reply.ok) throw new Error(reply.error?.message)
        },
        { paperId: PIVOT, base64 },
      )
      const served = await page.evaluate(async (paperId) => {
        const response = await fetch(`/pdf/${paperId}`)
        const head = new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5))
        return { url: response.url, status: response.status, head }
      }, PIVOT)
      expect(served).toEqual({ url: `app://lectern/pdf/${PIVOT}`, status: 200, head: '%PDF-' })
      await library.row('PIVOT').click()
      await library.detail.getByRole('button', { name: 'Read PDF' }).click()
      const viewer = page.getByRole('dialog', { name: 'PDF viewer' })
      await expect(viewer).toBeVisible()
      await expect(viewer.getByRole('group', { name: 'Page 1', exact: true })).toHaveAttribute(
        'data-drawn',
        'true',
        { timeout: 30_000 },
      )
      await page.keyboard.press('Escape')

      // Links out of the app: a web link followed in the window, one opened as a new window, and a
      // file: link. The window stays on the app; web links go to the system browser (recorded here
      // instead of opening one), the file: link nowhere.
      await app.evaluate(({ shell }) => {
        const opened: string[] = []
        ;(globalThis as { openedExternally?: string[] }).openedExternally = opened
        shell.openExternal = (async (url: string) => {
          opened.push(url)
        }) as typeof shell.openExternal
      })
      const before = page.url()
      await page.evaluate(() => {
        for (const href of ['file:///etc/passwd', 'https://example.org/followed']) {
          const link = document.createElement('a')
          link.href = href
          document.body.append(link)
          link.click()
          link.remove()
        }
        window.open('https://example.org/new-window')
      })
      await expect
        .poll(() => app.evaluate(() => (globalThis as { openedExternally?: string[] }).openedExternally))
        .toEqual(['https://example.org/followed', 'https://example.org/new-window'])
      expect(page.url()).toBe(before)
      expect(app.windows()).toHaveLength(1)
      await expect(library.list('To read')).toBeVisible()
    } finally {
      await quit(running)
    }
  })
})
