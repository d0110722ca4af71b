import type { FullTextProgress, PdfTextStatus } from '../../../shared/api'
import type { Attachment } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { isLive } from '../library/entity'
import type { PdfWorkerLimits } from '../pdf/pdfjsWorker'
import type { PageIndex } from '../search/pageIndex'
import type { LibraryStore } from '../store/libraryStore'
import type { TaskControl, TaskTracker } from '../tasks'
import { PdfTextExtractor, type PdfTextExtraction } from './extractPdfText'
import type { PdfTextRecord, PdfTextStore } from './pdfTextStore'
import { nextTurn } from '../inSlices'

type TextSummary =
  { state: 'text' | 'no-text'; pages: number } | { state: 'password' } | { state: 'damaged'; message: string }

function summaryOf(record: PdfTextRecord): TextSummary {
  if (record.state === 'damaged')
    return { state: 'damaged', message: record.message ?? 'pdf.js could not read it' }
  if (record.state === 'password') return { state: 'password' }
  return { state: record.state, pages: record.pages.length }
}

/** Saving the page index takes a moment at thousands of PDFs: after a quiet spell, and on close. */
const SAVE_QUIET_MS = 10_000

export interface FullTextDeps {
  store: LibraryStore
  texts: PdfTextStore
  pages: PageIndex
  /** The cached file of a sha256, or null when it is not in the cache. */
  pathOf: (sha256: string) => string | null
  tasks: TaskTracker
  now: () => Date
  /** Background failures (a worker that could not start, a PDF pdf.js could not read), for the log. */
  onError: (message: string) => void
  limits?: PdfWorkerLimits
  /** How long the extraction thread waits for the next PDF before it ends. */
  idleMs?: number
}

/**
 * Reads the text of every PDF in the library into `pdf-text/` (derived data) and its pages into the
 * page index: in the background for what is missing at start and what gets attached, right away for
 * a PDF just attached (`indexFile`), and for an encrypted PDF only with the password the user opened
 * it with. The work runs in one pdf.js worker thread, one PDF at a time, as a pausable task.
 */
export class FullTextService {
  /** PDFs waiting to be read, in order. */
  private readonly queue = new Set<string>()
  /** What is known of each PDF's text without reading its file again. */
  private readonly known = new Map<string, TextSummary>()
  private readonly inFlight = new Map<string, Promise<PdfTextRecord | null>>()
  private bySha: Map<string, string[]> | null = null
  private running: Promise<void> | null = null
  private paused = false
  private resume: (() => void) | null = null
  private progress = { done: 0, total: 0 }
  private started = false
  private stopped = false
  private saveTimer: ReturnType<typeof setTimeout> | null = null
  private readonly extractor: PdfTextExtractor

  constructor(private readonly deps: FullTextDeps) {
    this.extractor = new PdfTextExtractor({
      ...(deps.limits ? { limits: deps.limits } : {}),
      ...(deps.idleMs === undefined ? {} : { idleMs: deps.idleMs }),
    })
    deps.store.onCommit((change) => {
      if (change.papers.size === 0) return
      // An attachment added or removed: which papers a PDF belongs to is looked up again.
      this.bySha = null
      if (!this.started) return
      for (const paperId of change.papers) for (const a of this.live(paperId)) this.enqueue(a.sha256)
      this.poke()
    })
  }

  /** The papers a PDF is attached to (live attachments). */
  papersOf(sha256: string): readonly string[] {
    if (this.bySha === null) {
      const map = new Map<string, string[]>()
      for (const a of this.deps.store.allAttachments()) {
        if (!isLive(a)) continue
        const ids = map.get(a.sha256)
        if (ids === undefined) map.set(a.sha256, [a.paperId])
        else if (!ids.includes(a.paperId)) ids.push(a.paperId)
      }
      this.bySha = map
    }
    return this.bySha.get(sha256) ?? []
  }

