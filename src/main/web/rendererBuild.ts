import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../..')
const RENDERER_OUT = join(ROOT, 'out', 'renderer')

/** Browser mode serves the built renderer; build it first when it is missing or older than its sources. */
export async function ensureRendererBuilt(): Promise<string> {
  const built = mtime(join(RENDERER_OUT, 'index.html'))
  const sources = Math.max(newest(join(ROOT, 'src', 'renderer')), newest(join(ROOT, 'src', 'shared')))
  if (built === 0 || sources > built) {
    console.error('Building the renderer (electron-vite build)…')
    const result = spawnSync('npx', ['electron-vite', 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (result.status !== 0) throw new Error('electron-vite build failed; run `npm run build` to see why')
  }
  return RENDERER_OUT
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
