export type PasswordPrompt = (answer: (password: string) => void, reason: number) => void
export type ProgressListener = (progress: { loaded: number; total: number }) => void

/** What the cache needs of a pdf.js loading task (a fake in the tests). */
export interface LoadingTask<D> {
  promise: Promise<D>
  destroy(): Promise<void>
  /** Sets the task's one password prompt and progress listener. */
  listen(password: PasswordPrompt, progress: ProgressListener): void
}

export interface Clock {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** One user's hold on a document: its load, its password prompt and progress, and letting go. */
export interface Lease<D> {
  promise: Promise<D>
  /** Called now if the document is already waiting for a password. */
  onPassword(ask: PasswordPrompt): void
  onProgress(listen: ProgressListener): void
  release(): void
}

/** What the open-ahead prepared, handed over: its result, also readable at once when it has settled. */
export interface Prepared<P> {
  result: Promise<P | null>
  /** The result once settled, undefined until then: a reader's first frame cannot wait a microtask. */
  readonly settled: P | null | undefined
}

/** The open-ahead's preparation: for the selected paper only, cancelled when the selection moves on. */
interface Ahead<P> {
  key: string
  /** Cancels the preparation still running (none for the page a closing reader kept). */
  controller?: AbortController
  prepared: { result: Promise<P | null>; settled: P | null | undefined }
}

interface Entry<D> {
  key: string
  task: LoadingTask<D>
  users: number
  /** It asked for a password once: its decrypted document is never kept idle. */
  protected: boolean
  /** A password request no lease has answered yet (the open-ahead met it). */
  asking: { answer: (password: string) => void; reason: number } | null
  ask: PasswordPrompt | null
  listen: ProgressListener | null
  failed: boolean
  /** The document once loaded: a reader opening it again lays itself out in its first frame. */
  loaded: D | null
  /** Evicts the entry once it has been idle too long; null while in use. */
  expiry: unknown
  idleSince: number
}

export interface DocumentCacheOptions<D, P> {
  load: (url: string) => LoadingTask<D>
  /** Lets go of a preparation nobody took (a drawn page's canvas, back to the pool). */
  discard?: (prepared: P) => void
  clock?: Clock
  /** Idle documents kept for a reopen; the oldest goes first. */
  maxIdle?: number
  idleMs?: number
  /** How long a selection must stay before its PDF is opened ahead. */
  openAheadMs?: number
}

const systemClock: Clock = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/**
 * pdf.js documents shared by whoever reads them, so that opening a PDF finds it loading or loaded:
 * the reader leases one, the library opens the selected paper's PDF ahead, and a closed reader leaves
 * its document idle for a reopen. At most `maxIdle` idle documents, each for `idleMs`; a
 * password-protected one is destroyed as soon as nobody uses it. Whatever is evicted is destroyed.
 * The open-ahead may also prepare one thing `P` for its document (the reader's opening page, drawn),
 * or a closing reader leave one (the page it showed), held until a reader takes it, the selection
 * moves on, or the document is evicted.
 */
export class DocumentCache<D, P = never> {
  private readonly entries = new Map<string, Entry<D>>()
  private readonly clock: Clock
  private readonly maxIdle: number
  private readonly idleMs: number
  private readonly openAheadMs: number
  /** The open-ahead still waiting for its selection to stay: its timer, and what settles its promise. */
  private waiting: { timer: unknown; settle: () => void } | null = null
  private ahead: Ahead<P> | null = null
  private idleCount = 0

  constructor(private readonly options: DocumentCacheOptions<D, P>) {
    this.clock = options.clock ?? systemClock
    this.maxIdle = options.maxIdle ?? 2
    this.idleMs = options.idleMs ?? 120_000
    this.openAheadMs = options.openAheadMs ?? 150
  }

  /**
   * The document at `url`, `version` telling one file from the next at the same URL (a PDF attached
   * again). Release the lease when done.
   */
  acquire(url: string, version: string): Lease<D> {
    const entry = this.entry(url, version)
    entry.users++
    this.stopExpiry(entry)
    let released = false
    return {
      promise: entry.task.promise,
      onPassword: (ask) => {
        entry.ask = ask
        const waiting = entry.asking
        if (waiting) {
          entry.asking = null
          ask(waiting.answer, waiting.reason)
        }
      },
      onProgress: (listen) => {
        entry.listen = listen
      },
      release: () => {
        if (released) return
        released = true
        entry.users--
        if (entry.users > 0) return
        entry.ask = null
        entry.listen = null
        this.idle(entry)
      },
    }
  }

  /** The document at `url` and `version` if it is held and loaded; nothing is acquired. */
  loaded(url: string, version: string): D | null {
    return this.entries.get(keyOf(url, version))?.loaded ?? null
  }

  /**
   * What the open-ahead prepared for this document (its opening page, drawn), handed over once: the
   * caller then owns it. Null when nothing was prepared for it.
   */
  takeAhead(url: string, version: string): Prepared<P> | null {
    const ahead = this.ahead
    if (ahead?.key !== keyOf(url, version)) return null
    this.ahead = null
    return ahead.prepared
  }

