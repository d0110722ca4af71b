import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')
const OUT = join(ROOT, 'out')
const SRC = join(ROOT, 'src')

/** Browser mode serves the built renderer; build it first when it is missing or older than its sources. */
export async function ensureRendererBuilt(): Promise<string> {
  ensureBuilt([join(OUT, 'renderer', 'index.html')], [join(SRC, 'renderer'), join(SRC, 'shared')])
  return join(OUT, 'renderer')
}

/**
 * The desktop app runs the built main, preload and renderer (what `package.json` › `main` names);
 * build them first when any is missing or older than the sources. Returns the app's folder.
 */
export async function ensureAppBuilt(): Promise<string> {
  ensureBuilt(
    [join(OUT, 'main', 'index.js'), join(OUT, 'preload', 'index.cjs'), join(OUT, 'renderer', 'index.html')],
    [SRC],
  )
  return ROOT
}

function ensureBuilt(outputs: string[], sourceDirs: string[]): void {
  const built = Math.min(...outputs.map(mtime))
  const sources = Math.max(...sourceDirs.map(newest))
  if (built !== 0 && sources <= built) return
  console.error('Building the app (electron-vite build)…')
  const result = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) throw new Error('electron-vite build failed; run `npm run build` to see why')
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}

function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, mtime(join(entry.parentPath, entry.name)))
  }
  return latest
}
