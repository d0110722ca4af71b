import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { ensureAppBuilt } from '../../src/main/appBuild'

/** The repository's root, for tests that run its commands. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..')

/**
 * What `npm run web` runs: browser mode from its bundle (`out/cli/web.js`), through its launcher.
 * Spawn it with `process.execPath` and REPO_ROOT as the working directory.
 */
export const WEB = ['bin/lectern-web.js']

/**
 * Global setup of the unit and end-to-end runs: what the tests run is built once if it is stale, here
 * rather than inside the first test that needs it (which would print that it builds, on the stderr that
 * test reads, while tests in other workers build it too, and count the build against that test's time):
 * - the app (`electron-vite build`: main, preload and the renderer browser mode serves), as `npm start`
 *   and browser mode build it when it is missing or older than `src/`; on a fresh clone several unit
 *   files start browser mode or `npm start` at once, and each would start its own build of `out/`;
 * - the bundle (`bin/lectern.js` → `out/cli/lectern.js`, `bin/lectern-web.js` → `out/cli/web.js`).
 */
export default async function buildBundle(): Promise<void> {
  await ensureAppBuilt()
  const built = spawnSync(process.execPath, ['bin/lectern.js', 'help'], { cwd: REPO_ROOT, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`bin/lectern.js help failed (${built.status}): ${built.stderr}`)
}
