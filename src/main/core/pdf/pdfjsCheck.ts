/**
 * pdf.js's verdict on a file, reached in a worker thread with a heap cap and a time limit: a
 * malformed file can make pdf.js take about 40 times its size in memory (a 20 MB file of zeros
 * takes 800 MB) or parse for minutes, and that must cost the worker, never the app.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { PdfInspection } from './inspectPdf'

export interface PdfCheckLimits {
  /** V8 old-generation heap of the worker, in MB. The file's bytes (at most the PDF size limit) come on top. */
  maxHeapMb: number
  /** How long pdf.js may take before the worker is stopped. */
  timeoutMs: number
}

export const DEFAULT_PDF_CHECK_LIMITS: PdfCheckLimits = { maxHeapMb: 192, timeoutMs: 60_000 }

/** The file to check: read by the worker itself from a path (the app never holds it), or bytes. */
export type PdfCheckSource = { path: string } | { bytes: Uint8Array }

/**
 * Plain JavaScript run in the worker: it must load the same way under tsx, vitest and the bundled
 * app, so it is inline code, not a module file; pdf.js is imported by the URL the app resolved.
 * pdfjs-dist 6 calls `Promise.withResolvers` (Node 22+), installed here for Node 20.
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
const check = async () => {
  const pdfjs = await import(workerData.pdfjsUrl)
  const file = workerData.path === undefined ? workerData.bytes : readFileSync(workerData.path)
  // A plain view over the file's own memory: pdf.js copies a Node Buffer but keeps such a view as is.
  const data = new Uint8Array(file.buffer, file.byteOffset, file.byteLength)
  const task = pdfjs.getDocument({ data, disableFontFace: true, verbosity: pdfjs.VerbosityLevel.ERRORS })
  try {
    const doc = await task.promise
    return { ok: true, pages: doc.numPages, passwordRequired: false }
  } catch (err) {
    if (err instanceof pdfjs.PasswordException) return { ok: true, pages: null, passwordRequired: true }
    const reason = err instanceof Error ? err.message : String(err)
    return { ok: false, code: 'damaged', message: 'a damaged PDF that cannot be read (' + reason + ')' }
  } finally {
    await task.destroy()
  }
}
check().then(
  (inspection) => parentPort.postMessage({ inspection }),
  (err) => parentPort.postMessage({ failure: err instanceof Error ? err.stack || err.message : String(err) }),
)
`

type WorkerAnswer = { inspection: PdfInspection } | { failure: string }

let pdfjsUrl: string | null = null

/**
 * Opens the file with pdf.js in a worker. A worker that runs out of its heap or time is stopped and
 * the file is reported as one that cannot be checked; the worker failing for any other reason (pdf.js
 * missing) is an error, not a verdict on the file.
 */
export function checkWithPdfjs(source: PdfCheckSource, limits: PdfCheckLimits): Promise<PdfInspection> {
  // Resolved from this module, as the main process would import it (node_modules beside the app).
  pdfjsUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs')).href
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pdfjsUrl, ...source },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 16 },
  })
  return new Promise<PdfInspection>((resolve, reject) => {
    let settled = false
    const settle = (outcome: { inspection: PdfInspection } | { error: Error }): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      if ('inspection' in outcome) resolve(outcome.inspection)
      else reject(outcome.error)
    }
    const timer = setTimeout(
      () =>
        settle({
          inspection: unverifiable(`within ${limits.timeoutMs / 1000} s; pdf.js was stopped`),
        }),
      limits.timeoutMs,
    )
    worker.once('message', (answer: WorkerAnswer) =>
      settle(
        'inspection' in answer
          ? answer
          : { error: new Error(`The PDF check could not run: ${answer.failure}`) },
      ),
    )
    worker.once('error', (err: Error & { code?: string }) =>
      settle(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { inspection: unverifiable(`within ${limits.maxHeapMb} MB of memory; pdf.js was stopped`) }
          : { error: new Error(`The PDF check stopped: ${err.message}`, { cause: err }) },
      ),
    )
    worker.once('exit', (code) =>
      settle({ error: new Error(`The PDF check stopped with exit code ${code} before it answered`) }),
    )
  })
}

function unverifiable(how: string): PdfInspection {
  return {
    ok: false,
    code: 'damaged',
    message: `a PDF that could not be opened ${how} (a damaged file usually does this)`,
  }
}
