import type { LibraryChange, ListDelta } from '../../../shared/api'
import type { ReadingList } from '../../../shared/domain'
import type { EventBus } from '../events'
import type { LibraryStore, StoreChange } from '../store/libraryStore'
import { isLive } from './entity'
import type { ListService } from './listService'
import type { PaperService } from './paperService'

/**
 * The one place change events come from: every durable store commit becomes one `library:changed`
 * event carrying the new list rows of what it touched, so that no service announces changes by hand
 * (and none can forget to) and the screen patches rows instead of reloading 50,000 of them.
 */
export class ChangeFeed {
  private seq = 0
  /** Each list as last seen (entities are replaced, never mutated): what a list commit changed. */
  private readonly lists = new Map<string, ReadingList>()
  private readonly stop: () => void

  constructor(
    private readonly deps: {
      store: LibraryStore
      events: EventBus
      papers: PaperService
      lists: ListService
    },
  ) {
    for (const list of deps.store.allLists()) this.lists.set(list.id, list)
    this.stop = deps.store.onCommit((change) => {
      const event = this.describe(change)
      deps.events.emit('library:changed', event)
    })
  }

  close(): void {
    this.stop()
  }

  /** The event for one commit; also moves the feed's memory of lists forward. */
  describe(change: StoreChange): LibraryChange {
    const { store } = this.deps
    const event: LibraryChange = { seq: ++this.seq }
    const touched = new Set<string>([...change.papers, ...change.notes])
    if (change.lists) {
      const rows: ListDelta[] = []
      const removed: string[] = []
      for (const list of store.allLists()) {
        const before = this.lists.get(list.id)
        if (before === list) continue
        this.lists.set(list.id, list)
        // Papers that entered or left the list: their rows' `listIds` changed.
        const was = new Set(isLive(before) ? before.paperIds : [])
        const now = new Set(isLive(list) ? list.paperIds : [])
        for (const id of was) if (!now.has(id)) touched.add(id)
        for (const id of now) if (!was.has(id)) touched.add(id)
        if (isLive(list))
          rows.push({
            id: list.id,
            name: list.name,
            order: list.order,
            count: list.paperIds.length,
            paperIds: list.paperIds,
          })
        else if (isLive(before)) removed.push(list.id)
      }
      if (rows.length + removed.length > 0) event.lists = { rows, removed }
    }
    if (touched.size > 0) {
      const rows = this.deps.papers.summaries(touched)
      const live = new Set(rows.map((r) => r.id))
      event.papers = { rows, removed: [...touched].filter((id) => !live.has(id)) }
    }
    if (change.notes.size > 0) event.notes = [...change.notes]
    if (change.annotations.size > 0) event.annotations = [...change.annotations]
    if (change.settings) event.settings = store.settings()
    if (change.digests.size > 0) event.digests = true
    return event
  }
}
