import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { WatchLogEntry } from '../../shared/api'
import { LecternError } from '../../shared/errors'
import { DEFAULT_SETTINGS } from '../../shared/domain'
import { APP_VERSION } from './appVersion'
import type { ArxivBaseSource } from './arxiv/arxivBase'
import { ArxivClient, systemClock } from './arxiv'
import { MetadataQueue } from './arxiv/metadataQueue'
import { MetadataService } from './arxiv/metadataService'
import { DigestImporter } from './digests/digestImporter'
import { DigestWatcher } from './digests/digestWatcher'
import { EventBus } from './events'
import { collectGarbage } from './memory'
import { ListService, type ServiceDeps } from './library/listService'
import { AnnotationService } from './library/annotationService'
import { ChangeFeed } from './library/changeFeed'
import { CiteKeyService } from './library/citeKeyService'
import { ExportService } from './library/exportService'
import { NoteService } from './library/noteService'
import { RecommendService } from './library/recommendService'
import { PaperService } from './library/paperService'
import { SettingsService } from './library/settingsService'
import { PdfCache } from './pdf/pdfCache'
import { PdfService } from './pdf/pdfService'
import { FullTextService } from './fulltext/fullTextService'
import { PdfTextStore } from './fulltext/pdfTextStore'
import { PageIndex } from './search/pageIndex'
import { SearchService } from './search/searchService'
import { makePrivateDir } from './store/accessModes'
import { DataDirLock } from './store/dataDirLock'
import { LibraryStore } from './store/libraryStore'
import { TaskTracker } from './tasks'
import { DailyFetchScheduler } from './huggingface/dailyFetchScheduler'
import { DailyPapersClient } from './huggingface/dailyPapersClient'
import { DailyPapersService } from './huggingface/dailyPapersService'
import { FetchedDays } from './huggingface/fetchedDays'
import { checkPublishedAsTask } from './published/checkPublishedTask'
import { JsonService } from './published/jsonService'
import { PublicationService } from './published/publicationService'
import { ServiceKeys, type ServiceKeyValues } from './published/serviceKeys'
import { AppSync } from './sync/appSync'
import { fileModeBox, type SecretBox } from './sync/secretBox'

export interface LecternOptions {
  dataDir: string
  /**
   * Who holds the data dir while this Lectern is open (one writer per data dir). `readOnlyIfUnwritable`
   * (commands that only read): a data dir that cannot be written is opened read-only, without a lock.
   */
  lock: { kind: 'app' | 'cli'; waitMs?: number; readOnlyIfUnwritable?: boolean }
  /** arXiv API base URL for this run (`--arxiv-base`, `LECTERN_ARXIV_BASE`), over the setting. */
  arxivBaseUrl?: string
  /** Hugging Face base URL for this run (`--hf-base`, `LECTERN_HF_BASE`), over the setting. */
  hfBaseUrl?: string
  /** OpenAlex, Semantic Scholar and DBLP base URLs for this run (flags, environment), over the settings. */
  openAlexBaseUrl?: string
  semanticScholarBaseUrl?: string
  dblpBaseUrl?: string
  /** API keys for this run (the environment), over the keys file. */
  serviceKeys?: Partial<ServiceKeyValues>
  /** Who chose `arxivBaseUrl` (default: the flag), for Settings to say. */
  arxivBaseSource?: 'flag' | 'environment'
  now?: () => Date
  newId?: () => string
  fetch?: typeof globalThis.fetch
  /** Clock for arXiv and Hugging Face request spacing, rate-limit waits and backoff. */
  clock?: { now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void> }
  /** Seals the sync login on disk: the desktop app's keychain; by default a 0600 file alone. */
  secretBox?: SecretBox
  /**
   * Take the backup snapshot after the open (default true). A command that only reads changes no
   * file, so what it would copy is what the last writer's open already did or the next one will;
   * statting every file twice would be most of its start-up.
   */
  backup?: boolean
  /**
   * Check the text files at open (default true; see LibraryStore.open). A command that reads no
   * paper's text (`papers`, `lists`) skips it: it was most of what such a command did.
   */
  checkTexts?: boolean
}

