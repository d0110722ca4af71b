import { readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'

/**
 * A parsed file reduced to what the schema check looks at: its top-level primitives as they are,
 * objects as `{}`, arrays as `[]`.
 */
export type Outline = Record<string, unknown>

export interface OutlinedFile {
  path: string
  /** Null when the file does not exist. */
  outline: Outline | null
  /** Why the file could not be read or parsed. */
  error?: string
}

/**
 * Reads and outlines one file. It runs in this thread and, as its source text, in the worker: it
 * uses nothing from outside its body (not even a named helper: a transpiler may wrap those in calls
 * the worker does not have), and gets `readFileSync` passed in.
 */
function outlineFile(path: string, readFileSync: (path: string, encoding: 'utf8') => string): OutlinedFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? { path, outline: null }
      : { path, outline: null, error: 'cannot be read: ' + (error as Error).message }
  }
  try {
    const value: unknown = JSON.parse(text)
    return {
      path,
      outline:
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? Object.fromEntries(
              Object.entries(value).map(([key, v]) => [
                key,
                Array.isArray(v) ? [] : typeof v === 'object' && v !== null ? {} : v,
              ]),
            )
          : { value },
    }
  } catch (error) {
    return { path, outline: null, error: 'is not valid JSON (' + (error as Error).message + ')' }
  }
}

/**
 * Plain JavaScript run in a worker: it must load the same way under tsx, vitest and the bundled
 * app, so it is inline code, not a module file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
const outlineFile = ${outlineFile.toString()}
parentPort.postMessage(workerData.map((path) => outlineFile(path, readFileSync)))
`

/**
 * Files this small in all are outlined in this thread: starting a worker costs more (a new Node
 * environment, ~40 ms of CPU and more on a busy machine) than parsing them, and was the largest part
 * of `lectern papers` at 1,000 papers (3 MB of texts).
 */
const IN_THREAD_BYTES = 4 * 1024 * 1024

/**
 * Parses files and returns their outlines: in a worker thread, so that files which need checking but
 * not keeping (the texts, at open) are checked in parallel with the main thread's own parsing, and
 * their garbage goes away with the worker instead of growing the app's heap; in this thread when
 * they are few.
 */
export async function outlineFiles(paths: string[]): Promise<OutlinedFile[]> {
  if (paths.length === 0) return []
  // A file that cannot be stat'ed counts as nothing here: reading it reports why.
  const sizes = await Promise.all(
    paths.map((path) =>
      stat(path).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  )
  if (sizes.reduce((a, b) => a + b, 0) <= IN_THREAD_BYTES)
    return paths.map((path) => outlineFile(path, readFileSync))
  // Loaded here: a command that checks few files or none (`lectern papers`) has no use for it.
  const { Worker } = await import('node:worker_threads')
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: paths })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the file check worker stopped with code ${code}`))
    })
  })
}
