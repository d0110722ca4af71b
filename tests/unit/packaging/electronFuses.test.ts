import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/runCli'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  build: { electronFuses?: Record<string, boolean> }
}

// Electron's security checklist, "check which fuses you can change": a packaged Lectern cannot be
// turned into a Node interpreter or debugger by its environment or command line, runs only its own
// asar (checked where Electron can), and gives file:// pages no extra powers.
describe('Electron fuses of the packaged app', () => {
  it('are flipped by electron-builder at packaging time', () => {
    expect(pkg.build.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })
})
