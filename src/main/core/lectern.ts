import type { WatchLogEntry } from '../../shared/api'
import { LecternError } from '../../shared/errors'
import { DEFAULT_SETTINGS } from '../../shared/domain'
import type { ArxivBaseSource } from './arxiv/arxivBase'
import { EventBus } from './events'
import { randomUUID } from './lazyCrypto'
import type { Background, FullServices } from './fullServices'
import { ListService, type ServiceDeps } from './library/listService'
import { AnnotationService } from './library/annotationService'
import { ChangeFeed } from './library/changeFeed'
import { CiteKeyService } from './library/citeKeyService'
import { NoteService } from './library/noteService'
import { PaperService } from './library/paperService'
import { SettingsService } from './library/settingsService'
import { makePrivateDir } from './store/accessModes'
import { DataDirLock } from './store/dataDirLock'
import { LibraryStore } from './store/libraryStore'
import { TaskTracker } from './tasks'
import type { ServiceKeyValues } from './published/serviceKeys'
import type { SecretBox } from './sync/secretBox'

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
  /**
   * `library`: only the store and the library's own services (papers, lists, notes, annotations,
   * settings, citation keys), for the CLI's commands that only read those. The rest (search, PDFs,
   * full text, sync, export, recommendations, digests, outside sources) is then never loaded, which
   * was most of such a command's start-up; using it throws. Default `full`.
   */
  services?: 'full' | 'library'
}

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
  readonly annotations: AnnotationService
  /** Turns each store commit into one `library:changed` event. */
  readonly changes: ChangeFeed
  readonly tasks: TaskTracker
  readonly citeKeys: CiteKeyService
  /** The backup snapshot taken after a clean open (copies what changed since the last one). */
  readonly backedUp: Promise<void>
  /** Null when opened for the library alone (`services: 'library'`). */
  private full: FullServices | null = null
  private background: Background | null = null

  private constructor(
    readonly dataDir: string,
    readonly store: LibraryStore,
    deps: ServiceDeps,
    private readonly options: LecternOptions,
    /** Null when the library was opened read-only (its folder cannot be written). */
    readonly lock: DataDirLock | null,
  ) {
    this.events = deps.events
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
    this.annotations = new AnnotationService(deps)
    this.changes = new ChangeFeed({ ...deps, papers: this.papers, lists: this.lists })
    this.tasks = new TaskTracker(deps.events)
    this.citeKeys = new CiteKeyService(deps)
  }

  static async open(options: LecternOptions): Promise<Lectern> {
    const lock = await acquireLock(options)
    let store: LibraryStore
    // Loaded beside the store's open: neither waits for the other.
    const fullModule = options.services === 'library' ? null : import('./fullServices')
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
    if (fullModule) {
      const { createFullServices } = await fullModule
      lectern.full = createFullServices({
        dataDir: options.dataDir,
        deps,
        options,
        lists: lectern.lists,
        papers: lectern.papers,
        settings: lectern.settings,
        tasks: lectern.tasks,
        events: lectern.events,
        arxivBase: () => lectern.arxivBase().url,
      })
      // Only the holder of the lock writes pdfs/, so no other process's download is cut short here.
      await lectern.pdfs.removeInterrupted().catch((error: unknown) => {
        console.error(
          `lectern: could not remove interrupted downloads from pdfs/: ${(error as Error).message}`,
        )
      })
    }
    return lectern
  }

  /** The services beyond the library layer; a Lectern opened for the library alone has none. */
  private services(): FullServices {
    if (this.full) return this.full
    throw new LecternError('unsupported', 'This Lectern was opened for reading the library only')
  }

  get search(): FullServices['search'] {
    return this.services().search
  }
  get pdfs(): FullServices['pdfs'] {
    return this.services().pdfs
  }
  get exports(): FullServices['exports'] {
    return this.services().exports
  }
  get recommendations(): FullServices['recommendations'] {
    return this.services().recommendations
  }
  get digests(): FullServices['digests'] {
    return this.services().digests
  }
  get metadata(): FullServices['metadata'] {
    return this.services().metadata
  }
  get dailyPapers(): FullServices['dailyPapers'] {
    return this.services().dailyPapers
  }
  get fetchedDays(): FullServices['fetchedDays'] {
    return this.services().fetchedDays
  }
  get published(): FullServices['published'] {
    return this.services().published
  }
  get serviceKeys(): FullServices['serviceKeys'] {
    return this.services().serviceKeys
  }
  /** Sync with a Couch server while the app runs (Settings › Sync). */
  get sync(): FullServices['sync'] {
    return this.services().sync
  }
  /** The text of the PDFs, read in the background for search. */
  get fullText(): FullServices['fullText'] {
    return this.services().fullText
  }

  /**
   * Background work of a running app (not of one-shot CLI commands): the search index, the watched
   * digest folder (following the setting as it changes), metadata and Daily Papers fetches, sync.
   */
  startBackgroundWork(onError: (message: string) => void): void {
    this.background = this.services().startBackgroundWork(onError)
    // Every paper gets its citation key once, as it arrives (derived from the store's commits).
    const giveKeys = () =>
      void this.citeKeys
        .assignMissing()
        .catch((error: unknown) => onError(`citation keys: ${(error as Error).message}`))
    giveKeys()
    this.store.onCommit((change) => {
      if (this.citeKeys.anyMissing(change.papers)) giveKeys()
    })
  }

  /** What the watched folder imported or turned away lately, newest first (none before background work starts). */
  watchLog(): WatchLogEntry[] {
    return this.background?.watcher.log() ?? []
  }

  /** The machine woke from sleep: the daily auto-fetch looks for missed days now. */
  resumed(): void {
    this.background?.resumed()
  }

  /** The arXiv address in effect and where it comes from: this run's flag or environment, else the setting. */
  arxivBase(): { url: string; source: ArxivBaseSource } {
    if (this.options.arxivBaseUrl)
      return { url: this.options.arxivBaseUrl, source: this.options.arxivBaseSource ?? 'flag' }
    const url = this.settings.get().arxivBaseUrl
    return { url, source: url === DEFAULT_SETTINGS.arxivBaseUrl ? 'default' : 'setting' }
  }

  /** Loads or builds the search index (queries scan the library until it is ready). */
  startSearch(): Promise<void> {
    return this.services().startSearch()
  }

  /** Waits for queued writes; the process may exit after this. */
  async close(): Promise<void> {
    const full = this.full
    await full?.sync.close()
    this.background?.stop()
    if (full) {
      await full.search.close()
      await full.fullText.close()
    }
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
