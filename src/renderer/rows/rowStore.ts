import type { LibraryChange, PaperSummary, PaperView } from '../../shared/api'

/** The fields rows are sorted by (sortPapers.ts). */
const SORT_FIELDS = ['date', 'votes', 'title', 'addedAt', 'lastOpenedAt'] as const

/** The views whose order only main knows: a reading list's, a digest day's, "More like these". */
export type OrderKey = `list:${string}` | `digest:${string}` | `recommend:${string}`

/**
 * The paper rows the renderer holds, by id: filled once (the first page, then the rest), then patched
 * by the `library:changed` events main derives from its commits. Views are id arrays over it
 * (views.ts). Knows nothing of React or the transport, so that it can be tested on its own.
 */
export class RowStore {
  private readonly rows = new Map<string, PaperSummary>()
  private readonly orders = new Map<OrderKey, PaperView>()
  /**
   * Orders that main may have changed (a day re-imported, a list's recommendations): still shown, so
   * that the list neither blanks nor loses its selection, while the view asks for them again.
   */
  private readonly stale = new Set<OrderKey>()
  /** The event count at which each row (or order) was last patched: older loads must not undo it. */
  private readonly patched = new Map<string, number>()
  private events = 0
  private lastSeq: number | null = null
  private allRows: PaperSummary[] | null = null
  private readonly listeners = new Set<() => void>()
  /** Bumped on every change, for `useSyncExternalStore`. */
  version = 0
  /**
   * Bumped only when rows come or go or a field lists sort by changes: a star or a read mark keeps
   * the sorted order of 50,000 rows, which need not be sorted again.
   */
  shapeVersion = 0
  /**
   * Bumped when an event may have changed main's own order of the library (by day, then votes): papers
   * removed, or digest days changed (which is how papers come and their days and votes move). Pages of
   * that order asked for before may then no longer fit together. A star or a citation key does not
   * count, even for rows not held yet.
   */
  reordered = 0
  /** The first page has arrived (something can be painted). */
  started = false
  /** The whole library has arrived. */
  complete = false

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A mark for a load about to be sent: `fill` leaves alone what events changed after it. */
  mark(): number {
    return this.events
  }

  /**
   * Rows of a load sent at `since`; rows patched or removed by an event after that are kept as they
   * are. `replaces`: the rows of an earlier load of the same page, which this one supersedes; those it
   * no longer has were removed, or moved further down (then a later page brings them back).
   */
  fill(
    rows: readonly PaperSummary[],
    since: number,
    options: { complete: boolean; replaces?: readonly PaperSummary[] },
  ): void {
    const unpatched = (id: string) => (this.patched.get(id) ?? -1) <= since
    if (options.replaces) {
      const kept = new Set(rows.map((row) => row.id))
      for (const { id } of options.replaces) if (!kept.has(id) && unpatched(id)) this.rows.delete(id)
    }
    for (const row of rows) if (unpatched(row.id)) this.rows.set(row.id, row)
    this.shapeVersion++
    this.started = true
    this.complete ||= options.complete
    this.changed()
  }

  /** Forgets everything (the event stream had a gap): the next load starts afresh. */
  reset(): void {
    this.rows.clear()
    this.orders.clear()
    this.stale.clear()
    this.patched.clear()
    this.lastSeq = null
    this.started = false
    this.complete = false
    this.shapeVersion++
    this.changed()
  }

  /**
   * Patches the rows and orders from one change. False when an event was missed (its `seq` is not
   * the next one, e.g. main restarted): what is held can no longer be trusted, the caller reloads.
   */
  apply(change: LibraryChange): boolean {
    const inStep = this.lastSeq === null || change.seq === this.lastSeq + 1
    this.lastSeq = change.seq
    if (!inStep) return false
    const at = ++this.events
    if (change.digests || (change.papers?.removed.length ?? 0) > 0) this.reordered++
    for (const row of change.papers?.rows ?? []) {
      const before = this.rows.get(row.id)
      if (!before || SORT_FIELDS.some((f) => before[f] !== row[f])) this.shapeVersion++
      this.rows.set(row.id, row)
      this.patched.set(row.id, at)
    }
    for (const id of change.papers?.removed ?? []) {
      if (this.rows.delete(id)) this.shapeVersion++
      this.patched.set(id, at)
    }
    for (const list of change.lists?.rows ?? []) {
      this.orders.set(`list:${list.id}`, { ids: list.paperIds, votes: null })
      this.patched.set(`list:${list.id}`, at)
      // Its recommendations follow its papers: asked for again when next shown.
      this.stale.add(`recommend:${list.id}`)
    }
    for (const id of change.lists?.removed ?? []) {
      this.orders.delete(`list:${id}`)
      this.orders.delete(`recommend:${id}`)
    }
    if (change.digests)
      for (const key of this.orders.keys()) if (key.startsWith('digest:')) this.stale.add(key)
    this.changed()
    return true
  }

  /** A view's order as main answered it (asked for at `since`). */
  setOrder(key: OrderKey, view: PaperView, since: number): void {
    if ((this.patched.get(key) ?? -1) > since) return
    this.orders.set(key, view)
    this.stale.delete(key)
    this.changed()
  }

  /** Marks an order main answered as out of date: the view asks again (a model finished learning). */
  staleOrder(key: OrderKey): void {
    if (!this.orders.has(key)) return
    this.stale.add(key)
    this.changed()
  }

  /** Whether a view's order must be asked for: never held, or held but out of date. */
  needsOrder(key: OrderKey): boolean {
    return !this.orders.has(key) || this.stale.has(key)
  }

  row(id: string): PaperSummary | undefined {
    return this.rows.get(id)
  }

  order(key: OrderKey): PaperView | undefined {
    return this.orders.get(key)
  }

  get size(): number {
    return this.rows.size
  }

  /** Every row, in the order they arrived (views sort them); the same array until something changes. */
  all(): readonly PaperSummary[] {
    return (this.allRows ??= [...this.rows.values()])
  }

  /** Tells the views to look again (a load failed: they show why). */
  touch(): void {
    this.changed()
  }

  private changed(): void {
    this.allRows = null
    this.version++
    for (const listener of this.listeners) listener()
  }
}
