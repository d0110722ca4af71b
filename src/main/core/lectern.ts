import { randomUUID } from 'node:crypto'
import { DigestImporter } from './digests/digestImporter'
import { DigestWatcher } from './digests/digestWatcher'
import { EventBus } from './events'
import { ListService, type ServiceDeps } from './library/listService'
import { PaperService } from './library/paperService'
import { SettingsService } from './library/settingsService'
import { LibraryStore } from './store/libraryStore'
import { TaskTracker } from './tasks'

export interface LecternOptions {
  dataDir: string
  now?: () => Date
  newId?: () => string
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
  readonly digests: DigestImporter
  readonly tasks: TaskTracker
  private watcher: DigestWatcher | null = null

  private constructor(
    readonly dataDir: string,
    readonly store: LibraryStore,
    deps: ServiceDeps,
  ) {
    this.events = deps.events
    this.lists = new ListService(deps)
    this.papers = new PaperService(deps, this.lists)
    this.settings = new SettingsService(deps)
    this.digests = new DigestImporter(deps)
    this.tasks = new TaskTracker(deps.events)
  }

  static async open(options: LecternOptions): Promise<Lectern> {
    const store = await LibraryStore.open(options.dataDir)
    const deps: ServiceDeps = {
      store,
      events: new EventBus(),
      now: options.now ?? (() => new Date()),
      newId: options.newId ?? randomUUID,
    }
    return new Lectern(options.dataDir, store, deps)
  }

  /**
   * Background work of a running app (not of one-shot CLI commands): the watched digest folder,
   * following the setting as it changes.
   */
  startBackgroundWork(onError: (message: string) => void): void {
    this.watcher = new DigestWatcher({
      importer: this.digests,
      onImported: (report) => this.events.emit('import:finished', { source: 'watch', report }),
      onError,
    })
    const follow = () => void this.watcher?.watch(this.settings.get().watchFolder)
    follow()
    this.events.subscribe((event) => {
      if (event.name === 'library:changed' && event.data.what.includes('settings')) follow()
    })
  }

  /** Waits for queued writes; the process may exit after this. */
  async close(): Promise<void> {
    this.watcher?.stop()
    await this.store.flush()
  }
}
