import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

/** The repository's root, for tests that run its commands. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..')

/**
 * What `npm run web` runs: browser mode from its bundle (`out/cli/web.js`), through its launcher.
 * Spawn it with `process.execPath` and REPO_ROOT as the working directory.
 */
export const WEB = ['bin/lectern-web.js']

/**
 * Global setup of the unit and end-to-end runs: the bundle the tests run (`bin/lectern.js` →
 * `out/cli/lectern.js`, `bin/lectern-web.js` → `out/cli/web.js`) is built once if it is stale, here
 * rather than inside the first test that runs the CLI or starts browser mode (which would print that it
 * builds, on the stderr that test reads, while other tests build it too, and count the build against
 * that test's time).
 */
export default function buildBundle(): void {
  const built = spawnSync(process.execPath, ['bin/lectern.js', 'help'], { cwd: REPO_ROOT, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`bin/lectern.js help failed (${built.status}): ${built.stderr}`)
}
