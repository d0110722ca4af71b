import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The installed `electron` npm package: where it is and which Electron it installs. */
export interface ElectronPackage {
  dir: string
  version: string
}

export function electronPackage(): ElectronPackage {
  const manifest = createRequire(import.meta.url).resolve('electron/package.json')
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  return { dir: dirname(manifest), version }
}

/** Where the binary is, or why there is none and whether Electron's first-run download would fetch it. */
export type ElectronBinary =
  { found: true; path: string } | { found: false; path: string | null; downloadable: boolean; reason: string }

/**
 * The binary exactly as the package's own `index.js` resolves it, without `require('electron')`,
 * which in plain Node would block on a download: `ELECTRON_OVERRIDE_DIST_PATH` (never downloaded
 * into), else `dist/` + the name in `path.txt`, which its `install.js` writes after a download.
 */
export function resolveElectronBinary(packageDir: string, env: NodeJS.ProcessEnv): ElectronBinary {
  const pathFile = join(packageDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const path = join(override, executable || 'electron')
    return existsSync(path)
      ? { found: true, path }
      : {
          found: false,
          path,
          downloadable: false,
          reason: `ELECTRON_OVERRIDE_DIST_PATH names no Electron binary (${path} does not exist)`,
        }
  }
  if (!executable)
    return { found: false, path: null, downloadable: true, reason: 'no Electron binary is installed yet' }
  const path = join(packageDir, 'dist', executable)
  return existsSync(path)
    ? { found: true, path }
    : { found: false, path, downloadable: true, reason: `the Electron binary ${path} is missing` }
}

/** Linux needs an X11 or Wayland display for a window; macOS and Windows always have one. */
export function hasDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
}

/**
 * Why Electron cannot start here right now, or null when it can, without downloading anything: for
 * the Electron end-to-end spec, which runs only where a binary and a display exist.
 */
export function electronUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!hasDisplay(env)) return 'no display'
  const binary = resolveElectronBinary(electronPackage().dir, env)
  if (binary.found) return null
  return binary.downloadable ? `${binary.reason} (\`npm start\` downloads it on first run)` : binary.reason
}

/** The binary for tools that launch Electron themselves (Playwright), or null when there is none. */
export function installedElectronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const binary = resolveElectronBinary(electronPackage().dir, env)
  return binary.found ? binary.path : null
}
