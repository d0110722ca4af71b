import { join } from 'node:path'
import { ArxivClient, systemClock } from './arxiv'
import { USER_AGENT } from './appVersion'
import { MetadataQueue } from './arxiv/metadataQueue'
import { MetadataService } from './arxiv/metadataService'
import { DigestImporter } from './digests/digestImporter'
import { DigestWatcher } from './digests/digestWatcher'
import type { EventBus } from './events'
import { FullTextService } from './fulltext/fullTextService'
import { PdfTextStore } from './fulltext/pdfTextStore'
import { DailyFetchScheduler } from './huggingface/dailyFetchScheduler'
import { DailyPapersClient } from './huggingface/dailyPapersClient'
import { DailyPapersService } from './huggingface/dailyPapersService'
import { FetchedDays } from './huggingface/fetchedDays'
import { ExportService } from './library/exportService'
import type { ListService, ServiceDeps } from './library/listService'
import type { PaperService } from './library/paperService'
import { RecommendService } from './library/recommendService'
import type { SettingsService } from './library/settingsService'
import type { LecternOptions } from './lectern'
import { PdfCache } from './pdf/pdfCache'
import { PdfService } from './pdf/pdfService'
import { checkPublishedAsTask } from './published/checkPublishedTask'
import { JsonService } from './published/jsonService'
import { PublicationService } from './published/publicationService'
import { ServiceKeys } from './published/serviceKeys'
import { PageIndex } from './search/pageIndex'
import { SearchService } from './search/searchService'
import type { TaskTracker } from './tasks'
import { AppSync } from './sync/appSync'
import { fileModeBox } from './sync/secretBox'

/** What the full services are built on: the library layer Lectern opens first. */
export interface LibraryLayer {
  dataDir: string
  deps: ServiceDeps
  options: LecternOptions
  lists: ListService
  papers: PaperService
  settings: SettingsService
  tasks: TaskTracker
  events: EventBus
  /** The arXiv base URL in effect (this run's flag or environment, else the setting). */
  arxivBase: () => string
}

/**
 * The services beyond the library layer: search, PDFs and their text, sync, export and citations,
 * recommendations, digests and the outside sources. Lectern loads this module by `import()` unless it
 * is opened for the library alone, so that a command that only lists papers compiles none of it.
 */
export type FullServices = ReturnType<typeof createFullServices>

