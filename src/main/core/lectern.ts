import { randomUUID } from 'node:crypto'
import { EventBus } from './events'
import { ListService, type ServiceDeps } from './library/listService'
import { PaperService } from './library/paperService'
import { SettingsService } from './library/settingsService'
import { LibraryStore } from './store/libraryStore'

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

  private constructor(
    readonly dataDir: string,
    readonly store: LibraryStore,
    deps: ServiceDeps,
  ) {
    this.events = deps.events
    this.lists = new ListService(deps)
    this.papers = new PaperService(deps, this.lists)
    this.settings = new SettingsService(deps)
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

  /** Waits for queued writes; the process may exit after this. */
  async close(): Promise<void> {
    await this.store.flush()
  }
}
