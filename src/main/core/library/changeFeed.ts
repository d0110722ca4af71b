import type { LibraryChange, ListDelta, PaperSummary } from '../../../shared/api'
import type { ReadingList } from '../../../shared/domain'
import type { EventBus } from '../events'
import { inSlices, nextTurn } from '../inSlices'
import type { LibraryStore, StoreChange } from '../store/libraryStore'
import { isLive } from './entity'
import type { ListService } from './listService'
import type { PaperService } from './paperService'

/**
 * Rows made in a commit's own turn. An import's thousand rows took 13 ms of CPU there, on top of the
 * commit's other listeners: a bigger commit's rows are made in slices, its event sent once they are.
 */
const ROWS_AT_ONCE = 100

/** An event before it is sent: `seq` is given as it goes out. */
type Unsent = Omit<LibraryChange, 'seq'>

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
  /**
   * Events still being made, oldest first: a commit that comes while a big one's rows are made waits
   * behind it, so that events go out in the order of their commits (`seq` counts them as they go).
   */
  private readonly backlog: Generator<void, Unsent, undefined>[] = []
  private closed = false

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
      const steps = this.describe(change)
      if (this.backlog.length === 0) {
        for (let rows = 0; rows <= ROWS_AT_ONCE; rows++) {
          const step = steps.next()
          if (step.done) return this.send(step.value)
        }
      }
      this.backlog.push(steps)
      if (this.backlog.length === 1) void this.drain()
    })
  }

  close(): void {
    this.closed = true
    this.stop()
  }

  private send(event: Unsent): void {
    this.deps.events.emit('library:changed', { seq: ++this.seq, ...event })
  }

  /** Makes the events waiting in the backlog, in slices from the next turn on, and sends each. */
  private async drain(): Promise<void> {
    while (this.backlog.length > 0) {
      await nextTurn()
      if (this.closed) return
      try {
        this.send(await inSlices(this.backlog[0] as Generator<void, Unsent, undefined>))
      } catch (error) {
        // Counted all the same: a screen sees the gap in `seq` and reloads its rows.
        this.seq++
        if (!this.closed) console.error(`lectern: a change event was not sent: ${(error as Error).message}`)
      }
      this.backlog.shift()
    }
  }

  /**
   * The event for one commit, in steps of a paper row each; its rows are those papers as they are
   * when it is made (a later commit's event then carries them again). The first step moves the feed's
   * memory of lists forward.
   */
  private *describe(change: StoreChange): Generator<void, Unsent, undefined> {
    const { store } = this.deps
    const event: Unsent = {}
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
      const membership = this.deps.lists.membership()
      const rows: PaperSummary[] = []
      for (const id of touched) {
        yield
        rows.push(...this.deps.papers.summaries([id], membership))
      }
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
