import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * Why Electron cannot start here, or null when it can. Checked without `require('electron')`, which in
 * plain Node would try to download the binary.
 */
export function electronUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!electronBinary()) return 'no Electron binary is installed (it could not be downloaded on this machine)'
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display'
  return null
}

export function electronBinary(): string | null {
  const dir = join(ROOT, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}