export const USER_AGENT = `Lectern/${APP_VERSION} (local-first research notebook)`

/**
 * The composition root of the core: one store and the services over it. The Electron shell, the
 * browser-mode server, the CLI and the tests all start Lectern through this.
 */
export class Lectern {
  readonly events: EventBus
  readonly lists: ListService
  readonly papers: PaperService
  readonly settings: SettingsService
  readonly notes: NoteService
  readonly search: SearchService
  readonly annotations: AnnotationService
  readonly pdfs: PdfService
  readonly exports: ExportService
  readonly recommendations: RecommendService
  /** Turns each store commit into one `library:changed` event. */
  readonly changes: ChangeFeed
  readonly digests: DigestImporter
  readonly tasks: TaskTracker
  readonly metadata: MetadataService
  readonly dailyPapers: DailyPapersService
  readonly fetchedDays: FetchedDays
  readonly published: PublicationService
  readonly citeKeys: CiteKeyService
  readonly serviceKeys: ServiceKeys
  /** Sync with a Couch server while the app runs (Settings › Sync). */
  readonly sync: AppSync
  /** The text of the PDFs, read in the background for search. */
  readonly fullText: FullTextService
  private dailyFetch: DailyFetchScheduler | null = null
  private watcher: DigestWatcher | null = null
  private readonly now: () => Date
  /** The backup snapshot taken after a clean open (copies what changed since the last one). */
  readonly backedUp: Promise<void>
  private metadataQueue: MetadataQueue | null = null

  private constructor(
    readonly dataDir: string,
    readonly store: LibraryStore,
    deps: ServiceDeps,
    private readonly options: LecternOptions,
    /** Null when the library was opened read-only (its folder cannot be written). */
    readonly lock: DataDirLock | null,
  ) {
    this.events = deps.events
    this.now = deps.now
    this.backedUp =
      options.backup === false
        ? Promise.resolve()
        : store.snapshot(deps.now().toISOString().slice(0, 10)).catch((error: unknown) => {
            console.error(`lectern: backup snapshot failed: ${(error as Error).message}`)
          })
    this.lists = new ListService(deps)
    this.papers = new PaperService(deps, this.lists)
    this.settings = new SettingsService(deps)
    this.notes = new NoteService(deps)
    const pdfTexts = new PdfTextStore(dataDir)
    const pageIndex = new PageIndex({
      file: join(dataDir, 'page-index.bin'),
      page: (sha256, page) => pdfTexts.readPage(sha256, page),
      papersOf: (sha256) => this.fullText.papersOf(sha256),
      log: (line) => console.error(`lectern: ${line}`),
    })
    this.search = new SearchService(deps, this.papers, pageIndex)
    this.annotations = new AnnotationService(deps)
    this.exports = new ExportService(deps, this.lists)
    this.recommendations = new RecommendService(deps, this.papers)
    this.changes = new ChangeFeed({ ...deps, papers: this.papers, lists: this.lists })
    const arxivBase = () => this.arxivBase().url
    const cache = new PdfCache({
      dir: join(dataDir, 'pdfs'),
      fetch: options.fetch ?? globalThis.fetch,
      userAgent: USER_AGENT,
    })
    this.pdfs = new PdfService(deps, cache, arxivBase, (attachment) =>
      this.fullText.indexFile(attachment.sha256),
    )
    this.digests = new DigestImporter(deps)
    this.tasks = new TaskTracker(deps.events)
    this.fullText = new FullTextService({
      store,
      texts: pdfTexts,
      pages: pageIndex,
      pathOf: (sha256) => cache.pathOf(sha256),
      tasks: this.tasks,
      now: deps.now,
      onError: (message) => console.error(`lectern: ${message}`),
    })
    this.metadata = new MetadataService(deps, arxivClientFor(options, arxivBase))
    this.fetchedDays = new FetchedDays(dataDir, (problem) => console.error(`lectern: ${problem}`))
    this.dailyPapers = new DailyPapersService({
      importer: this.digests,
      client: clientPerBase(
        () => options.hfBaseUrl ?? this.settings.get().hfBaseUrl,
        (baseUrl) => new DailyPapersClient(clientOptions(options, baseUrl)),
      ),
      days: this.fetchedDays,
      now: deps.now,
    })
    this.citeKeys = new CiteKeyService(deps)
    this.serviceKeys = new ServiceKeys(dataDir, options.serviceKeys ?? {})
    // Each service's polite pace: OpenAlex allows 10 requests a second, Semantic Scholar one a second
    // with a key, DBLP asks for no bursts.
    const service = (name: string, minIntervalMs: number, base: () => string) =>
      clientPerBase(
        base,
        (baseUrl) => new JsonService({ ...clientOptions(options, baseUrl), name, minIntervalMs }),
      )
    this.published = new PublicationService(deps, {
      openAlex: service(
        'OpenAlex',
        150,
        () => options.openAlexBaseUrl ?? this.settings.get().openAlexBaseUrl,
      ),
      semanticScholar: service(
        'Semantic Scholar',
        1100,
        () => options.semanticScholarBaseUrl ?? this.settings.get().semanticScholarBaseUrl,
      ),
      dblp: service('DBLP', 1000, () => options.dblpBaseUrl ?? this.settings.get().dblpBaseUrl),
      keys: () => this.serviceKeys.get(),
    })
    this.sync = new AppSync({
      store,
      dataDir,
      box: options.secretBox ?? fileModeBox,
      pdfFiles: cache,
      now: deps.now,
      sleep: (options.clock ?? systemClock).sleep,
      onChanged: (state) => this.events.emit('sync:changed', { state }),
      onError: (message) => console.error(`lectern: ${message}`),
      fetch: options.fetch ?? globalThis.fetch,
    })
  }

