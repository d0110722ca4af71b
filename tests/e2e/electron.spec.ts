import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { electronUnavailableReason } from '../../src/main/electronAvailability'
import { REPO_ROOT } from './support/lecternServer'

// The Electron binary is fetched on first run and cannot be downloaded on every machine.
const unavailable = electronUnavailableReason()

test.describe('Electron app', () => {
  test.skip(unavailable !== null, `Electron E2E skipped: ${unavailable}`)
  if (unavailable !== null) console.log(`Electron E2E skipped: ${unavailable}`)

  test('opens one hardened window that reaches the library over IPC', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lectern-electron-'))
    const app = await electron.launch({
      args: [join(REPO_ROOT, 'out/main/index.js'), '--data', dataDir],
      cwd: REPO_ROOT,
    })
    const window = await app.firstWindow()
    await expect(window.getByRole('heading', { name: 'Your library is empty' })).toBeVisible()
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
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    )
    await app.close()
  })
})
