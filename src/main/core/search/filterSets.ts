import type { ReadStatus } from '../../../shared/domain'
import { isLive } from '../library/entity'
import type { LibraryStore, StoreChange } from '../store/libraryStore'
import type { PaperHead } from '../store/paperParts'
import type { ParsedQuery } from './searchQuery'
import { inSlices, SlicedQueue } from '../inSlices'

/** Papers visited between two looks at the clock. */
const CLOCK_EVERY = 256
/** A commit of up to this many papers is applied as it is made; a larger one (an import) in slices. */
const APPLY_AT_ONCE = 100

/**
 * The search box's filters (`is:`, `list:`, `tag:`, `has:`, `day:`) answered from precomputed sets
 * instead of looking at every paper per query: at 50,000 papers `is:unread` looked at every head and
 * made a list row of each of its 35,000 matches (about 150 ms, 0.85 s through the renderer) only to
 * send the newest 1,000. Papers get dense numbers (ordinals, never reused); each filter value is a
 * bitset over them, kept in step with the store's commits, and a query ANDs a few bitsets.
 */
export class PaperFilterSets {
  private readonly ordinals = new Map<string, number>()
  private readonly ids: string[] = []
  /** The head each ordinal was last indexed from (heads are replaced, never mutated). */
  private heads: (PaperHead | undefined)[] = []
  /** Ordinals whose head was indexed (an ordinal handed out by `ordinal` may not be yet). */
  private readonly indexed = new Bits()
  private readonly live = new Bits()
  private readonly status: Record<ReadStatus, Bits> = {
    unread: new Bits(),
    reading: new Bits(),
    read: new Bits(),
  }
  private readonly starred = new Bits()
  private readonly note = new Bits()
  private readonly pdf = new Bits()
  private readonly tags = new Map<string, Bits>()
  private readonly days = new Map<string, Bits>()
  /** A reading list's members, cached by the list's revision. */
  private readonly lists = new Map<string, { rev: number; bits: Bits }>()
  /** Live ordinals, newest digest day first (null: stale, rebuilt by the next query that needs it). */
  private order: Int32Array | null = null
  /** Newest digest day per ordinal as the number YYYYMMDD (0: none or not live), the sort key. */
  private readonly newestDays: number[] = []
  /** The first build, run in slices (a finished generator stays done: further steps are no-ops). */
  private readonly building = this.buildSteps()
  /**
   * Papers a commit changed whose bits are not brought up to date yet: a few are applied at once; the
   * 1,000 of an import took 15 ms of the commit's turn, so they are applied in slices (and by a query
   * that comes meanwhile). Brought up to date from the store as it is then.
   */
  private readonly pending = new SlicedQueue<string, undefined>((id) => this.applyOne(id), {
    atOnce: APPLY_AT_ONCE,
    clockEvery: CLOCK_EVERY,
  })

  constructor(private readonly store: LibraryStore) {
    store.onCommit((change) => this.apply(change))
  }

  /**
   * Builds the sets in slices, yielding to the event loop between them (a query that comes first
   * finishes the build itself).
   */
  async build(): Promise<void> {
    await inSlices(this.building)
  }

  /** The live papers that pass the query's filters (every live paper when it has none). */
  match(q: ParsedQuery): FilterMatch {
    while (this.building.next().done !== true) continue
    // What commits changed is applied first, so an answer follows every commit made before it.
    this.pending.finish()
    const sets: Bits[] = [this.live]
    for (const state of q.is) sets.push(state === 'starred' ? this.starred : this.status[state])
    for (const has of q.has) sets.push(has === 'note' ? this.note : this.pdf)
    for (const tag of q.tags) sets.push(this.tags.get(tag.toLowerCase()) ?? EMPTY)
    for (const name of q.lists) sets.push(this.listBits(name))
    for (const day of q.days) sets.push(this.dayBits(day))
    const bits = Bits.and(sets, this.ids.length)
    return new FilterMatch(bits, this.ordinals, this.ids, () => this.newestFirst())
  }

