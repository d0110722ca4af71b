import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/runCli'

const source = (path: string) => readFileSync(join(ROOT, path), 'utf8')

/**
 * The Electron shell cannot start here (no Electron binary), so its start-up order is checked in its
 * source, against browser mode's: the library's order is made before anything can ask for a listing.
 */
describe('start-up prepares the library order before the first screen can ask for it', () => {
  it('browser mode: before it serves the page', () => {
    const text = source('src/main/web/browserMode.ts')
    const prepared = text.indexOf('lectern.papers.prepareOrder()')
    expect(prepared).toBeGreaterThan(text.indexOf('Lectern.open('))
    expect(prepared).toBeLessThan(text.indexOf('startWebServer('))
  })

  it('the app: before its window loads', () => {
    const text = source('src/main/electron/index.ts')
    const prepared = text.indexOf('lectern.papers.prepareOrder()')
    expect(prepared).toBeGreaterThan(text.indexOf('Lectern.open('))
    expect(prepared).toBeLessThan(text.indexOf('handleAppScheme('))
    expect(prepared).toBeLessThan(text.indexOf('createMainWindow('))
  })
})
