import { execFile } from 'node:child_process'
import { readFile, readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { openSeeded } from '../support/openLectern'
import { CLI, ROOT } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const run = promisify(execFile)
const tempDir = useTempDirs()
const OUT = resolve(ROOT, 'out/cli')
const REGISTER = resolve(ROOT, 'tests/fixtures/loadLog/register.mjs')
const BUILTINS = resolve(ROOT, 'tests/fixtures/loadLog/builtins.mjs')

/**
 * Code `papers` and `lists` have no use for, by a class each part of it defines: compiling it was most
 * of their start-up (issue #16). Lectern loads it by import() unless opened for the library alone.
 */
const NOT_FOR_LISTING = [
  'SearchService',
  'PdfService',
  'FullTextService',
  'AppSync',
  'SyncService',
  'ExportService',
  'RecommendService',
  'DigestImporter',
  'PublicationService',
  'MetadataService',
  'DailyPapersService',
]

/** The modules the command loaded, one a line, as `logger` (a file of tests/fixtures/loadLog) logs them. */
async function loadedBy(logger: string, dataDir: string, ...args: string[]): Promise<string[]> {
  const log = join(await tempDir(), 'loaded.txt')
  await run(process.execPath, ['--import', logger, ...CLI, ...args, '--data', dataDir], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LECTERN_LOAD_LOG: log },
  })
  return (await readFile(log, 'utf8')).split('\n').filter((line) => line !== '')
}

/** The bundle's files the command loaded, read through a module hook that logs every load. */
async function bundleFilesLoadedBy(dataDir: string, ...args: string[]): Promise<string[]> {
  const urls = await loadedBy(REGISTER, dataDir, ...args)
  return urls.map((url) => fileURLToPath(url)).filter((path) => path.startsWith(OUT))
}

async function definedIn(files: string[]): Promise<string[]> {
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')))
  // As the bundler writes a class (`class X` or `var X = class`).
  const defines = (name: string) => new RegExp(`\\b(class ${name}|${name} = class)\\b`)
  return NOT_FOR_LISTING.filter((name) => texts.some((text) => defines(name).test(text)))
}

/**
 * Whether the files hold zod (by the function that makes its classes) or the contract's schemas (by
 * their first route): a listing's input is `{}`, nothing to check (cli/localTransport.ts).
 */
async function holdSchemas(files: string[]): Promise<{ zod: boolean; contract: boolean }> {
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')))
  return {
    zod: texts.some((text) => text.includes('function $constructor(')),
    contract: texts.some((text) => text.includes('"papers:list": route(')),
  }
}

describe('lectern papers and lists', () => {
  it("load none of the code for search, PDFs, sync, export, digests, outside sources or the contract's schemas", async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.close()
    // The check can see these classes: the bundle has them all, in chunks loaded when needed.
    const bundle = (await readdir(OUT)).filter((f) => f.endsWith('.js')).map((f) => join(OUT, f))
    expect(await definedIn(bundle)).toEqual(NOT_FOR_LISTING)

    expect(await holdSchemas(bundle)).toEqual({ zod: true, contract: true })

    for (const command of ['papers', 'lists']) {
      const loaded = await bundleFilesLoadedBy(dir, command, '--json')
      expect(loaded).toContain(join(OUT, 'lectern.js'))
      expect(await definedIn(loaded), command).toEqual([])
      expect(await holdSchemas(loaded), command).toEqual({ zod: false, contract: false })
      // Nor node's modules for hashes and ids (core/lazyCrypto.ts), or for the texts' check worker.
      const builtins = await loadedBy(BUILTINS, dir, command, '--json')
      expect(builtins, command).toContain('node:fs')
      expect(builtins, command).not.toContain('node:crypto')
      expect(builtins, command).not.toContain('node:worker_threads')
    }
    // And a command that needs them does load them, through the same hooks.
    const search = await bundleFilesLoadedBy(dir, 'search', 'BLOOMZ', '--json')
    expect(await definedIn(search)).toContain('SearchService')
    expect(await holdSchemas(search)).toEqual({ zod: true, contract: true })
    expect(await loadedBy(BUILTINS, dir, 'search', 'BLOOMZ', '--json')).toContain('node:crypto')
  })
})