  /**
   * Every paper, then the notes and attachments (a few of them; asking each paper for its own would
   * cost two lookups per paper). Papers a commit indexed meanwhile are up to date already.
   */
  private *buildSteps(): Generator<void, void, void> {
    let n = 0
    for (const head of this.store.allHeads()) {
      const o = this.ordinal(head.id)
      if (!this.indexed.has(o)) this.indexHead(o, isLive(head) ? head : undefined)
      if (++n % CLOCK_EVERY === 0) yield
    }
    for (const note of this.store.allNotes()) {
      this.indexNote(note.paperId)
      if (++n % CLOCK_EVERY === 0) yield
    }
    for (const attachment of this.store.allAttachments()) {
      this.indexPdf(attachment.paperId)
      if (++n % CLOCK_EVERY === 0) yield
    }
  }

  /** Queues the papers a commit changed (see `pending`). */
  private apply(change: StoreChange): void {
    for (const id of change.papers) this.pending.put(id, undefined)
    for (const id of change.notes) this.pending.put(id, undefined)
    this.pending.schedule()
  }

  /** Brings a queued paper up to date from the store as it is now. */
  private applyOne(id: string): void {
    const head = this.store.head(id)
    this.indexHead(this.ordinal(id), isLive(head) ? head : undefined)
    this.indexNote(id)
    this.indexPdf(id)
  }

  /**
   * A paper's dense number, the same for as long as this runs (made on first ask): the search index
   * keys its documents by it (`SearchIndex.keyBy`), so that a `FilterMatch`'s bits filter it by slot.
   */
  ordinal(id: string): number {
    let o = this.ordinals.get(id)
    if (o === undefined) {
      o = this.ids.length
      this.ordinals.set(id, o)
      this.ids.push(id)
      this.newestDays.push(0)
    }
    return o
  }

  /** Brings a paper's bits up to date with its head (undefined: gone). */
  private indexHead(o: number, now: PaperHead | undefined): void {
    const before = this.heads[o]
    this.indexed.set(o)
    if (before === now) return
    this.heads[o] = now
    for (const tag of before?.tags ?? []) this.tags.get(tag)?.clear(o)
    for (const a of before?.appearances ?? []) this.days.get(a.date)?.clear(o)
    let newest = ''
    for (const tag of now?.tags ?? []) bitsOf(this.tags, tag).set(o)
    for (const a of now?.appearances ?? []) {
      bitsOf(this.days, a.date).set(o)
      if (a.date > newest) newest = a.date
    }
    // YYYYMMDD: ordered as the days are, and small enough to pack with an ordinal (see newestFirst).
    const day = newest === '' ? 0 : Number(newest.slice(0, 4) + newest.slice(5, 7) + newest.slice(8, 10))
    if (day !== this.newestDays[o] || (before === undefined) !== (now === undefined)) this.order = null
    this.newestDays[o] = now ? day : 0
    this.live.put(o, now !== undefined)
    for (const state of ['unread', 'reading', 'read'] as const)
      this.status[state].put(o, now?.status === state)
    this.starred.put(o, now?.starred === true)
  }

  private indexNote(paperId: string): void {
    const o = this.ordinals.get(paperId)
    if (o === undefined) return
    const note = this.store.note(paperId)
    this.note.put(o, isLive(note) && note.text.trim() !== '')
  }

  private indexPdf(paperId: string): void {
    const o = this.ordinals.get(paperId)
    if (o !== undefined) this.pdf.put(o, this.store.attachments(paperId).some(isLive))
  }

  private listBits(name: string): Bits {
    const folded = name.toLocaleLowerCase()
    const list = this.store.allLists().find((l) => isLive(l) && l.name.toLocaleLowerCase() === folded)
    if (!list) return EMPTY
    const cached = this.lists.get(list.id)
    if (cached?.rev === list.rev) return cached.bits
    const bits = new Bits()
    for (const id of list.paperIds) {
      const o = this.ordinals.get(id)
      if (o !== undefined) bits.set(o)
    }
    this.lists.set(list.id, { rev: list.rev, bits })
    return bits
  }

  /** Papers that appeared on a day, or on any day of a month or year (`day:2024-02`). */
  private dayBits(prefix: string): Bits {
    const exact = this.days.get(prefix)
    if (exact || prefix.length === 10) return exact ?? EMPTY
    const days = [...this.days].filter(([day]) => day.startsWith(prefix)).map(([, bits]) => bits)
    return Bits.or(days, this.ids.length)
  }