export function createFullServices(layer: LibraryLayer) {
  const { dataDir, deps, options, lists, papers, settings, tasks, events } = layer
  const { store } = deps
  const pdfTexts = new PdfTextStore(dataDir)
  const pageIndex = new PageIndex({
    file: join(dataDir, 'page-index.bin'),
    page: (sha256, page) => pdfTexts.readPage(sha256, page),
    papersOf: (sha256) => fullText.papersOf(sha256),
    log: (line) => console.error(`lectern: ${line}`),
  })
  const search = new SearchService(deps, papers, pageIndex)
  const cache = new PdfCache({
    dir: join(dataDir, 'pdfs'),
    fetch: options.fetch ?? globalThis.fetch,
    userAgent: USER_AGENT,
  })
  const pdfs = new PdfService(deps, cache, layer.arxivBase, (attachment) =>
    fullText.indexFile(attachment.sha256),
  )
  const digests = new DigestImporter(deps)
  const fullText: FullTextService = new FullTextService({
    store,
    texts: pdfTexts,
    pages: pageIndex,
    pathOf: (sha256) => cache.pathOf(sha256),
    tasks,
    now: deps.now,
    onError: (message) => console.error(`lectern: ${message}`),
  })
  const metadata = new MetadataService(
    deps,
    clientPerBase(layer.arxivBase, (baseUrl) => new ArxivClient(clientOptions(options, baseUrl))),
  )
  const fetchedDays = new FetchedDays(dataDir, (problem) => console.error(`lectern: ${problem}`))
  const dailyPapers = new DailyPapersService({
    importer: digests,
    client: clientPerBase(
      () => options.hfBaseUrl ?? settings.get().hfBaseUrl,
      (baseUrl) => new DailyPapersClient(clientOptions(options, baseUrl)),
    ),
    days: fetchedDays,
    now: deps.now,
  })
  const serviceKeys = new ServiceKeys(dataDir, options.serviceKeys ?? {})
  // Each service's polite pace: OpenAlex allows 10 requests a second, Semantic Scholar one a second
  // with a key, DBLP asks for no bursts.
  const service = (name: string, minIntervalMs: number, base: () => string) =>
    clientPerBase(
      base,
      (baseUrl) => new JsonService({ ...clientOptions(options, baseUrl), name, minIntervalMs }),
    )
  const published = new PublicationService(deps, {
    openAlex: service('OpenAlex', 150, () => options.openAlexBaseUrl ?? settings.get().openAlexBaseUrl),
    semanticScholar: service(
      'Semantic Scholar',
      1100,
      () => options.semanticScholarBaseUrl ?? settings.get().semanticScholarBaseUrl,
    ),
    dblp: service('DBLP', 1000, () => options.dblpBaseUrl ?? settings.get().dblpBaseUrl),
    keys: () => serviceKeys.get(),
  })
  const sync = new AppSync({
    store,
    dataDir,
    box: options.secretBox ?? fileModeBox,
    pdfFiles: cache,
    now: deps.now,
    sleep: (options.clock ?? systemClock).sleep,
    onChanged: (state) => events.emit('sync:changed', { state }),
    onError: (message) => console.error(`lectern: ${message}`),
    fetch: options.fetch ?? globalThis.fetch,
  })
  return {
    search,
    pdfs,
    exports: new ExportService(deps, lists),
    recommendations: new RecommendService(deps, papers),
    digests,
    fullText,
    metadata,
    fetchedDays,
    dailyPapers,
    serviceKeys,
    published,
    sync,
    /**
     * Loads or builds the search index. No full GC is forced after it: V8's own collections during
     * the open already let go of what it parsed (at 50,000 papers a forced one freed about 7 MB of
     * heap and held the event loop 110–380 ms).
     */
    startSearch(): Promise<void> {
      return search.start()
    },
    /** The running app's background work; returns what stops it. */
    startBackgroundWork(onError: (message: string) => void): Background {
      return startBackground(this, layer, onError)
    },
  }
}

/** What runs in the background of an app: the watched folder, metadata and Daily Papers fetches. */
export interface Background {
  watcher: DigestWatcher
  /** The machine woke from sleep: the daily auto-fetch looks for missed days now. */
  resumed(): void
  stop(): void
}

function startBackground(
  full: FullServices,
  layer: LibraryLayer,
  onError: (message: string) => void,
): Background {
  const { settings, tasks, events } = layer
  full
    .startSearch()
    .then(() => full.fullText.start())
    .catch((error: unknown) => onError(`search index: ${(error as Error).message}`))
  const watcher = new DigestWatcher({
    importer: full.digests,
    onImported: (report) => events.emit('import:finished', { source: 'watch', report }),
    onError,
    now: layer.deps.now,
  })
  const metadataQueue = new MetadataQueue({
    service: full.metadata,
    tasks,
    enabled: () => settings.get().autoFetchMetadata,
    onError,
    afterFetch: (report) => {
      if (!settings.get().autoCheckPublished || report.fetched.length === 0) return
      checkPublishedAsTask(tasks, full.published, report.fetched).catch((error: unknown) =>
        onError(`published versions: ${(error as Error).message}`),
      )
    },
  })
  const dailyFetch = new DailyFetchScheduler({
    service: full.dailyPapers,
    days: full.fetchedDays,
    tasks,
    enabled: () => settings.get().hfAutoFetch,
    now: () => new Date(),
    onError,
  })
  full.sync.start().catch((error: unknown) => onError(`sync: ${(error as Error).message}`))
  const follow = () => void watcher.watch(settings.get().watchFolder)
  follow()
  metadataQueue.poke()
  dailyFetch.poke()
  events.subscribe((event) => {
    if (event.name !== 'library:changed') return
    if (event.data.settings) follow()
    if (event.data.settings) dailyFetch.poke()
    if (event.data.digests || event.data.settings) metadataQueue.poke()
  })
  return {
    watcher,
    resumed: () => dailyFetch.poke(),
    stop() {
      watcher.stop()
      metadataQueue.stop()
      dailyFetch.stop()
    },
  }
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