  static async open(options: LecternOptions): Promise<Lectern> {
    const lock = await acquireLock(options)
    let store: LibraryStore
    try {
      store = await LibraryStore.open(options.dataDir, {
        ...(options.now ? { now: options.now } : {}),
        readOnly: lock === null,
        checkTexts: options.checkTexts ?? true,
      })
    } catch (error) {
      await lock?.release()
      throw error
    }
    const deps: ServiceDeps = {
      store,
      events: new EventBus(),
      now: options.now ?? (() => new Date()),
      newId: options.newId ?? randomUUID,
    }
    const lectern = new Lectern(options.dataDir, store, deps, options, lock)
    // Only the holder of the lock writes pdfs/, so no other process's download is cut short here.
    await lectern.pdfs.removeInterrupted().catch((error: unknown) => {
      console.error(`lectern: could not remove interrupted downloads from pdfs/: ${(error as Error).message}`)
    })
    return lectern
  }

  /**
   * Background work of a running app (not of one-shot CLI commands): the watched digest folder,
   * following the setting as it changes.
   */
  startBackgroundWork(onError: (message: string) => void): void {
    this.startSearch()
      .then(() => this.fullText.start())
      .catch((error: unknown) => onError(`search index: ${(error as Error).message}`))
    this.watcher = new DigestWatcher({
      importer: this.digests,
      onImported: (report) => this.events.emit('import:finished', { source: 'watch', report }),
      onError,
      now: this.now,
    })
    this.metadataQueue = new MetadataQueue({
      service: this.metadata,
      tasks: this.tasks,
      enabled: () => this.settings.get().autoFetchMetadata,
      onError,
      afterFetch: (report) => {
        if (!this.settings.get().autoCheckPublished || report.fetched.length === 0) return
        checkPublishedAsTask(this.tasks, this.published, report.fetched).catch((error: unknown) =>
          onError(`published versions: ${(error as Error).message}`),
        )
      },
    })
    this.dailyFetch = new DailyFetchScheduler({
      service: this.dailyPapers,
      days: this.fetchedDays,
      tasks: this.tasks,
      enabled: () => this.settings.get().hfAutoFetch,
      now: () => new Date(),
      onError,
    })
    this.sync.start().catch((error: unknown) => onError(`sync: ${(error as Error).message}`))
    const follow = () => void this.watcher?.watch(this.settings.get().watchFolder)
    // Every paper gets its citation key once, as it arrives (derived from the store's commits).
    const giveKeys = () =>
      void this.citeKeys
        .assignMissing()
        .catch((error: unknown) => onError(`citation keys: ${(error as Error).message}`))
    giveKeys()
    this.store.onCommit((change) => {
      if (this.citeKeys.anyMissing(change.papers)) giveKeys()
    })
    follow()
    this.metadataQueue.poke()
    this.dailyFetch.poke()
    this.events.subscribe((event) => {
      if (event.name !== 'library:changed') return
      if (event.data.settings) follow()
      if (event.data.settings) this.dailyFetch?.poke()
      if (event.data.digests || event.data.settings) this.metadataQueue?.poke()
    })
  }

