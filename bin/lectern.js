#!/usr/bin/env node
/**
 * `lectern` (`npm run -s lectern -- …`): runs the command line from its bundle, `out/cli/lectern.js`,
 * which `npm run build` makes with the app; no TypeScript is compiled at run time.
 *
 * When the bundle is missing or older than any source it was built from (right after `npm install`,
 * after a pull or an edit), it is built here first, once, in a few seconds, saying so in one line. A
 * bundle that is used only when present would run stale code after every pull, and building at
 * `npm install` (postinstall) would slow every install and fail it for reasons unrelated to the
 * install. Where the build itself fails (vite not installed), the CLI runs from source through tsx,
 * and says so.
 */
import module from 'node:module'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'

const ROOT = resolve(import.meta.dirname, '..')
const OUT = join(ROOT, 'out', 'cli')
const BUNDLE = join(OUT, 'lectern.js')
/** Written by the build (cli.vite.config.ts): the source files in the bundle, relative to ROOT. */
const INPUTS = join(OUT, 'inputs.json')

// Node 22.1+ (Electron 45's) keeps V8's compiled code between runs: compiling the bundle and zod is
// most of what is left of start-up. Node 20 has no such cache and simply compiles each time.
module.enableCompileCache?.()
if (!isFresh()) await buildOrFallBack()
await import(pathToFileURL(BUNDLE).href)

function isFresh() {
  const built = mtime(BUNDLE)
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

async function buildOrFallBack() {
  process.stderr.write('lectern: building the command line (once after a change)…\n')
  try {
    await build()
  } catch (error) {
    process.stderr.write(
      `lectern: could not build the command line (${oneLine(error)}); running it from source through tsx\n`,
    )
    const { register } = await import('tsx/esm/api')
    register()
    await import(pathToFileURL(join(ROOT, 'src/main/cli/index.ts')).href)
    // The CLI runs in this process; nothing below may run.
    await new Promise(() => {})
  }
}

/**
 * Builds into a folder of its own, then moves the files in, the entry last: a CLI started meanwhile
 * (cron, a second terminal, parallel tests) runs either the old bundle or the new one, never half of
 * one, and two builds at once both succeed.
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
    for (const name of files) renameSync(join(temp, name), join(OUT, name))
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}

/** The entry goes last, after the chunks it imports and the inputs list that says it is fresh. */
function rank(name) {
  return name === 'lectern.js' ? 1 : 0
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
