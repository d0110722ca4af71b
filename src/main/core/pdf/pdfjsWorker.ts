/**
 * pdf.js in a worker thread with a heap cap and a time limit: a malformed file can make pdf.js take
 * about 40 times its size in memory (a 20 MB file of zeros takes 800 MB) or parse for minutes, and
 * that must cost the worker, never the app. Two jobs share the machinery: `check` (can the file be
 * opened, how many pages) and `text` (each page's text, for the full-text index).
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

export interface PdfWorkerLimits {
  /** V8 old-generation heap of the worker, in MB. The file's bytes (at most the PDF size limit) come on top. */
  maxHeapMb: number
  /** How long pdf.js may take before the worker is stopped. */
  timeoutMs: number
}

/** The file to work on: read by the worker itself from a path (the app never holds it), or bytes. */
export type PdfWorkerSource = { path: string } | { bytes: Uint8Array }

export type PdfWorkerJob = { job: 'check' } | { job: 'text'; password?: string }

/** What the worker answered, or why it was stopped (it ran out of its heap or its time). */
export type PdfWorkerOutcome<T> = { answer: T } | { stopped: string }

/**
 * Plain JavaScript run in the worker: it must load the same way under tsx, vitest and the bundled
 * app, so it is inline code, not a module file; pdf.js is imported by the URL the app resolved.
 * pdfjs-dist 6 calls `Promise.withResolvers` (Node 22+), installed here for Node 20. The text job
 * gets the CMaps and standard fonts the viewer ships, so CJK text without embedded fonts (whose
 * glyphs map to Unicode only through a CMap) comes out as the viewer shows it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function () {
    let resolve, reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
const reasonOf = (err) => (err instanceof Error ? err.message : String(err))
const pageText = async (doc, n) => {
  const page = await doc.getPage(n)
  try {
    const content = await page.getTextContent()
    let text = ''
    for (const item of content.items) {
      if (typeof item.str !== 'string') continue
      text += item.str
      if (item.hasEOL) text += '\\n'
    }
    return text
  } finally {
    page.cleanup()
  }
}
const run = async () => {
  const pdfjs = await import(workerData.pdfjsUrl)
  const file = workerData.path === undefined ? workerData.bytes : readFileSync(workerData.path)
  // A plain view over the file's own memory: pdf.js copies a Node Buffer but keeps such a view as is.
  const data = new Uint8Array(file.buffer, file.byteOffset, file.byteLength)
  const text = workerData.job === 'text'
  const task = pdfjs.getDocument({
    data,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...(text ? { cMapUrl: workerData.cMapDir, cMapPacked: true, standardFontDataUrl: workerData.fontDir } : {}),
    ...(workerData.password !== undefined ? { password: workerData.password } : {}),
  })
  try {
    const doc = await task.promise
    if (!text) return { ok: true, pages: doc.numPages, passwordRequired: false }
    const pages = []
    for (let n = 1; n <= doc.numPages; n++) pages.push(await pageText(doc, n))
    return { ok: true, pages }
  } catch (err) {
    if (err instanceof pdfjs.PasswordException) {
      if (!text) return { ok: true, pages: null, passwordRequired: true }
      return { ok: false, code: err.code === pdfjs.PasswordResponses.INCORRECT_PASSWORD ? 'wrong-password' : 'password', message: reasonOf(err) }
    }
    if (text) return { ok: false, code: 'damaged', message: reasonOf(err) }
    return { ok: false, code: 'damaged', message: 'a damaged PDF that cannot be read (' + reasonOf(err) + ')' }
  } finally {
    await task.destroy()
  }
}
run().then(
  (answer) => parentPort.postMessage({ answer }),
  (err) => parentPort.postMessage({ failure: err instanceof Error ? err.stack || err.message : String(err) }),
)
`

type WorkerMessage = { answer: unknown } | { failure: string }

let pdfjsPaths: { pdfjsUrl: string; cMapDir: string; fontDir: string } | null = null

/** pdf.js and its data, resolved from this module as the main process would import it. */
function resolvePdfjs(): { pdfjsUrl: string; cMapDir: string; fontDir: string } {
  if (pdfjsPaths) return pdfjsPaths
  const require = createRequire(import.meta.url)
  const root = dirname(require.resolve('pdfjs-dist/package.json'))
  // pdf.js in Node reads these as file paths, and wants the trailing separator.
  pdfjsPaths = {
    pdfjsUrl: pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href,
    cMapDir: join(root, 'cmaps') + '/',
    fontDir: join(root, 'standard_fonts') + '/',
  }
  return pdfjsPaths
}

/**
 * Runs one job in a new worker. A worker that runs out of its heap or time is stopped (`stopped`
 * says how); the worker failing for any other reason (pdf.js missing) is an error, not a verdict on
 * the file. The answer's shape is the job's: the caller types it.
 */
export function runPdfjsWorker<T>(
  source: PdfWorkerSource,
  job: PdfWorkerJob,
  limits: PdfWorkerLimits,
): Promise<PdfWorkerOutcome<T>> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ...resolvePdfjs(), ...source, ...job },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 16 },
  })
  return new Promise<PdfWorkerOutcome<T>>((resolve, reject) => {
    let settled = false
    const settle = (outcome: PdfWorkerOutcome<T> | { error: Error }): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      if ('error' in outcome) reject(outcome.error)
      else resolve(outcome)
    }
    const timer = setTimeout(
      () => settle({ stopped: `within ${limits.timeoutMs / 1000} s; pdf.js was stopped` }),
      limits.timeoutMs,
    )
    worker.once('message', (message: WorkerMessage) =>
      settle(
        'answer' in message
          ? { answer: message.answer as T }
          : { error: new Error(`pdf.js could not run: ${message.failure}`) },
      ),
    )
    worker.once('error', (err: Error & { code?: string }) =>
      settle(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { stopped: `within ${limits.maxHeapMb} MB of memory; pdf.js was stopped` }
          : { error: new Error(`pdf.js stopped: ${err.message}`, { cause: err }) },
      ),
    )
    worker.once('exit', (code) =>
      settle({ error: new Error(`pdf.js stopped with exit code ${code} before it answered`) }),
    )
  })
}