  /** What the watched folder imported or turned away lately, newest first (none before background work starts). */
  watchLog(): WatchLogEntry[] {
    return this.watcher?.log() ?? []
  }

  /** The machine woke from sleep: the daily auto-fetch looks for missed days now. */
  resumed(): void {
    this.dailyFetch?.poke()
  }

  /** The arXiv address in effect and where it comes from: this run's flag or environment, else the setting. */
  arxivBase(): { url: string; source: ArxivBaseSource } {
    if (this.options.arxivBaseUrl)
      return { url: this.options.arxivBaseUrl, source: this.options.arxivBaseSource ?? 'flag' }
    const url = this.settings.get().arxivBaseUrl
    return { url, source: url === DEFAULT_SETTINGS.arxivBaseUrl ? 'default' : 'setting' }
  }

  /** Loads or builds the search index, then lets go of what start-up parsed and dropped. */
  async startSearch(): Promise<void> {
    await this.search.start()
    collectGarbage()
  }

  /** Waits for queued writes; the process may exit after this. */
  async close(): Promise<void> {
    await this.sync.close()
    this.watcher?.stop()
    this.metadataQueue?.stop()
    this.dailyFetch?.stop()
    await this.search.whenReady()
    await this.search.flush()
    await this.fullText.close()
    // After full text's own close, which wakes a paused reading: nothing writes once the lock is let go.
    await this.tasks.stopAll()
    await this.citeKeys.stop()
    await this.backedUp
    await this.lock?.release()
    await this.store.flush()
  }
}

/** The data dir's lock, or null when a read-only open was allowed and the folder cannot be written. */
async function acquireLock(options: LecternOptions): Promise<DataDirLock | null> {
  const unwritable = (error: unknown) =>
    ['EACCES', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')
  try {
    await makePrivateDir(options.dataDir)
    return await DataDirLock.acquire(options.dataDir, options.lock.kind, {
      waitMs: options.lock.waitMs ?? 0,
    })
  } catch (error) {
    if (!unwritable(error)) throw error
    if (options.lock.readOnlyIfUnwritable) return null
    throw new LecternError(
      'store-read-only',
      `${options.dataDir} cannot be written (${(error as Error).message}); only reading works on it (papers, search, lists, export, doctor)`,
    )
  }
}

/** One client per base URL for the whole process, so arXiv's request spacing holds app-wide. */
function arxivClientFor(options: LecternOptions, base: () => string): () => ArxivClient {
  return clientPerBase(base, (baseUrl) => new ArxivClient(clientOptions(options, baseUrl)))
}

/** What every outside service's client gets: its base URL, this run's fetch and clock, our User-Agent. */
function clientOptions(options: LecternOptions, baseUrl: string) {
  const clock = options.clock ?? systemClock
  return {
    baseUrl,
    fetch: options.fetch ?? globalThis.fetch,
    now: clock.now,
    sleep: clock.sleep,
    userAgent: USER_AGENT,
  }
}

/** The same client while the base URL stays the same, a new one when the setting changes. */
function clientPerBase<T>(base: () => string, make: (baseUrl: string) => T): () => T {
  let current: { baseUrl: string; client: T } | null = null
  return () => {
    const baseUrl = base()
    if (current?.baseUrl !== baseUrl) current = { baseUrl, client: make(baseUrl) }
    return current.client
  }
}
