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
import { PDFJS_WORKER_SOURCE } from './pdfjsWorkerSource'

export interface PdfWorkerLimits {
  /** V8 old-generation heap of the worker, in MB. The file's bytes (at most the PDF size limit) come on top. */
  maxHeapMb: number
  /** How long pdf.js may take over one file before the worker is stopped. */
  timeoutMs: number
}

/** The file to work on: read by the worker itself from a path (the app never holds it), or bytes. */
export type PdfWorkerSource = { path: string } | { bytes: Uint8Array }

export type PdfWorkerJob = { job: 'check' } | { job: 'text'; password?: string }

/** What the worker answered, or why it was stopped (it ran out of its heap or its time). */
export type PdfWorkerOutcome<T> = { answer: T } | { stopped: string }

type WorkerMessage =
  | { ready: true }
  | { id: number; answer: unknown }
  /** pdf.js could not run a job (`id`), or could not be loaded at all (no `id`). */
  | { id?: number; failure: string }

/**
 * How long a new thread may take to load pdf.js before a file is given to it. Not the file's time:
 * on a busy machine the start-up alone can take seconds, and that must not count against the file.
 */
const STARTUP_LIMIT_MS = 60_000

interface PendingJob {
  id: number
  request: PdfWorkerSource & PdfWorkerJob
  settle: (outcome: PdfWorkerOutcome<unknown> | { error: Error }) => void
}

interface PdfjsPaths {
  pdfjsUrl: string
  pdfjsWorkerUrl: string
  cMapDir: string
  fontDir: string
}

let pdfjsPaths: PdfjsPaths | null = null

/** pdf.js and its data, resolved from this module as the main process would import it. */
function resolvePdfjs(): PdfjsPaths {
  if (pdfjsPaths) return pdfjsPaths
  const require = createRequire(import.meta.url)
  const root = dirname(require.resolve('pdfjs-dist/package.json'))
  // pdf.js in Node reads these as file paths, and wants the trailing separator.
  pdfjsPaths = {
    pdfjsUrl: pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href,
    pdfjsWorkerUrl: pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')).href,
    cMapDir: join(root, 'cmaps') + '/',
    fontDir: join(root, 'standard_fonts') + '/',
  }
  return pdfjsPaths
}

/**
 * One pdf.js worker thread that takes files one after the other. It starts with the first job and
 * stays for the next (pdf.js, its CMaps and fonts are loaded once), and ends after `idleMs` without
 * work, giving its memory back. The limits hold per file: a file that runs past `timeoutMs` (counted
 * from when the thread has pdf.js loaded and takes the file), or takes the thread past `maxHeapMb`,
 * costs the thread, which is stopped (`stopped` says how); the next file gets a new one. The thread
 * failing for any other reason (pdf.js missing) is an error, not a verdict on the file. While idle
 * the thread does not keep the process alive, so a CLI command can end without closing it.
 */
export class PdfjsWorker {
  private thread: Worker | null = null
  /** Whether the thread has loaded pdf.js and takes files. */
  private ready = false
  private readonly waiting: PendingJob[] = []
  private current: PendingJob | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private nextId = 1
  private closed = false
  private started = 0

  constructor(
    private readonly options: {
      limits: PdfWorkerLimits
      /** How long the thread waits for another file before it ends. */
      idleMs: number
    },
  ) {}

  /** Threads started so far: one, plus one after each stopped file or idle spell. */
  get threadsStarted(): number {
    return this.started
  }

  /** Whether a thread is running (starting, working or waiting for work). */
  get alive(): boolean {
    return this.thread !== null
  }

  /** Runs a job after those already given; the answer's shape is the job's: the caller types it. */
  run<T>(source: PdfWorkerSource, job: PdfWorkerJob): Promise<PdfWorkerOutcome<T>> {
    if (this.closed) return Promise.reject(new Error('pdf.js was shut down'))
    return new Promise<PdfWorkerOutcome<T>>((resolve, reject) => {
      this.waiting.push({
        id: this.nextId++,
        request: { ...source, ...job },
        settle: (outcome) => {
          if ('error' in outcome) reject(outcome.error)
          else resolve(outcome as PdfWorkerOutcome<T>)
        },
      })
      this.pump()
    })
  }

