import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { REPO_ROOT } from './support/lecternServer'

// Runs after `electron-vite build` (the global setup, tests/support/bundle.ts, builds the app when it is
// missing or older than src/): what electron-builder would pack.
test('the files electron-builder packs are the ones electron-vite built', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    main: string
    build: { files: string[] }
  }
  expect(pkg.build.files).toContain('out/**/*')
  for (const file of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html']) {
    expect(existsSync(join(REPO_ROOT, file)), file).toBe(true)
  }
  // The main bundle must not have pulled Electron-free core code out of reach: it imports electron
  // only as an external, and the preload is CommonJS for the sandbox.
  const main = readFileSync(join(REPO_ROOT, pkg.main), 'utf8')
  expect(main).toMatch(/from "electron"/)
  const preload = readFileSync(join(REPO_ROOT, 'out/preload/index.cjs'), 'utf8')
  expect(preload).toContain('require("electron")')
  expect(preload).not.toContain('zod')
})
