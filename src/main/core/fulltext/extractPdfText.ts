/** A PDF's text, page by page, read by pdf.js in a worker thread (pdfjsWorker.ts): never in the app's thread. */
import { PdfjsWorker, type PdfWorkerLimits } from '../pdf/pdfjsWorker'

/**
 * Larger than the check's limits: reading every page's text of a long paper takes longer than
 * opening it, and a 500-page PDF on a busy machine must not be cut off.
 */
export const DEFAULT_PDF_TEXT_LIMITS: PdfWorkerLimits = { maxHeapMb: 256, timeoutMs: 180_000 }

/** A library being indexed hands the thread its next PDF well within this; after it, its memory goes back. */
export const DEFAULT_PDF_TEXT_IDLE_MS = 30_000

/**
 * Fewer letters than this per page on average: the pages are images (a scan) or the text layer is
 * missing. Letters, not digits: a scan often still carries page numbers. A real page with a title
 * alone ("Issue 6010") has more.
 */
const MIN_TEXT_PER_PAGE = 3

export type PdfTextExtraction =
  /** `scan`: the pages have (almost) no text layer. */
  | { state: 'text' | 'no-text'; pages: string[] }
  /** A user password hides the document; `wrong`: the one given did not open it. */
  | { state: 'password'; wrong: boolean }
  /** pdf.js could not read it, or ran out of its memory or time; `message` says which. */
  | { state: 'damaged'; message: string }

type TextAnswer =
  | { ok: true; pages: string[] }
  | { ok: false; code: 'password' | 'wrong-password' | 'damaged'; message: string }

/**
 * Reads PDFs' text one after the other in one long-lived pdf.js thread (started on demand, ended
 * when idle, replaced when a file made it stop), with the limits applied to each file.
 */
export class PdfTextExtractor {
  private readonly worker: PdfjsWorker

  constructor(options: { limits?: PdfWorkerLimits; idleMs?: number } = {}) {
    this.worker = new PdfjsWorker({
      limits: options.limits ?? DEFAULT_PDF_TEXT_LIMITS,
      idleMs: options.idleMs ?? DEFAULT_PDF_TEXT_IDLE_MS,
    })
  }

  /** Threads started so far: one, plus one after each stopped file or idle spell. */
  get threadsStarted(): number {
    return this.worker.threadsStarted
  }

  /** Whether the thread is running (working, or waiting for the next file). */
  get alive(): boolean {
    return this.worker.alive
  }

  async extract(path: string, options: { password?: string } = {}): Promise<PdfTextExtraction> {
    const outcome = await this.worker.run<TextAnswer>(
      { path },
      options.password === undefined ? { job: 'text' } : { job: 'text', password: options.password },
    )
    if ('stopped' in outcome)
      return { state: 'damaged', message: `pdf.js could not read its text ${outcome.stopped}` }
    const answer = outcome.answer
    if (!answer.ok) {
      if (answer.code === 'damaged')
        return { state: 'damaged', message: `pdf.js could not read it: ${answer.message}` }
      return { state: 'password', wrong: answer.code === 'wrong-password' }
    }
    const letters = answer.pages.reduce((n, page) => n + countLetters(page), 0)
    const state = letters < MIN_TEXT_PER_PAGE * Math.max(answer.pages.length, 1) ? 'no-text' : 'text'
    return { state, pages: answer.pages }
  }

  /** Ends the thread; files not started yet fail. */
  close(): Promise<void> {
    return this.worker.close()
  }
}

function countLetters(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0
}