  /**
   * Background reading of a running app: brings the page index in line with `pdf-text/` (PDFs read
   * by an earlier run or the CLI) and queues every attached PDF not read yet. The search service has
   * loaded the saved page index by then (`SearchService.start`).
   */
  async start(): Promise<void> {
    await this.deps.pages.load(this.deps.store.allAnnotations())
    const onDisk = await this.deps.texts.list()
    const wanted = new Set<string>()
    for (const a of this.deps.store.allAttachments()) if (isLive(a)) wanted.add(a.sha256)
    const indexed = this.deps.pages.indexedFiles()
    for (const sha of indexed) if (!wanted.has(sha)) this.deps.pages.removeFile(sha)
    for (const sha of wanted) {
      if (indexed.has(sha)) continue
      const record = onDisk.has(sha) ? this.deps.texts.read(sha) : null
      if (record === null) {
        this.enqueue(sha)
        continue
      }
      this.known.set(sha, summaryOf(record))
      if (record.state === 'text' || record.state === 'no-text') this.deps.pages.addFile(record)
      // Yield now and then: a library read by another build may have thousands of records to index.
      await nextTurn()
    }
    this.started = true
    this.scheduleSave()
    this.poke()
  }

  /** Reads one PDF's text now (unless it was read already) and indexes its pages. */
  async indexFile(sha256: string): Promise<PdfTextRecord | null> {
    // Added to the saved index, never to an empty one that would replace it.
    await this.deps.pages.load(this.deps.store.allAnnotations())
    const record = this.deps.texts.read(sha256)
    if (record !== null) {
      this.known.set(sha256, summaryOf(record))
      if ((record.state === 'text' || record.state === 'no-text') && !this.deps.pages.hasFile(sha256)) {
        this.deps.pages.addFile(record)
        this.scheduleSave()
      }
      return record
    }
    // A task of its own, so the UI hears when the text is there (its end invalidates the status).
    return this.deps.tasks.run('fulltext', 'Indexing the PDF’s text', () => this.read(sha256, {}))
  }

  /** Reads the text of a paper's encrypted PDF with the password its user opened it with. */
  async indexWithPassword(paperId: string, password: string): Promise<PdfTextStatus> {
    const attachment = this.currentAttachment(paperId)
    if (!attachment) throw new LecternError('not-found', `${paperId} has no PDF`)
    const state = this.stateOf(attachment.sha256)
    if (state !== 'password' && state !== 'pending') return this.status(paperId)
    await this.deps.pages.load(this.deps.store.allAnnotations())
    const extraction = await this.extract(attachment.sha256, password)
    if (extraction.state === 'password')
      throw new LecternError(
        'invalid-input',
        extraction.wrong ? 'That password does not open the PDF' : 'The PDF needs its password',
      )
    await this.store(attachment.sha256, extraction)
    return this.status(paperId)
  }

  status(paperId: string): PdfTextStatus {
    const attachment = this.currentAttachment(paperId)
    if (!attachment) return { state: 'none' }
    const known = this.summary(attachment.sha256)
    if (known === null) return { state: 'pending' }
    if (known.state === 'damaged') return { state: 'damaged', message: known.message }
    if (known.state === 'password') return { state: 'password' }
    return { state: known.state, pages: known.pages }
  }

  progressNow(): FullTextProgress {
    return { ...this.progress, paused: this.paused }
  }

  setPaused(paused: boolean): FullTextProgress {
    this.paused = paused
    if (!paused) {
      this.resume?.()
      this.resume = null
      this.poke()
    }
    return this.progressNow()
  }

  /** Stops the background work after the PDF being read, and saves the page index. */
  async close(): Promise<void> {
    this.stopped = true
    this.resume?.()
    await this.running?.catch(() => undefined)
    await Promise.all(this.inFlight.values())
    await this.extractor.close()
    await this.save()
  }

  async save(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = null
    // Derived data: a library opened read-only keeps it in memory only.
    if (this.deps.store.readOnly) return
    await this.deps.pages.save()
  }

  private live(paperId: string): Attachment[] {
    return this.deps.store.attachments(paperId).filter(isLive)
  }

  private currentAttachment(paperId: string): Attachment | null {
    return this.live(paperId).sort((a, b) => b.addedAt.localeCompare(a.addedAt))[0] ?? null
  }

  private stateOf(sha256: string): TextSummary['state'] | 'pending' {
    return this.summary(sha256)?.state ?? 'pending'
  }

