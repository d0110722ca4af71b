import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

/**
 * Before the units: the CLI bundle the tests run (`bin/lectern.js` → `out/cli/lectern.js`) is built
 * once if it is stale, here rather than inside the first test that runs the CLI (which would print
 * that it builds, on the stderr that test reads, while other files build it too).
 */
export default function buildCliBundle(): void {
  const built = spawnSync(process.execPath, ['bin/lectern.js', 'help'], {
    cwd: resolve(import.meta.dirname, '../../..'),
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`bin/lectern.js help failed (${built.status}): ${built.stderr}`)
}