  /**
   * Keeps what a closing reader still shows (its page, drawn) as this document's preparation, for a
   * reopen at the same place: held as one the open-ahead made (one at most, let go on the same terms),
   * and let go at once when the document is no longer held or asked for a password.
   */
  keepAhead(url: string, version: string, prepared: P): void {
    const entry = this.entries.get(keyOf(url, version))
    if (!entry || entry.protected || entry.failed) {
      this.options.discard?.(prepared)
      return
    }
    this.dropAhead()
    this.ahead = { key: entry.key, prepared: { result: Promise.resolve(prepared), settled: prepared } }
  }

  /**
   * Opens `url` ahead once it has been asked for `openAheadMs` without a newer request: a selection
   * that stays (not one passed over with the arrow keys) starts loading before the click on Read.
   * `prepare` then gets the loaded document (to draw its opening page ahead), unless a reader has it
   * open already or it asked for a password; its result waits for `takeAhead`. A request for
   * another document drops what was prepared for the last one at once. Settles once the document
   * has loaded and what was asked prepared, or at once when a newer request replaces this one: then
   * the worker is free for other work ahead (the reader's warm-up), which must not delay this.
   */
  openAhead(
    url: string,
    version: string,
    prepare?: (doc: D, signal: AbortSignal) => Promise<P | null>,
  ): Promise<void> {
    if (this.waiting) {
      this.clock.clearTimeout(this.waiting.timer)
      this.waiting.settle()
    }
    if (this.ahead?.key !== keyOf(url, version)) this.dropAhead()
    return new Promise<void>((settle) => {
      const timer = this.clock.setTimeout(() => {
        this.waiting = null
        const entry = this.entry(url, version)
        if (entry.users === 0 && entry.expiry === null) this.idle(entry)
        // Asked again for the same document (its opening page or zoom changed): prepared afresh.
        this.dropAhead()
        if (!prepare || entry.users > 0) {
          entry.task.promise.then(
            () => settle(),
            () => settle(),
          )
          return
        }
        const controller = new AbortController()
        const result = entry.task.promise
          .then((doc) =>
            controller.signal.aborted || entry.protected ? null : prepare(doc, controller.signal),
          )
          // A failed load is the reader's to report, when it opens the document itself.
          .catch(() => null)
        const prepared = { result, settled: undefined as P | null | undefined }
        void result.then((value) => {
          prepared.settled = value
          settle()
        })
        this.ahead = { key: entry.key, controller, prepared }
      }, this.openAheadMs)
      this.waiting = { timer, settle }
    })
  }

  /** Keys of the documents held, loading or loaded (for tests and diagnostics). */
  held(): string[] {
    return [...this.entries.keys()]
  }

  private entry(url: string, version: string): Entry<D> {
    const key = keyOf(url, version)
    const known = this.entries.get(key)
    if (known && !known.failed) return known
    if (known) this.evict(known)
    const task = this.options.load(url)
    const entry: Entry<D> = {
      key,
      task,
      users: 0,
      protected: false,
      asking: null,
      ask: null,
      listen: null,
      failed: false,
      loaded: null,
      expiry: null,
      idleSince: 0,
    }
    task.listen(
      (answer, reason) => {
        entry.protected = true
        if (entry.ask) entry.ask(answer, reason)
        // Held until a reader asks: nothing secret is kept, only the question.
        else entry.asking = { answer, reason }
      },
      (progress) => entry.listen?.(progress),
    )
    // A failed load is not kept: the next open tries again (the file may have been fetched since).
    task.promise.then(
      (doc) => (entry.loaded = doc),
      () => {
        entry.failed = true
        if (entry.users === 0) this.evict(entry)
      },
    )
    this.entries.set(key, entry)
    return entry
  }

  private idle(entry: Entry<D>): void {
    // Unlocked with a password: the decrypted document goes with its last reader.
    if (entry.failed || (entry.protected && entry.asking === null)) {
      this.evict(entry)
      return
    }
    entry.idleSince = ++this.idleCount
    entry.expiry = this.clock.setTimeout(() => this.evict(entry), this.idleMs)
    const idle = [...this.entries.values()].filter((e) => e.users === 0 && e.expiry !== null)
    idle.sort((a, b) => a.idleSince - b.idleSince)
    for (const old of idle.slice(0, Math.max(0, idle.length - this.maxIdle))) this.evict(old)
  }

  private stopExpiry(entry: Entry<D>): void {
    if (entry.expiry === null) return
    this.clock.clearTimeout(entry.expiry)
    entry.expiry = null
  }

  /** Cancels the open-ahead's preparation and lets go of what it made. */
  private dropAhead(): void {
    const ahead = this.ahead
    if (!ahead) return
    this.ahead = null
    ahead.controller?.abort()
    const discard = this.options.discard
    void ahead.prepared.result.then((prepared) => prepared !== null && discard?.(prepared))
  }

  private evict(entry: Entry<D>): void {
    if (this.ahead?.key === entry.key) this.dropAhead()
    this.stopExpiry(entry)
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key)
    void entry.task.destroy().catch(() => undefined)
  }
}

function keyOf(url: string, version: string): string {
  return `${version}\n${url}`
}
