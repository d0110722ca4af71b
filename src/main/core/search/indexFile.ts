import { Worker } from 'node:worker_threads'
import { PERSISTED_BASE64_FIELDS } from './searchIndex'

/**
 * Parses `search-index.json` (25 MB at 50,000 papers, a quarter of a second of `JSON.parse`) and
 * decodes its base64 postings in a worker thread, so that the app keeps answering while it is read. Plain JavaScript run in a worker:
 * it must load the same way under tsx, vitest and the bundled app, so it is inline code.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
let answer
const transfer = []
try {
  const value = JSON.parse(readFileSync(workerData.path, 'utf8'))
  const index = value && typeof value === 'object' ? value.index : null
  // The long base64 fields go back as bytes, moved rather than copied into the app's thread.
  for (const key of workerData.base64Fields) {
    if (index && typeof index === 'object' && typeof index[key] === 'string') {
      const bytes = new Uint8Array(Buffer.from(index[key], 'base64'))
      index[key] = bytes
      transfer.push(bytes.buffer)
    }
  }
  answer = { value }
} catch (error) {
  answer = { missing: error.code === 'ENOENT', error: error.message }
}
parentPort.postMessage(answer, transfer)
`

export type IndexFileRead = { value: unknown } | { missing: boolean; error: string }

/** The parsed file, or why it could not be read (`missing` when there is none). */
export function readIndexFile(path: string): Promise<IndexFileRead> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, base64Fields: PERSISTED_BASE64_FIELDS },
    })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the search index reader stopped with code ${code}`))
    })
  })
}

/** Characters of a base64 field written at a time: encoding a few MB to bytes at once is a stall. */
const BASE64_PIECE = 1 << 20

/**
 * The file's text, in pieces of at most about a megabyte each, to be written one at a time. The
 * index's postings are long base64 strings, which JSON never escapes: they are cut into pieces as
 * they are, which spares `JSON.stringify` (or a check) a scan of 20 MB on the app's thread, and
 * joining them into one 25 MB string (and encoding that at once) stalled the app for 0.3–1.3 s.
 */
export function indexFilePieces(fingerprint: string, index: Record<string, unknown>): string[] {
  const pieces = [`{"fingerprint":${JSON.stringify(fingerprint)},"index":{`]
  for (const [i, [key, value]] of Object.entries(index).entries()) {
    const head = `${i > 0 ? ',' : ''}${JSON.stringify(key)}:`
    if (typeof value !== 'string' || !PERSISTED_BASE64_FIELDS.includes(key)) {
      pieces.push(head + JSON.stringify(value))
      continue
    }
    pieces.push(`${head}"`)
    for (let at = 0; at < value.length; at += BASE64_PIECE) pieces.push(value.slice(at, at + BASE64_PIECE))
    pieces.push('"')
  }
  pieces.push('}}')
  return pieces
}
