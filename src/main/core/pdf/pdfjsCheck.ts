/** pdf.js's verdict on a file, reached in a worker thread with a heap cap and a time limit (pdfjsWorker.ts). */
import type { PdfInspection } from './inspectPdf'
import { runPdfjsWorker, type PdfWorkerLimits, type PdfWorkerSource } from './pdfjsWorker'

export type PdfCheckLimits = PdfWorkerLimits
export type PdfCheckSource = PdfWorkerSource

export const DEFAULT_PDF_CHECK_LIMITS: PdfCheckLimits = { maxHeapMb: 192, timeoutMs: 60_000 }

/**
 * Opens the file with pdf.js in a worker. A worker that runs out of its heap or time is stopped and
 * the file is reported as one that cannot be checked; the worker failing for any other reason (pdf.js
 * missing) is an error, not a verdict on the file.
 */
export async function checkWithPdfjs(source: PdfCheckSource, limits: PdfCheckLimits): Promise<PdfInspection> {
  try {
    const outcome = await runPdfjsWorker<PdfInspection>(source, { job: 'check' }, limits)
    if ('answer' in outcome) return outcome.answer
    return {
      ok: false,
      code: 'damaged',
      message: `a PDF that could not be opened ${outcome.stopped} (a damaged file usually does this)`,
    }
  } catch (error) {
    throw new Error(`The PDF check failed: ${(error as Error).message}`, { cause: error })
  }
}
