import type { PaperSummary } from '../../shared/api'
import { sameStrings } from '../../shared/sameStrings'
import type { OrderKey } from './rowStore'

/** The reading lists' own order (the sidebar's), laid over like a view's order of papers. */
export const LISTS_ORDER = 'lists' as const
/** An order a change can move: a view's papers, or the reading lists themselves. */
export type ShownOrderKey = OrderKey | typeof LISTS_ORDER

/** What a change shows at once, before main has it: fields of rows, and a view's (or the lists') new order. */
export type RowPatch = Partial<Pick<PaperSummary, 'status' | 'starred' | 'listIds' | 'hasNote'>>
export interface Change {
  rows?: { ids: readonly string[]; patch: (row: PaperSummary | undefined) => RowPatch }
  order?: { key: ShownOrderKey; ids: string[] }
}

interface Entry<T> {
  value: T
  token: number
  /** Main answered: the entry goes once an event (or the rows) carry it. */
  settled: boolean
  at: number
}

/** How long an answered change may wait for its event before it is dropped anyway. */
const SETTLED_MS = 10_000

/**
 * Optimistic updates and their rollback, in one place: a change is laid over the rows at once; a
 * failed one is taken back; an answered one stays until the change event carries it (over HTTP the
 * answer and the event race), so nothing flickers back in between.
 */
export class Optimistic {
  private rows = new Map<string, Entry<RowPatch>>()
  private orders = new Map<ShownOrderKey, Entry<string[]>>()
  private next = 0
  private readonly listeners = new Set<() => void>()
  version = 0

  constructor(
    /** What main's rows and orders are as held (the row store, and the lists as last loaded). */
    private readonly base: {
      row(id: string): PaperSummary | undefined
      order(key: ShownOrderKey): { ids: string[] } | undefined
    },
    private readonly now: () => number,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Lays a change over the rows; returns its token for `settle` or `rollback`. */
  begin(change: Change): number {
    const token = ++this.next
    const at = this.now()
    if (change.rows) {
      for (const id of change.rows.ids) {
        const current = this.row(this.base.row(id))
        const patch = { ...this.rows.get(id)?.value, ...change.rows.patch(current) }
        this.rows.set(id, { value: patch, token, settled: false, at })
      }
    }
    if (change.order)
      this.orders.set(change.order.key, { value: change.order.ids, token, settled: false, at })
    this.changed()
    return token
  }

  /** Main took the change: it stays shown until the rows carry it. */
  settle(token: number): void {
    for (const entry of [...this.rows.values(), ...this.orders.values()])
      if (entry.token === token) entry.settled = true
    this.prune()
  }

  /** Main refused the change: it is taken back, unless a later change of the same rows replaced it. */
  rollback(token: number): void {
    for (const [id, entry] of this.rows) if (entry.token === token) this.rows.delete(id)
    for (const [key, entry] of this.orders) if (entry.token === token) this.orders.delete(key)
    this.changed()
  }

  /** An event brought the new state of these rows and orders: answered changes of them are done. */
  carried(ids: Iterable<string>, keys: Iterable<ShownOrderKey>): void {
    for (const id of ids) if (this.rows.get(id)?.settled) this.rows.delete(id)
    for (const key of keys) if (this.orders.get(key)?.settled) this.orders.delete(key)
    this.prune()
  }

  /** The row as shown: the held row with changes not yet carried laid over. */
  row<T extends PaperSummary | undefined>(row: T): T {
    const entry = row && this.rows.get(row.id)
    return entry ? { ...row, ...entry.value } : row
  }

  /** A view's (or the lists') order as shown. */
  order(key: ShownOrderKey, ids: string[]): string[] {
    return this.orders.get(key)?.value ?? ids
  }

  get pending(): boolean {
    return this.rows.size + this.orders.size > 0
  }

  /** Drops answered changes the rows already show, and answered ones whose event never came. */
  private prune(): void {
    const now = this.now()
    for (const [id, entry] of this.rows) {
      if (!entry.settled) continue
      const row = this.base.row(id)
      const shown = row !== undefined && sameFields(row, entry.value)
      if (shown || now - entry.at > SETTLED_MS) this.rows.delete(id)
    }
    for (const [key, entry] of this.orders) {
      if (!entry.settled) continue
      const held = this.base.order(key)?.ids
      const shown = held !== undefined && sameStrings(held, entry.value)
      if (shown || now - entry.at > SETTLED_MS) this.orders.delete(key)
    }
    this.changed()
  }

  private changed(): void {
    this.version++
    for (const listener of this.listeners) listener()
  }
}

function sameFields(row: PaperSummary, patch: RowPatch): boolean {
  return Object.entries(patch).every(([key, value]) => {
    const current = row[key as keyof RowPatch]
    // List membership is a set: main may list it in another order than the change did.
    return Array.isArray(value) && Array.isArray(current)
      ? sameStrings([...value].sort(), [...current].sort())
      : current === value
  })
}
