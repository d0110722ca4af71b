import { Worker } from 'node:worker_threads'

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
 * Plain JavaScript run in a worker: it must load the same way under tsx, vitest and the bundled
 * app, so it is inline code, not a module file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
const outline = (value) =>
  Object.fromEntries(Object.entries(value).map(([key, v]) =>
    [key, Array.isArray(v) ? [] : typeof v === 'object' && v !== null ? {} : v]))
parentPort.postMessage(workerData.map((path) => {
  let text
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return error.code === 'ENOENT' ? { path, outline: null } : { path, outline: null, error: 'cannot be read: ' + error.message }
  }
  try {
    const value = JSON.parse(text)
    return { path, outline: typeof value === 'object' && value !== null && !Array.isArray(value) ? outline(value) : { value } }
  } catch (error) {
    return { path, outline: null, error: 'is not valid JSON (' + error.message + ')' }
  }
}))
`

/**
 * Parses files in a worker thread and returns their outlines, so that files which need checking but
 * not keeping (the texts, at open) are checked in parallel with the main thread's own parsing, and
 * their garbage goes away with the worker instead of growing the app's heap.
 */
export function outlineFiles(paths: string[]): Promise<OutlinedFile[]> {
  if (paths.length === 0) return Promise.resolve([])
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: paths })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the file check worker stopped with code ${code}`))
    })
  })
}