  /**
   * Live ordinals by newest digest day, newest first, then in the order the papers were first seen
   * (the store's order, as the list had it before). Rebuilt only after a paper's newest day changed
   * or a paper came or went: a native sort of 50,000 numbers.
   */
  private newestFirst(): Int32Array {
    if (this.order) return this.order
    // One number per paper: YYYYMMDD (< 2^27) above the ordinal's complement (< 2^26), < 2^53.
    const keys = new Float64Array(this.live.count())
    let k = 0
    this.newestDays.forEach((day, o) => {
      if (this.heads[o]) keys[k++] = day * ORDINAL_SPAN + (ORDINAL_SPAN - 1 - o)
    })
    keys.sort()
    const order = new Int32Array(keys.length)
    for (let i = 0; i < keys.length; i++)
      order[i] = ORDINAL_SPAN - 1 - ((keys[keys.length - 1 - i] as number) % ORDINAL_SPAN)
    this.order = order
    return order
  }
}

const ORDINAL_SPAN = 2 ** 26

/** Whether the query has any filter that `PaperFilterSets` answers (else only liveness is checked). */
export function hasFilters(q: ParsedQuery): boolean {
  return q.lists.length + q.tags.length + q.is.length + q.has.length + q.days.length > 0
}

/** The papers that passed a query's filters. */
export class FilterMatch {
  constructor(
    /** By ordinal (`PaperFilterSets.ordinal`): `SearchOptions.keyed` for an index keyed by them. */
    readonly bits: Uint32Array,
    private readonly ordinals: ReadonlyMap<string, number>,
    private readonly ids: readonly string[],
    private readonly order: () => Int32Array,
  ) {}

  has(id: string): boolean {
    const o = this.ordinals.get(id)
    return o !== undefined && Bits.test(this.bits, o)
  }

  count(): number {
    return Bits.count(this.bits)
  }

  /** The first `limit` matches by newest digest day (papers without one last). */
  newest(limit: number): string[] {
    const ids: string[] = []
    if (limit <= 0) return ids
    for (const o of this.order()) {
      if (!Bits.test(this.bits, o)) continue
      ids.push(this.ids[o] as string)
      if (ids.length >= limit) break
    }
    return ids
  }
}

/** A growable bitset over ordinals. */
class Bits {
  words = new Uint32Array(0)

  set(o: number): void {
    const w = o >>> 5
    if (w >= this.words.length) {
      const grown = new Uint32Array(Math.max(w + 1, this.words.length * 2, 64))
      grown.set(this.words)
      this.words = grown
    }
    this.words[w] = (this.words[w] as number) | (1 << (o & 31))
  }

  clear(o: number): void {
    const w = o >>> 5
    if (w < this.words.length) this.words[w] = (this.words[w] as number) & ~(1 << (o & 31))
  }

  put(o: number, on: boolean): void {
    if (on) this.set(o)
    else this.clear(o)
  }

  count(): number {
    return Bits.count(this.words)
  }

  has(o: number): boolean {
    return Bits.test(this.words, o)
  }

  static count(words: Uint32Array): number {
    let n = 0
    for (const word of words) n += popcount(word)
    return n
  }

  static test(words: Uint32Array, o: number): boolean {
    return (((words[o >>> 5] ?? 0) >>> (o & 31)) & 1) === 1
  }

  /** The intersection, as words covering `size` ordinals. */
  static and(sets: readonly Bits[], size: number): Uint32Array {
    const out = new Uint32Array((size + 31) >>> 5)
    out.fill(0xffffffff)
    for (const { words } of sets) {
      for (let w = 0; w < out.length; w++) out[w] = (out[w] as number) & (words[w] ?? 0)
    }
    return out
  }

  static or(sets: readonly Bits[], size: number): Bits {
    const out = new Bits()
    out.words = new Uint32Array((size + 31) >>> 5)
    for (const { words } of sets) {
      for (let w = 0; w < words.length && w < out.words.length; w++)
        out.words[w] = (out.words[w] as number) | (words[w] as number)
    }
    return out
  }
}

const EMPTY = new Bits()

function bitsOf(map: Map<string, Bits>, key: string): Bits {
  let bits = map.get(key)
  if (!bits) map.set(key, (bits = new Bits()))
  return bits
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}