  /** Ends the thread; jobs not finished yet fail. */
  async close(): Promise<void> {
    this.closed = true
    const shutDown = { error: new Error('pdf.js was shut down') }
    for (const job of this.waiting.splice(0)) job.settle(shutDown)
    this.finish(shutDown)
    const thread = this.thread
    this.stopThread()
    await thread?.terminate()
  }

  /** Gives the thread its next job, starting a thread if there is none; or lets an idle one go. */
  private pump(): void {
    if (this.current !== null) return
    this.clearTimer()
    const next = this.waiting.shift()
    if (next === undefined) {
      if (this.thread === null) return
      this.thread.unref()
      this.timer = setTimeout(() => this.stopThread(), this.options.idleMs)
      this.timer.unref?.()
      return
    }
    this.current = next
    if (this.thread === null) {
      try {
        this.startThread()
      } catch (error) {
        this.fail(new Error(`pdf.js could not start: ${(error as Error).message}`, { cause: error }))
        return
      }
    }
    this.thread?.ref()
    if (this.ready) this.post(next)
  }

  /** Hands a job to a ready thread, with the file's time limit. */
  private post(job: PendingJob): void {
    const { timeoutMs } = this.options.limits
    this.timer = setTimeout(() => {
      this.finish({ stopped: `within ${timeoutMs / 1000} s; pdf.js was stopped` })
      this.stopThread()
      this.pump()
    }, timeoutMs)
    this.thread?.postMessage({ id: job.id, ...job.request })
  }

  private startThread(): void {
    const { limits } = this.options
    const thread = new Worker(PDFJS_WORKER_SOURCE, {
      eval: true,
      workerData: resolvePdfjs(),
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 16 },
    })
    this.thread = thread
    this.ready = false
    this.started++
    this.timer = setTimeout(
      () => this.fail(new Error(`pdf.js did not start within ${STARTUP_LIMIT_MS / 1000} s`)),
      STARTUP_LIMIT_MS,
    )
    // Events of a thread already replaced (stopped at a limit) are no longer about any job.
    const mine = () => this.thread === thread
    thread.on('message', (message: WorkerMessage) => {
      if (!mine()) return
      if ('ready' in message) {
        this.ready = true
        this.clearTimer()
        if (this.current) this.post(this.current)
        else this.pump()
      } else if ('answer' in message) {
        if (message.id !== this.current?.id) return
        this.finish({ answer: message.answer })
        this.pump()
      } else {
        // pdf.js could not even run: a thread in that state is not given the next file.
        this.fail(new Error(`pdf.js could not run: ${message.failure}`))
      }
    })
    thread.on('error', (err: Error & { code?: string }) => {
      if (!mine()) return
      // While it reads a file, the thread dying is that file's doing (its heap, or an error pdf.js
      // left uncaught); before, it is the thread's.
      if (!this.ready || this.current === null)
        return this.fail(new Error(`pdf.js stopped: ${err.message}`, { cause: err }))
      this.finish({
        stopped:
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `within ${limits.maxHeapMb} MB of memory; pdf.js was stopped`
            : `after an error pdf.js did not catch (${err.message}); pdf.js was stopped`,
      })
      this.stopThread()
      this.pump()
    })
    thread.on('exit', (code) => {
      if (mine()) this.fail(new Error(`pdf.js stopped with exit code ${code} before it answered`))
    })
  }

  /** The thread broke (not the file): the job in progress fails, and the next gets a new thread. */
  private fail(error: Error): void {
    this.finish({ error })
    this.stopThread()
    this.pump()
  }

  /** Settles the job in progress, if any. */
  private finish(outcome: PdfWorkerOutcome<unknown> | { error: Error }): void {
    const job = this.current
    if (job === null) return
    this.current = null
    this.clearTimer()
    job.settle(outcome)
  }

  private stopThread(): void {
    const thread = this.thread
    this.thread = null
    this.ready = false
    this.clearTimer()
    if (thread) void thread.terminate()
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

/** Runs one job in a thread of its own, ended as soon as it answers. */
export async function runPdfjsWorker<T>(
  source: PdfWorkerSource,
  job: PdfWorkerJob,
  limits: PdfWorkerLimits,
): Promise<PdfWorkerOutcome<T>> {
  const worker = new PdfjsWorker({ limits, idleMs: 0 })
  try {
    return await worker.run<T>(source, job)
  } finally {
    await worker.close()
  }
}
