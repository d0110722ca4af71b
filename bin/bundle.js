/**
 * Runs a Node entry point of Lectern from its bundle in `out/cli/` (`lectern.js` for the command line,
 * `web.js` for browser mode), which `npm run build` makes with the app; no TypeScript is compiled at
 * run time.
 *
 * When the bundle is missing or older than any source it was built from (right after `npm install`,
 * after a pull or an edit), it is built here first, once, in a few seconds, saying so in one line. A
 * bundle that is used only when present would run stale code after every pull, and building at
 * `npm install` (postinstall) would slow every install and fail it for reasons unrelated to the
 * install. Where the build itself fails (vite not installed), the entry runs from source through tsx,
 * and says so.
 */
import module from 'node:module'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'

const ROOT = resolve(import.meta.dirname, '..')
const OUT = join(ROOT, 'out', 'cli')
/** The bundle's entries (cli.vite.config.ts › input); one build makes them all, with the chunks they share. */
const ENTRIES = ['web.js', 'lectern.js']
/** Written by the build (cli.vite.config.ts): the source files in the bundle, relative to ROOT. */
const INPUTS = join(OUT, 'inputs.json')
/** A chunk no build wrote in this long is left from an older build, not a build running now. */
const STALE_CHUNK_MS = 10 * 60_000

/**
 * Runs `entry` (one of ENTRIES) from the bundle, built first when stale; `source` is its TypeScript
 * file, run through tsx only when the build fails. `name` and `what` say who builds what, in the one line
 * printed when it does (`lectern: building the command line…`).
 */
export async function runFromBundle(entry, source, { name, what }) {
  // Node 22.1+ (Electron 45's) keeps V8's compiled code between runs: compiling the bundle and zod is
  // most of what is left of start-up. Node 20 has no such cache and simply compiles each time.
  module.enableCompileCache?.()
  if (!isFresh()) await buildOrFallBack(source, name, what)
  await import(pathToFileURL(join(OUT, entry)).href)
}

function isFresh() {
  // The oldest entry: every entry must be at least as new as every source.
  const built = Math.min(...ENTRIES.map((entry) => mtime(join(OUT, entry))))
  if (built === 0) return false
  let inputs
  try {
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8'))
  } catch {
    return false
  }
  // A deleted source reads as 0 here and would not be noticed, but whatever imported it changed too.
  return Array.isArray(inputs) && inputs.every((file) => mtime(join(ROOT, file)) <= built)
}

async function buildOrFallBack(source, name, what) {
  process.stderr.write(`${name}: building ${what} (once after a change)…\n`)
  try {
    await build()
  } catch (error) {
    process.stderr.write(
      `${name}: could not build ${what} (${oneLine(error)}); running it from source through tsx\n`,
    )
    const { register } = await import('tsx/esm/api')
    register()
    await import(pathToFileURL(join(ROOT, source)).href)
    // The entry runs in this process; nothing below may run.
    await new Promise(() => {})
  }
}

/**
 * Builds into a folder of its own, then moves the files in, the entries last: a process started
 * meanwhile (cron, a second terminal, parallel tests) runs either the old bundle or the new one, never
 * half of one, and two builds at once both succeed. Chunk names carry a hash of their content, so a new
 * chunk never replaces one an old entry imports.
 */
async function build() {
  const { build: viteBuild } = await import('vite')
  mkdirSync(OUT, { recursive: true })
  const temp = mkdtempSync(join(ROOT, 'out', '.cli-build-'))
  try {
    await viteBuild({
      configFile: join(ROOT, 'cli.vite.config.ts'),
      // Its reason is said in one line below instead.
      logLevel: 'silent',
      build: { outDir: temp, emptyOutDir: false },
    })
    const files = readdirSync(temp).sort((a, b) => rank(a) - rank(b))
    for (const file of files) renameSync(join(temp, file), join(OUT, file))
    removeOldChunks(new Set(files))
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}

/**
 * Chunks of earlier builds would pile up at every rebuild. Only those no build wrote in the last
 * minutes go: a build running beside this one may have just moved its own chunks in.
 */
function removeOldChunks(current) {
  const now = Date.now()
  for (const file of readdirSync(OUT)) {
    if (current.has(file) || ENTRIES.includes(file) || !file.endsWith('.js')) continue
    if (now - mtime(join(OUT, file)) > STALE_CHUNK_MS) rmSync(join(OUT, file), { force: true })
  }
}

/** Chunks and the inputs list first, then the entries, in ENTRIES order. */
function rank(file) {
  return ENTRIES.indexOf(file)
}

/** The error's message on one line, without terminal colours. */
function oneLine(error) {
  const message = error instanceof Error ? error.message : String(error)
  return stripVTControlCharacters(message).replace(/\s+/g, ' ').trim()
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}