  /** What the PDF's text record says, read once; null when it has none yet. */
  private summary(sha256: string): TextSummary | null {
    const known = this.known.get(sha256)
    if (known !== undefined) return known
    const record = this.deps.texts.read(sha256)
    if (record === null) return null
    const summary = summaryOf(record)
    this.known.set(sha256, summary)
    return summary
  }

  private enqueue(sha256: string): void {
    if (this.known.has(sha256) || this.inFlight.has(sha256) || this.deps.pages.hasFile(sha256)) return
    this.queue.add(sha256)
  }

  private poke(): void {
    if (this.running || this.stopped || this.queue.size === 0) return
    this.progress = { done: 0, total: this.queue.size }
    this.running = this.deps.tasks
      .run('fulltext', 'Indexing PDFs', (control) => this.drain(control))
      .catch((error: unknown) => {
        // Cancelled by the user: what is left is read at the next start.
        if (!(error instanceof LecternError && error.code === 'cancelled'))
          this.deps.onError(`reading PDF text: ${(error as Error).message}`)
        this.queue.clear()
      })
      .finally(() => {
        this.running = null
        this.poke()
      })
  }

  private async drain(control: TaskControl): Promise<void> {
    for (;;) {
      if (this.paused && !this.stopped) {
        control.setPaused?.(true)
        await new Promise<void>((resolve) => (this.resume = resolve))
        control.setPaused?.(false)
      }
      if (this.stopped) return
      if (control.signal.aborted) throw new LecternError('cancelled', 'Reading the PDFs’ text was cancelled')
      const sha = this.queue.values().next().value
      if (sha === undefined) return
      this.queue.delete(sha)
      this.progress.total = this.progress.done + this.queue.size + 1
      control.progress(this.progress.done, this.progress.total)
      if (this.deps.pathOf(sha) !== null) await this.read(sha, {})
      this.progress.done++
      control.progress(this.progress.done, this.progress.total)
    }
  }

  /** Extracts, stores and indexes one PDF; one reading per PDF at a time. Null: not in the cache. */
  private read(sha256: string, opts: { password?: string }): Promise<PdfTextRecord | null> {
    const running = this.inFlight.get(sha256)
    if (running) return running
    const work = (async () => {
      if (this.deps.pathOf(sha256) === null) return null
      const extraction = await this.extract(sha256, opts.password)
      return this.store(sha256, extraction)
    })().finally(() => this.inFlight.delete(sha256))
    this.inFlight.set(sha256, work)
    return work
  }

  private async extract(sha256: string, password: string | undefined): Promise<PdfTextExtraction> {
    const path = this.deps.pathOf(sha256)
    if (path === null)
      throw new LecternError('not-found', `The PDF ${sha256.slice(0, 12)}… is not in the cache`)
    const extraction = await this.extractor.extract(path, password === undefined ? {} : { password })
    // Shown on the paper too; the log names the file, which may be one made to stop pdf.js.
    if (extraction.state === 'damaged')
      this.deps.onError(`reading the text of ${path}: ${extraction.message}`)
    return extraction
  }

  private async store(sha256: string, extraction: PdfTextExtraction): Promise<PdfTextRecord> {
    const base = { sha256, extractedAt: this.deps.now().toISOString() }
    const record =
      extraction.state === 'text' || extraction.state === 'no-text'
        ? { ...base, state: extraction.state, pages: extraction.pages }
        : extraction.state === 'damaged'
          ? { ...base, state: 'damaged' as const, pages: [], message: extraction.message }
          : { ...base, state: 'password' as const, pages: [] }
    const written = await this.deps.texts.write(record, { inMemoryOnly: this.deps.store.readOnly })
    this.known.set(sha256, summaryOf(written))
    this.queue.delete(sha256)
    if (written.state === 'text' || written.state === 'no-text') {
      this.deps.pages.addFile(written)
      this.scheduleSave()
    }
    return written
  }

  private scheduleSave(): void {
    if (!this.deps.pages.changed || this.saveTimer) return
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null
      this.save().catch((error: unknown) =>
        this.deps.onError(`saving the page index: ${(error as Error).message}`),
      )
    }, SAVE_QUIET_MS)
    this.saveTimer.unref?.()
  }
}
