import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/runCli'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string
  build: {
    files: string[]
    directories: { buildResources: string }
    icon: string
    linux: { target: string[] }
    mac: { target: string[] }
    win: { target: string[] }
  }
}

/**
 * `npm run dist` cannot run here (electron-builder downloads Electron), so the config is checked
 * against electron-builder's own schema and against what electron-vite builds.
 */
describe('electron-builder configuration', () => {
  it('validates against electron-builder’s JSON schema', () => {
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object
    const ajv = new Ajv({ strict: false, allErrors: true })
    const validate = ajv.compile(schema)
    const valid = validate(pkg.build)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('packs the entry points electron-vite writes, with the icon in resources/', () => {
    expect(pkg.main).toBe('./out/main/index.js')
    const config = readFileSync(join(ROOT, 'electron.vite.config.ts'), 'utf8')
    expect(config).toContain("'src/main/electron/index.ts'")
    expect(config).toContain("entryFileNames: '[name].cjs'")
    // The window loads ../preload/index.cjs, and app:// serves ../renderer, relative to out/main.
    const window = readFileSync(join(ROOT, 'src/main/electron/window.ts'), 'utf8')
    expect(window).toContain("'../preload/index.cjs'")
    expect(readFileSync(join(ROOT, 'src/main/electron/index.ts'), 'utf8')).toContain("'../renderer'")
    expect(pkg.build.files).toContain('out/**/*')
    expect(pkg.build.directories.buildResources).toBe('resources')
    const png = readFileSync(join(ROOT, pkg.build.icon))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
    expect([pkg.build.linux.target, pkg.build.mac.target, pkg.build.win.target]).toEqual([
      ['AppImage', 'deb'],
      ['dmg'],
      ['nsis'],
    ])
  })
})
