/**
 * Full-text index of the library: one search box over title, authors, abstract, digest summaries,
 * notes and tags, fast enough to answer on every keystroke at 50,000 papers.
 *
 * Why not a search library: MiniSearch, FlexSearch and Orama were measured on 50k generated papers
 * (tests/fixtures/library) with the query mix of tests/bench/search.ts. MiniSearch keeps a Map per term and field and
 * materializes every match before ranking: p95 150 ms even with AND and prefix on the last word only,
 * 37 s to build, 6.7 s to load its 71 MB JSON. FlexSearch answers in 7 ms but without prefix search;
 * with it (every prefix indexed) p95 is 23 ms, the index 503 MB and its load 20 s. Orama: p95 2.9 s.
 * This index keeps postings in typed arrays, ranks with BM25 summed over boosted fields, keeps only
 * the top `limit`, and persists as varint postings in one binary file (19 MB at 50k papers) that a
 * load only checksums and frames: a word's postings are decoded when a query first reads them (JSON
 * with every posting decoded at load took 1.9 s on a quiet machine). An update (a note save) appends
 * to small per-term tails instead of copying loaded postings: 0.1–0.3 ms.
 *
 * Matching: every query word must match (AND) in some field; the last word matches as a prefix while
 * it is being typed (the text does not end in a space or punctuation). Words are compared after
 * `textAnalysis` (lowercase, accents folded, Korean particles split off).
 */
import { crc32 } from 'node:zlib'

import { inSlices } from '../inSlices'
import { ANALYSIS_VERSION, forEachIndexTerm, queryWords } from './textAnalysis'

export interface SearchDoc {
  id: string
  title: string
  authors: string
  abstract: string
  summary: string
  note: string
  tags: string
}

/**
 * Fields in the order of their bits in a posting's packed frequencies: the commonest first, so that
 * most postings (a word of an abstract) persist as one-byte varints.
 */
export const SEARCH_FIELDS = ['abstract', 'summary', 'title', 'authors', 'tags', 'note'] as const
export type SearchField = (typeof SEARCH_FIELDS)[number]

export interface SearchHit {
  id: string
  score: number
  /**
   * Index terms that matched in this document, for highlighting: folded forms (`ustun` for `Üstün`,
   * `모델` for `모델은`). Highlight a word of the shown text when `foldText(word)` starts with a term.
   */
  terms: string[]
}

/** A further condition every hit must meet, matched only in `fields`: `author:NAME` becomes one. */
export interface SearchClause {
  text: string
  fields: readonly SearchField[]
}

export interface SearchOptions {
  /** Most hits returned, best first (default 100). `Infinity` for all. */
  limit?: number
  /**
   * Keeps only ids for which it returns true. Asked once per document of the rarest word's postings,
   * before anything is scored: a filtered query (`is:unread diffusion`) scores only what passes.
   */
  filter?: (id: string) => boolean
  /**
   * Keeps only documents whose key (the number `keyBy` gave each) is set in these bits: `filter` as
   * one bit test per candidate, with no lookup by id. Needs `keyBy`; applies with `filter` if both.
   */
  keyed?: Uint32Array
  /**
   * Like `filter`, but asked only of matches good enough to enter the best `limit`, best or not: for
   * a check that costs more than a bit test and that most matches pass (a page's owner, the Bloom
   * probe of a quoted phrase). Counting (`count`) then asks it of every match.
   */
  check?: (id: string) => boolean
  /** Fields the free text is matched in (default: all). */
  fields?: readonly SearchField[]
  /** Clauses ANDed with the free text, each restricted to its own fields. */
  and?: readonly SearchClause[]
  /**
   * False: `total` is not wanted (it is then only the hits'), which lets a word being typed skip its
   * commonest completions once enough better hits are found. For the page index, whose completions
   * of two letters have 100,000 postings.
   */
  count?: boolean
  /** Ids to be told whether they match too, past `limit` (and `filter`): the result's `matchedOf`. */
  matchedOf?: ReadonlySet<string>
  /**
   * Letters a last word being typed needs to be matched as a prefix (default 2); shorter, it is not
   * a query word yet. The page index asks for 3 (see `PageIndex`).
   */
  minPrefix?: number
}

/** `load` refuses data it cannot read (another format or version): rebuild the index from the library. */
export class SearchIndexFormatError extends Error {
  override name = 'SearchIndexFormatError'
}

const DEFAULT_LIMIT = 100

const FIELD_COUNT = SEARCH_FIELDS.length
/** Title and author hits first (the issue asks for it); user-written tags and notes next. */
const BOOSTS: Record<SearchField, number> = {
  title: 5,
  authors: 5,
  abstract: 1,
  summary: 1.5,
  note: 2,
  tags: 3,
}
const BOOST = SEARCH_FIELDS.map((f) => BOOSTS[f])
/** Term frequency per field is packed 5 bits a field into one integer (6 × 5 = 30 bits, a small int). */
const TF_BITS = 5
const TF_MAX = (1 << TF_BITS) - 1
const ALL_FIELDS_MASK = (1 << (TF_BITS * FIELD_COUNT)) - 1
const K1 = 1.2
const B = 0.75
/** Shortest last word (being typed) matched as a prefix; a Hangul syllable alone is selective enough. */
const MIN_PREFIX = 2
const HANGUL = /[\uac00-\ud7a3]/

/** Whether a last word still being typed is matched (as a prefix) yet. */
function typedWordSearched(word: string, minPrefix: number): boolean {
  return word.length >= minPrefix || HANGUL.test(word)
}

/**
 * Whether `text` has a word a search would match, with this `minPrefix`: without one, `search`
 * lists every document (a query of filters only), which a caller of pages does not want.
 */
export function hasQueryWords(text: string, minPrefix = MIN_PREFIX): boolean {
  const { words, lastIsPrefix } = queryWords(text)
  return words.some(
    (word, i) => !(lastIsPrefix && i === words.length - 1) || typedWordSearched(word, minPrefix),
  )
}
/** Removed documents stay in the postings until they are this share of all slots, then get compacted. */
const VACUUM_SHARE = 0.25
/**
 * A vacuum also repacks all postings into new shared buffers once the tails hold more than this share
 * of the base's: that bounds the space removed postings leave in the base and the tails' spare room.
 */
const REPACK_SHARE = 0.25

/** Document slots in increasing order with their packed field frequencies; the first `n` are used. */
interface Run {
  slots: Int32Array
  tfs: Int32Array
  n: number
}

/**
 * Where a loaded binary file's postings lie: each posting as two varints (its slot's distance from
 * the last, its packed frequencies), every term's one after another. A term's are decoded on first
 * use (`Postings.base`): a query touches a few hundred of the page index's 60,000 terms, and
 * decoding all 9 million postings at start-up (or checking them) was most of its load.
 */
interface EncodedPostings {
  bytes: Uint8Array
  slotCount: number
}

/**
 * Postings of one term: `base`, views into two buffers shared by all terms (made by `load` and by a
 * repack) that never grow, or decoded from a loaded file's bytes when first read; then `tail`, the
 * term's own growable arrays for the documents added since. A new slot is larger than every existing
 * one, so base then tail is in slot order. An upsert appends to tails, as long as what was added
 * since, and never copies the 40k postings of a common word (which cost several MB and GC pauses on
 * each of the first note saves after a load).
 */
class Postings {
  tail: Run = emptyRun()
  private run: Run | null
  private readonly encoded: EncodedPostings | null
  /** The term's bytes in `encoded.bytes`, and how many postings they hold (`n` grows with tails). */
  private readonly byteAt: number
  private readonly byteEnd: number
  private readonly encodedCount: number

  constructor(
    /** base.n + tail.n, removed documents included until the next vacuum. */
    public n: number,
    base: Run | { encoded: EncodedPostings; byteAt: number; byteEnd: number },
  ) {
    if ('encoded' in base) {
      this.run = null
      this.encoded = base.encoded
      this.byteAt = base.byteAt
      this.byteEnd = base.byteEnd
      this.encodedCount = n
    } else {
      this.run = base
      this.encoded = null
      this.byteAt = 0
      this.byteEnd = 0
      this.encodedCount = 0
    }
  }

  get base(): Run {
    this.run ??= decodeRun(this.encoded as EncodedPostings, this.byteAt, this.byteEnd, this.encodedCount)
    return this.run
  }

  set base(run: Run) {
    this.run = run
  }

  /** The loaded file's bytes of the base, while not decoded yet (else null). */
  get encodedBase(): Uint8Array | null {
    return this.run === null
      ? (this.encoded as EncodedPostings).bytes.subarray(this.byteAt, this.byteEnd)
      : null
  }
}

/**
 * `n` postings of a loaded file, in bytes [byteAt, byteEnd). The file passed its checksum, so a
 * failure here is a writer's bug: it throws rather than answer wrong.
 */
function decodeRun(encoded: EncodedPostings, byteAt: number, byteEnd: number, n: number): Run {
  const { bytes, slotCount } = encoded
  const slots = new Int32Array(n)
  const tfs = new Int32Array(n)
  let at = byteAt
  let slot = 0
  for (let k = 0; k < n; k++) {
    // The first posting's distance is the slot itself; the next ones are positive.
    const delta = readVarint(bytes, at, byteEnd)
    at = varintEnd
    const tf = readVarint(bytes, at, byteEnd)
    at = varintEnd
    if (delta < 0 || (k > 0 && delta === 0)) throw new SearchIndexFormatError('bad postings')
    slot += delta
    if (slot >= slotCount || tf <= 0) throw new SearchIndexFormatError('posting out of range')
    slots[k] = slot
    tfs[k] = tf
  }
  if (at !== byteEnd) throw new SearchIndexFormatError('bad postings')
  return { slots, tfs, n }
}

/** Where the varint `readVarint` read last ended (a module variable: no object made per posting). */
let varintEnd = 0

/** The varint at `at`, which must end before `end` (see `varintEnd`). */
function readVarint(bytes: Uint8Array, at: number, end: number): number {
  let value = 0
  let shift = 0
  let byte = 0x80
  while (byte >= 0x80) {
    if (at >= end || shift > 28) throw new SearchIndexFormatError('bad postings')
    byte = bytes[at++] as number
    value |= (byte & 0x7f) << shift
    shift += 7
  }
  varintEnd = at
  return value
}

/** Writes `run`'s postings after a posting of slot `previous` (0: the first); returns its last slot. */
function writeRun(into: VarintWriter, run: Run, previous: number): number {
  for (let i = 0; i < run.n; i++) {
    const slot = run.slots[i] as number
    into.write(slot - previous)
    into.write(run.tfs[i] as number)
    previous = slot
  }
  return previous
}

/**
 * The last slot of encoded postings: the sum of their slots' distances (every other varint), in one
 * pass over the bytes (the file passed its checksum; `decodeRun` checks the rest when a query reads).
 */
function lastSlotOf(bytes: Uint8Array): number {
  let slot = 0
  let value = 0
  let shift = 0
  let isDistance = true
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at] as number
    if (isDistance) {
      value |= (byte & 0x7f) << shift
      shift += 7
    }
    if (byte >= 0x80) continue
    if (isDistance) slot += value
    value = 0
    shift = 0
    isDistance = !isDistance
  }
  return slot
}

/** One query word (its expansions when a prefix) and the fields it may match in. */
interface Group {
  terms: string[]
  postings: Postings[]
  /** Multiplier per expansion: a longer completion of a prefix counts less than an exact word. */
  weights: number[]
  mask: number
  /** Postings to walk: groups run rarest first. */
  cost: number
}

interface Ranked {
  slot: number
  score: number
}

function fieldMask(fields: readonly SearchField[] | undefined): number {
  if (fields === undefined) return ALL_FIELDS_MASK
  let mask = 0
  for (const f of fields) mask |= TF_MAX << (TF_BITS * SEARCH_FIELDS.indexOf(f))
  return mask
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sorted[mid] as string) < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

const NO_POSTINGS = new Int32Array(0)

function emptyRun(): Run {
  return { slots: NO_POSTINGS, tfs: NO_POSTINGS, n: 0 }
}

/** The packed frequencies of `slot` in the postings, or 0 when it has none (a posting never is 0). */
function tfOf(p: Postings, slot: number): number {
  const run = p.tail.n > 0 && slot >= (p.tail.slots[0] as number) ? p.tail : p.base
  let lo = 0
  let hi = run.n - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const s = run.slots[mid] as number
    if (s === slot) return run.tfs[mid] as number
    if (s < slot) lo = mid + 1
    else hi = mid - 1
  }
  return 0
}

/** Drops from `run`, in place, the postings of removed slots (-1 in `renumber`) and renumbers the rest. */
function compact(run: Run, renumber: Int32Array): void {
  let n = 0
  for (let i = 0; i < run.n; i++) {
    const slot = renumber[run.slots[i] as number] as number
    if (slot < 0) continue
    run.slots[n] = slot
    run.tfs[n++] = run.tfs[i] as number
  }
  run.n = n
}

function better(a: Ranked, b: Ranked): boolean {
  return a.score > b.score || (a.score === b.score && a.slot < b.slot)
}

export class SearchIndex {
  /** Slot → document id; undefined once removed. Slots only grow until a vacuum renumbers them. */
  private ids: (string | undefined)[] = []
  private slotOf = new Map<string, number>()
  /** Words per field per slot (FIELD_COUNT per slot), capped at 65535. */
  private lengths = new Uint16Array(1024 * FIELD_COUNT)
  private lengthSums = new Float64Array(FIELD_COUNT)
  private removed = 0
  /** Terms get dense ids, so that indexing a document tallies in an array instead of a Map. */
  private termIds = new Map<string, number>()
  private terms: string[] = []
  private postings: Postings[] = []
  /** The vocabulary in order, for prefix lookup; null when it must be rebuilt. */
  private sortedTerms: string[] | null = []
  // Scratch space, one entry per term or slot, reused to avoid allocating per document or query.
  private docTf = new Int32Array(1024)
  private best = new Float64Array(0)
  private acc = new Float64Array(0)
  private mark = new Uint8Array(0)
  private verdicts = new Uint8Array(0)
  /** The caller's number for each document (`keyBy`), by slot (-1: removed); null: not keyed. */
  private keyOf: ((id: string) => number) | null = null
  private keys = new Int32Array(0)
  /** A vacuum under way (`vacuumSteps`), or null. */
  private vacuuming: Generator<void, void, void> | null = null
  private changes = 0

  /** Counts the documents added and removed: a save spread over turns knows when it went stale. */
  get revision(): number {
    return this.changes
  }

  get size(): number {
    return this.slotOf.size
  }

  has(id: string): boolean {
    return this.slotOf.has(id)
  }

  /**
   * Adds documents, replacing any with the same id. About 150 µs a paper: give a large library to it
   * in chunks and yield between them, so the process keeps answering while it builds.
   */
  addAll(docs: readonly SearchDoc[]): void {
    this.settle()
    for (const doc of docs) {
      if (this.slotOf.has(doc.id)) this.removeSlot(doc.id)
      this.addDoc(doc, { keepVocabularySorted: false })
    }
    this.maybeVacuum()
  }

  upsert(doc: SearchDoc): void {
    this.settle()
    if (this.slotOf.has(doc.id)) this.removeSlot(doc.id)
    this.addDoc(doc, { keepVocabularySorted: true })
    this.maybeVacuum()
  }

  remove(id: string): void {
    if (!this.slotOf.has(id)) return
    this.settle()
    this.removeSlot(id)
    this.maybeVacuum()
  }

  /**
   * Gives every document, now and as it is added, a number of the caller's (`keyOf(id)`, the same
   * for an id as long as it lives), which the index keeps by slot through vacuums: a filter over
   * those numbers (`SearchOptions.keyed`) is then a bit test per candidate. The paper filter sets
   * number papers so (see `PaperFilterSets`).
   */
  keyBy(keyOf: (id: string) => number): void {
    this.settle()
    this.keyOf = keyOf
    this.keys = new Int32Array(Math.max(this.ids.length, 1024)).fill(-1)
    this.ids.forEach((id, slot) => {
      if (id !== undefined) this.keys[slot] = keyOf(id)
    })
  }

  /**
   * Hits for `text`, best first. With `and` clauses (e.g. `author:` → `{ text, fields: ['authors'] }`)
   * every clause must match as well, and its matched terms are returned for highlighting too.
   *
   * Empty text and no clauses (a query of filters only, like `is:unread tag:survey`) matches every
   * document: hits come in insertion order with score 0, so sort them by your own key (date added…),
   * and pass `limit: Infinity` to list them all. So does a lone letter being typed (`d`). Text that
   * has only stop words (`the `) matches nothing.
   */
  search(text: string, opts: SearchOptions = {}): SearchHit[] {
    return this.searchCounted(text, opts).hits
  }

  /**
   * `search`, and how many documents matched in all (`total`, past `limit` too), for callers that
   * say when a result was cut.
   */
  searchCounted(
    text: string,
    opts: SearchOptions = {},
  ): { hits: SearchHit[]; total: number; matchedOf: string[] } {
    const limit = opts.limit ?? DEFAULT_LIMIT
    const none = { hits: [], total: 0, matchedOf: [] }
    if (!(limit > 0)) return none
    this.settle()
    const groups: Group[] = []
    let stopWordsOnly = false
    for (const clause of [{ text, fields: opts.fields }, ...(opts.and ?? [])]) {
      const { words, lastIsPrefix } = queryWords(clause.text)
      const mask = fieldMask(clause.fields)
      if (words.length === 0 && clause.text.trim() !== '') stopWordsOnly = true
      words.forEach((word, i) => {
        if (!(lastIsPrefix && i === words.length - 1)) groups.push(this.group(word, false, mask))
        // A lone letter being typed would complete to most of the library (40 ms at 50k): it is
        // not a query word yet, so `diffusion m` answers as `diffusion` until the next letter.
        else if (typedWordSearched(word, opts.minPrefix ?? MIN_PREFIX))
          groups.push(this.group(word, true, mask))
      })
    }
    if (stopWordsOnly && groups.length === 0) return none
    if (groups.some((g) => g.postings.length === 0)) return none
    this.ensureScratch()
    const passes = this.passes(opts)
    if (groups.length === 0) {
      const hits = this.listAll(limit, passes)
      return {
        hits,
        total: hits.length < limit ? hits.length : this.listAll(Infinity, passes).length,
        matchedOf: [...(opts.matchedOf ?? [])].filter((id) => {
          const slot = this.slotOf.get(id)
          return slot !== undefined && (passes === null || passes(slot))
        }),
      }
    }
    // Rarest first: the candidates only shrink, and later groups can be probed instead of walked.
    groups.sort((a, b) => a.cost - b.cost)

    const alive = this.slotOf.size
    const avg = this.lengthSums.map((sum) => (alive === 0 ? 1 : Math.max(sum / alive, 1)))
    // One group (a word, or a word being typed) ranks by its best completion: with no count wanted,
    // its commonest completions can be skipped once enough hits are surely better.
    const prune = opts.count === false && groups.length === 1 ? { limit, check: opts.check } : null
    let candidates: number[] | null = null
    for (const g of groups) {
      candidates = this.scoreGroup(g, candidates, avg, alive, passes, prune)
      if (candidates.length === 0) break
    }
    // Every candidate passed the filter already: the count is theirs.
    const matched = candidates ?? []
    const { check } = opts
    const top = this.topHits(matched, limit, check)
    // A heap that did not fill up holds every match that passed; otherwise count the rest.
    let total = top.length
    if (top.length >= limit && opts.count !== false)
      total = check ? matched.filter((slot) => check(this.ids[slot] as string)).length : matched.length
    return { hits: this.withTerms(top, groups), total, matchedOf: this.matchedOf(matched, opts.matchedOf) }
  }

  /** The options' `filter` and `keyed` as one test by slot (null: every document passes). */
  private passes(opts: SearchOptions): ((slot: number) => boolean) | null {
    const { filter, keyed } = opts
    const byId = filter ? this.slotFilter(filter) : null
    if (keyed === undefined) return byId
    if (this.keyOf === null) throw new Error('SearchIndex: `keyed` needs `keyBy` first')
    const { keys } = this
    // A removed slot's key is -1, whose word is past the end: it never passes.
    const byKey = (slot: number): boolean => {
      const key = keys[slot] as number
      return (((keyed[key >>> 5] ?? 0) >>> (key & 31)) & 1) === 1
    }
    return byId === null ? byKey : (slot) => byKey(slot) && byId(slot)
  }

  /**
   * `filter` by slot, asked once per slot and query: the verdicts are kept in `verdicts` (0: not
   * asked yet, 1: passes, 2: does not), cleared here for the query at hand.
   */
  private slotFilter(filter: (id: string) => boolean): (slot: number) => boolean {
    const { verdicts, ids } = this
    verdicts.fill(0, 0, ids.length)
    return (slot) => {
      let v = verdicts[slot] as number
      if (v === 0) verdicts[slot] = v = filter(ids[slot] as string) ? 1 : 2
      return v === 1
    }
  }

  /** Which of `wanted` are among the matched slots (which all passed the filter). */
  private matchedOf(matched: readonly number[], wanted: ReadonlySet<string> | undefined): string[] {
    if (wanted === undefined || wanted.size === 0) return []
    const { mark } = this
    for (const slot of matched) mark[slot] = 1
    const found: string[] = []
    for (const id of wanted) {
      const slot = this.slotOf.get(id)
      if (slot !== undefined && mark[slot] === 1) found.push(id)
    }
    for (const slot of matched) mark[slot] = 0
    return found
  }

  /**
   * What both loaders share once their sections are read: the documents (slot → id, field lengths)
   * and the sorted vocabulary with each term's postings, made by `postingsOf(first posting, count)`
   * for the term at hand. Throws `SearchIndexFormatError` on anything that does not add up.
   */
  private static *fromParts(
    parts: {
      ids: readonly unknown[]
      /** FIELD_COUNT word counts per slot. */
      lengths: ArrayLike<number>
      terms: readonly unknown[]
      /** Postings per term. */
      counts: ArrayLike<number>
      /** Postings in all. */
      postings: number
    },
    postingsOf: (at: number, n: number) => Postings,
  ): Generator<void, SearchIndex, void> {
    const { ids, lengths, terms, counts, postings: total } = parts
    const slotCount = ids.length
    if (lengths.length !== slotCount * FIELD_COUNT) throw new SearchIndexFormatError('bad lengths')
    if (counts.length !== terms.length) throw new SearchIndexFormatError('bad postings')
    const index = new SearchIndex()
    for (let slot = 0; slot < slotCount; slot += STEP_SLOTS) {
      index.registerDocs(ids, lengths, slot)
      yield
    }
    if (index.slotOf.size + index.removed !== slotCount) throw new SearchIndexFormatError('duplicate ids')
    // A copy: the index grows it in place, and the parts belong to the caller.
    index.ids = ids.slice() as string[]
    // The loops are methods of their own, between yields: V8 optimizes loops inside a generator
    // poorly (a third of a second, not milliseconds, for the 60,000 terms of the page index).
    let at = 0
    for (let k = 0; k < terms.length;) {
      const next = index.registerTerms(parts, postingsOf, k, at)
      k = next.k
      at = next.at
      yield
    }
    if (at !== total) throw new SearchIndexFormatError('bad postings')
    index.sortedTerms = terms.slice() as string[]
    index.docTf = new Int32Array(Math.max(index.terms.length * 2, 1024))
    return index
  }

  /** Registers the documents of slots from `from`, `STEP_SLOTS` of them (the ids are copied after). */
  private registerDocs(ids: readonly unknown[], lengths: ArrayLike<number>, from: number): void {
    const slotCount = ids.length
    if (from === 0) this.lengths = new Uint16Array(Math.max(slotCount, 1024) * FIELD_COUNT)
    const to = Math.min(from + STEP_SLOTS, slotCount)
    for (let slot = from; slot < to; slot++) {
      const id = ids[slot]
      if (id === undefined) {
        // A removed document's slot, kept by the save (see `toBinarySteps`).
        this.removed++
        continue
      }
      if (typeof id !== 'string') throw new SearchIndexFormatError('bad id')
      this.slotOf.set(id, slot)
    }
    for (let i = from * FIELD_COUNT; i < to * FIELD_COUNT; i++) {
      const len = lengths[i] as number
      if (!(len >= 0 && len <= 0xffff)) throw new SearchIndexFormatError('bad lengths')
      this.lengths[i] = len
      this.lengthSums[i % FIELD_COUNT] = (this.lengthSums[i % FIELD_COUNT] as number) + len
    }
  }

  /**
   * Registers terms from `k` (whose postings start at `at`) until about `STEP_POSTINGS` postings
   * are done; returns where to go on.
   */
  private registerTerms(
    parts: { terms: readonly unknown[]; counts: ArrayLike<number>; postings: number },
    postingsOf: (at: number, n: number) => Postings,
    k: number,
    at: number,
  ): { k: number; at: number } {
    const { terms, counts, postings: total } = parts
    const stop = at + STEP_POSTINGS
    for (; k < terms.length && at < stop; k++) {
      const term = terms[k]
      // Sorted and distinct: the vocabulary is used for prefix search as it is.
      if (typeof term !== 'string' || term === '' || (k > 0 && term <= (terms[k - 1] as string)))
        throw new SearchIndexFormatError('bad term')
      const n = counts[k] as number
      if (!(n > 0) || at + n > total) throw new SearchIndexFormatError('bad postings')
      this.termIds.set(term, k)
      this.terms.push(term)
      this.postings.push(postingsOf(at, n))
      at += n
    }
    return { k, at }
  }

  /**
   * The index as bytes (`loadBinarySteps` reads them), in steps between which the caller lets the
   * event loop run (at 50,000 papers, encoding at once stalled the app for seconds); null when the
   * index changed since the first step, as the bytes would then mix two states of it. Each posting is
   * two varints (1.2 bytes for a slot, 1–3 for its packed frequencies), decoded per term when a
   * query first needs it, and a checksum lets a load check the file in native passes instead of
   * walking every posting. `label` is kept in the header, for `loadBinarySteps` to match.
   *
   * Removed documents are written as holes (their slots' postings with them), not compacted: that
   * renumbered every slot, so every word's postings were decoded and encoded again at each save (at
   * 50,000 papers, 42 papers updated by an import cost 350 ms of CPU and steps of up to 25 ms). A
   * loaded index answers as the one saved; the vacuum comes once removed slots are many.
   */
  *toBinarySteps(label = ''): Generator<void, Uint8Array[] | null, void> {
    const revision = this.revision
    yield* this.vacuumUnderWaySteps()
    if (this.revision !== revision) return null
    const terms: string[] = []
    let total = 0
    const vocabulary = this.vocabulary()
    for (let k = 0; k < vocabulary.length; k++) {
      const t = vocabulary[k] as string
      const n = (this.postings[this.termIds.get(t) as number] as Postings).n
      if (n > 0) terms.push(t)
      total += n
      // 100,000 terms looked up at once took 20 ms.
      if (k % STEP_TERMS === STEP_TERMS - 1) yield
    }
    if (this.revision !== revision) return null
    const counts = new Uint32Array(terms.length)
    const ends = new Uint32Array(terms.length)
    // 4 bytes a posting, more than nearly all take: growing the buffer as it filled copied megabytes
    // in one step.
    const postings = new VarintWriter(total * 4)
    for (let k = 0; k < terms.length;) {
      yield
      if (this.revision !== revision) return null
      k = this.encodeTerms(terms, k, { counts, ends, postings })
    }
    // One id a line, joined a step at a time (JSON for 50,000 ids took 20 ms to write, 30 to read).
    const idLines: string[] = []
    for (let slot = 0; slot < this.ids.length; slot += STEP_SLOTS) {
      idLines.push(
        this.ids
          .slice(slot, slot + STEP_SLOTS)
          .map((id) => (id === undefined ? HOLE : asLine(id)))
          .join('\n'),
      )
      yield
    }
    if (this.revision !== revision) return null
    const encoder = new TextEncoder()
    const sections = [
      encoder.encode(idLines.join('\n')),
      encoder.encode(terms.join('\n')),
      bytesOf(counts),
      bytesOf(ends),
      bytesOf(this.lengths.slice(0, this.ids.length * FIELD_COUNT)),
      postings.written(),
    ]
    yield
    if (this.revision !== revision) return null
    const header: BinaryHeader = {
      format: BINARY_FORMAT,
      version: BINARY_VERSION,
      analysis: ANALYSIS_VERSION,
      byteOrder: BYTE_ORDER_MARK,
      label,
      slots: this.ids.length,
      terms: terms.length,
      postings: postings.length / 2,
      crc32: yield* checksumSteps(sections),
    }
    return framed(header, sections)
  }

  /** `toBinarySteps` at once, for a caller that changes nothing meanwhile (tests, a bench). */
  toBinary(label = ''): Uint8Array[] {
    return finish(this.toBinarySteps(label)) as Uint8Array[]
  }

  /**
   * Writes the postings of terms from `k` until about `STEP_POSTINGS` were written; returns the next
   * term. A method of its own, between yields (see `fromParts`).
   */
  private encodeTerms(
    terms: readonly string[],
    k: number,
    into: { counts: Uint32Array; ends: Uint32Array; postings: VarintWriter },
  ): number {
    const { counts, ends, postings } = into
    const stop = postings.length + 2 * STEP_POSTINGS
    for (; k < terms.length && postings.length < stop; k++) {
      const p = this.postings[this.termIds.get(terms[k] as string) as number] as Postings
      counts[k] = p.n
      // A word no query read since the load: its base as the bytes that were read, then what
      // changes added (decoding it to encode it again cost most of a save after an import).
      const bytes = p.encodedBase
      if (bytes !== null) {
        postings.writeBytes(bytes, p.n - p.tail.n)
        if (p.tail.n > 0) writeRun(postings, p.tail, lastSlotOf(bytes))
      } else {
        writeRun(postings, p.tail, writeRun(postings, p.base, 0))
      }
      ends[k] = postings.byteLength
    }
    return k
  }

  /** `loadBinarySteps` at once. */
  static loadBinary(bytes: Uint8Array, label = ''): SearchIndex {
    return finish(SearchIndex.loadBinarySteps(bytes, label))
  }

  /**
   * Reads what `toBinarySteps` wrote with this `label`, in steps; throws `SearchIndexFormatError` on
   * anything else (a damaged file must not become an index that answers wrong: its checksum must
   * match). The postings stay in `bytes`, which the index then owns, until a query decodes them.
   */
  static *loadBinarySteps(bytes: Uint8Array, label = ''): Generator<void, SearchIndex, void> {
    const { header, sections } = unframe(bytes)
    const h = header as Partial<BinaryHeader> | null
    if (
      typeof h !== 'object' ||
      h === null ||
      h.format !== BINARY_FORMAT ||
      h.version !== BINARY_VERSION ||
      h.analysis !== ANALYSIS_VERSION ||
      h.byteOrder !== BYTE_ORDER_MARK ||
      !Number.isInteger(h.slots) ||
      !Number.isInteger(h.terms) ||
      !Number.isInteger(h.postings) ||
      sections.length !== 6
    )
      throw new SearchIndexFormatError('not a binary search index of this version')
    if (h.label !== label) throw new SearchIndexFormatError('saved for another state of the library')
    if ((yield* checksumSteps(sections)) !== h.crc32) throw new SearchIndexFormatError('checksum mismatch')
    const slotCount = h.slots as number
    const termCount = h.terms as number
    const total = h.postings as number
    const [idBytes, termBytes, countBytes, endBytes, lengthBytes, postingBytes] = sections as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ]
    const decoder = new TextDecoder('utf-8', { fatal: true })
    let idText: string
    let terms: string[]
    try {
      idText = decoder.decode(idBytes)
      terms = termCount === 0 ? [] : decoder.decode(termBytes).split('\n')
    } catch {
      throw new SearchIndexFormatError('bad ids or terms')
    }
    yield
    const ids = slotCount === 0 ? [] : yield* linesInSteps(idText)
    if (ids.length !== slotCount || terms.length !== termCount)
      throw new SearchIndexFormatError('bad ids or terms')
    const counts = viewOf(countBytes, Uint32Array, termCount)
    const ends = viewOf(endBytes, Uint32Array, termCount)
    const encoded: EncodedPostings = { bytes: postingBytes, slotCount }
    let k = 0
    let byteAt = 0
    const index = yield* SearchIndex.fromParts(
      {
        ids,
        lengths: viewOf(lengthBytes, Uint16Array, slotCount * FIELD_COUNT),
        terms,
        counts,
        postings: total,
      },
      (_, n) => {
        const byteEnd = ends[k++] as number
        // At least two bytes a posting, within the section: decoding checks the rest.
        if (byteEnd - byteAt < 2 * n || byteEnd > postingBytes.byteLength)
          throw new SearchIndexFormatError('bad postings')
        const p = new Postings(n, { encoded, byteAt, byteEnd })
        byteAt = byteEnd
        return p
      },
    )
    if (byteAt !== postingBytes.byteLength) throw new SearchIndexFormatError('bad postings')
    return index
  }

  private addDoc(doc: SearchDoc, opts: { keepVocabularySorted: boolean }): void {
    this.changes++
    const slot = this.ids.length
    this.ids.push(doc.id)
    this.slotOf.set(doc.id, slot)
    if (this.keyOf !== null) {
      if (slot >= this.keys.length) {
        const grown = new Int32Array(this.keys.length * 2).fill(-1)
        grown.set(this.keys)
        this.keys = grown
      }
      this.keys[slot] = this.keyOf(doc.id)
    }
    if ((slot + 1) * FIELD_COUNT > this.lengths.length) {
      const grown = new Uint16Array(this.lengths.length * 2)
      grown.set(this.lengths)
      this.lengths = grown
    }
    const touched: number[] = []
    for (let f = 0; f < FIELD_COUNT; f++) {
      const shift = TF_BITS * f
      const words = forEachIndexTerm(doc[SEARCH_FIELDS[f] as SearchField], (term) => {
        const id = this.termIds.get(term) ?? this.newTerm(term, opts.keepVocabularySorted)
        const packed = this.docTf[id] as number
        if (packed === 0) touched.push(id)
        if (((packed >>> shift) & TF_MAX) < TF_MAX) this.docTf[id] = packed + (1 << shift)
      })
      const len = Math.min(words, 0xffff)
      this.lengths[slot * FIELD_COUNT + f] = len
      this.lengthSums[f] = (this.lengthSums[f] as number) + len
    }
    for (const id of touched) {
      const p = this.postings[id] as Postings
      const tail = p.tail
      if (tail.n === tail.slots.length) {
        const slots = new Int32Array(Math.max(tail.n * 2, 4))
        const tfs = new Int32Array(Math.max(tail.n * 2, 4))
        slots.set(tail.slots)
        tfs.set(tail.tfs)
        tail.slots = slots
        tail.tfs = tfs
      }
      tail.slots[tail.n] = slot
      tail.tfs[tail.n] = this.docTf[id] as number
      tail.n++
      p.n++
      this.docTf[id] = 0
    }
  }

  private newTerm(term: string, keepVocabularySorted: boolean): number {
    const id = this.terms.length
    this.termIds.set(term, id)
    this.terms.push(term)
    this.postings.push(new Postings(0, emptyRun()))
    if (id >= this.docTf.length) {
      const grown = new Int32Array(this.docTf.length * 2)
      grown.set(this.docTf)
      this.docTf = grown
    }
    // A single upsert inserts in place; a bulk add re-sorts once, on the next prefix search.
    if (this.sortedTerms !== null) {
      if (keepVocabularySorted) this.sortedTerms.splice(lowerBound(this.sortedTerms, term), 0, term)
      else this.sortedTerms = null
    }
    return id
  }

  /** Forgets the id; its postings stay (skipped by search) until the next vacuum. */
  private removeSlot(id: string): void {
    this.changes++
    const slot = this.slotOf.get(id) as number
    this.slotOf.delete(id)
    this.ids[slot] = undefined
    if (this.keyOf !== null) this.keys[slot] = -1
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.lengthSums[f] = (this.lengthSums[f] as number) - (this.lengths[slot * FIELD_COUNT + f] as number)
      // A hole's lengths are saved as nothing, so that a load's sums come out the same.
      this.lengths[slot * FIELD_COUNT + f] = 0
    }
    this.removed++
  }

  /** Starts a vacuum in steps between turns of the event loop once removed slots are many. */
  private maybeVacuum(): void {
    if (this.vacuuming === null && this.removed > 64 && this.removed > this.ids.length * VACUUM_SHARE)
      void inSlices(this.vacuumSteps())
  }

  /**
   * Finishes a vacuum under way: its steps renumber the postings a slice of terms at a time, so the
   * index answers and changes only between vacuums. Every search and change calls it first.
   */
  private settle(): void {
    const steps = this.vacuuming
    if (steps === null) return
    this.vacuuming = null
    finish(steps)
  }

  /** The rest of a vacuum under way, a step a yield: a save needs the slots it renumbers final. */
  private *vacuumUnderWaySteps(): Generator<void, void, void> {
    const steps = this.vacuuming
    if (steps === null) return
    // A change meanwhile finishes it at once (`settle`), which ends this too.
    while (this.vacuuming === steps && !steps.next().done) yield
    if (this.vacuuming === steps) this.vacuuming = null
  }

  /**
   * Drops removed documents from the postings and renumbers slots (order kept, so postings stay
   * sorted), in place, in steps of about `STEP_POSTINGS` postings (at 50,000 papers it walks 3
   * million: tens of ms at once). The steps are also `vacuuming`, so that a search or change that
   * comes between two of them finishes the rest first (`settle`). The rarer repack also frees the
   * space removed postings leave in the base buffers and the tails' spare capacity. It starts on its
   * own once removed slots are a quarter of all (`maybeVacuum`); a save keeps them, as holes.
   */
  *vacuumSteps(): Generator<void, void, void> {
    this.settle()
    if (this.removed === 0) return
    const steps = this.compactSteps()
    this.vacuuming = steps
    while (!steps.next().done) yield
    if (this.vacuuming === steps) this.vacuuming = null
  }

  private *compactSteps(): Generator<void, void, void> {
    const renumber = new Int32Array(this.ids.length).fill(-1)
    const ids: string[] = []
    const slotOf = new Map<string, number>()
    const lengths = new Uint16Array(Math.max(this.slotOf.size, 1024) * FIELD_COUNT)
    // Keys move with their slots.
    const keys = new Int32Array(this.keyOf === null ? 0 : Math.max(this.slotOf.size, 1024)).fill(-1)
    for (let slot = 0; slot < this.ids.length; slot++) {
      // 50,000 slots at once took 25 ms.
      if (slot % STEP_SLOTS === 0) yield
      const id = this.ids[slot]
      if (id === undefined) continue
      renumber[slot] = ids.length
      if (this.keyOf !== null) keys[ids.length] = this.keys[slot] as number
      for (let f = 0; f < FIELD_COUNT; f++)
        lengths[ids.length * FIELD_COUNT + f] = this.lengths[slot * FIELD_COUNT + f] as number
      slotOf.set(id, ids.length)
      ids.push(id)
    }
    yield
    const kept = { inBase: 0, inTails: 0 }
    // The loops are methods of their own, between yields (see `fromParts`).
    for (let t = 0; t < this.postings.length;) {
      t = this.compactTerms(t, renumber, kept)
      yield
    }
    if (kept.inTails > kept.inBase * REPACK_SHARE) {
      const total = kept.inBase + kept.inTails
      const into = { slots: new Int32Array(total), tfs: new Int32Array(total), at: 0 }
      for (let t = 0; t < this.postings.length;) {
        t = this.repackTerms(t, into)
        yield
      }
    }
    this.ids = ids
    this.slotOf = slotOf
    this.lengths = lengths
    this.keys = keys
    this.removed = 0
  }

  /**
   * Compacts the postings of terms from `t` until about `STEP_POSTINGS` were walked, adding what is
   * kept to `kept`; returns the next term. Terms left without postings keep their id (n = 0):
   * search and toJSON skip them.
   */
  private compactTerms(t: number, renumber: Int32Array, kept: { inBase: number; inTails: number }): number {
    let walked = 0
    for (; t < this.postings.length && walked < STEP_POSTINGS; t++) {
      const p = this.postings[t] as Postings
      walked += p.n
      compact(p.base, renumber)
      compact(p.tail, renumber)
      p.n = p.base.n + p.tail.n
      kept.inBase += p.base.n
      kept.inTails += p.tail.n
    }
    return t
  }

  /**
   * Moves the postings of terms from `t` to exact-size base views into `into`'s buffers (shared by
   * all terms), until about `STEP_POSTINGS` were moved; returns the next term.
   */
  private repackTerms(t: number, into: { slots: Int32Array; tfs: Int32Array; at: number }): number {
    const { slots, tfs } = into
    const stop = into.at + STEP_POSTINGS
    for (; t < this.postings.length && into.at < stop; t++) {
      const p = this.postings[t] as Postings
      const start = into.at
      for (const run of [p.base, p.tail]) {
        slots.set(run.slots.subarray(0, run.n), into.at)
        tfs.set(run.tfs.subarray(0, run.n), into.at)
        into.at += run.n
      }
      p.base = {
        slots: slots.subarray(start, into.at),
        tfs: tfs.subarray(start, into.at),
        n: into.at - start,
      }
      p.tail = emptyRun()
    }
    return t
  }

  private vocabulary(): string[] {
    this.sortedTerms ??= [...this.terms].sort()
    return this.sortedTerms
  }

  private group(word: string, prefix: boolean, mask: number): Group {
    const g: Group = { terms: [], postings: [], weights: [], mask, cost: 0 }
    const add = (term: string, weight: number): void => {
      const p = this.postings[this.termIds.get(term) as number] as Postings
      if (p.n === 0) return
      g.terms.push(term)
      g.postings.push(p)
      g.weights.push(weight)
      g.cost += p.n
    }
    if (!prefix) {
      if (this.termIds.has(word)) add(word, 1)
      return g
    }
    const terms = this.vocabulary()
    for (let i = lowerBound(terms, word); i < terms.length; i++) {
      const term = terms[i] as string
      if (!term.startsWith(word)) break
      // `diffusion` for `diff` counts a little less than `diff` itself, never less than half.
      add(term, 0.5 + (0.5 * word.length) / term.length)
    }
    return g
  }

  private ensureScratch(): void {
    if (this.best.length >= this.ids.length) return
    const size = Math.max(this.ids.length, 1024) * 2
    this.best = new Float64Array(size)
    this.acc = new Float64Array(size)
    this.mark = new Uint8Array(size)
    this.verdicts = new Uint8Array(size)
  }

  /**
   * Scores one group on the current candidates (every document that `passes` when null), adds to
   * `acc`, and returns the candidates that matched it. The first group sets `acc` (so no reset is
   * needed between queries); later groups add to it. Within a group (a prefix's expansions) a
   * document counts its best-scoring expansion once.
   */
  private scoreGroup(
    g: Group,
    candidates: number[] | null,
    avg: Float64Array,
    alive: number,
    passes: ((slot: number) => boolean) | null,
    /** The hits wanted and their `check`, when the commonest completions may be skipped; else null. */
    prune: { limit: number; check: ((id: string) => boolean) | undefined } | null,
  ): number[] {
    const { best, mark, acc } = this
    const matched: number[] = []
    const idf = (p: Postings, e: number): number =>
      Math.log(1 + (alive - p.n + 0.5) / (p.n + 0.5)) * (g.weights[e] as number)

    if (candidates === null) {
      // Completions by the most they can score (rarest first), so that the commonest come last and
      // can be skipped (`prune`): once `limit` matches score at least what the next one could, no
      // later completion changes the best `limit`.
      const order = g.postings.map((p, e) => ({ p, weight: idf(p, e) }))
      if (prune !== null) order.sort((a, b) => b.weight - a.weight)
      const most = this.maxFieldScore(g.mask)
      for (const { p, weight } of order) {
        if (prune !== null && matched.length >= prune.limit && p.n > matched.length) {
          const bound = weight * most
          let surely = 0
          for (const slot of matched) {
            if ((best[slot] as number) < bound) continue
            if (prune.check !== undefined && !prune.check(this.ids[slot] as string)) continue
            if (++surely >= prune.limit) break
          }
          if (surely >= prune.limit) break
        }
        for (const { slots, tfs, n } of [p.base, p.tail]) {
          for (let i = 0; i < n; i++) {
            const slot = slots[i] as number
            const tf = tfs[i] as number
            // The filter first: what fails it is never scored, nor looked at by later groups.
            if ((tf & g.mask) === 0 || this.ids[slot] === undefined || (passes !== null && !passes(slot)))
              continue
            const s = this.bm25(tf, g.mask, slot, avg) * weight
            if (mark[slot] === 0) {
              mark[slot] = 1
              matched.push(slot)
              best[slot] = s
            } else if (s > (best[slot] as number)) best[slot] = s
          }
        }
      }
      for (const slot of matched) {
        acc[slot] = best[slot] as number
        mark[slot] = 0
        best[slot] = 0
      }
      return matched
    }

    // Probe each candidate by binary search when that is cheaper than walking the postings.
    let probeCost = 0
    for (const p of g.postings) probeCost += candidates.length * Math.log2(p.n + 1)
    const probe = probeCost < g.cost
    if (!probe) for (const slot of candidates) mark[slot] = 1
    g.postings.forEach((p, e) => {
      const weight = idf(p, e)
      if (probe) {
        for (const slot of candidates) {
          const tf = tfOf(p, slot)
          if (tf === 0) continue
          const s = this.bm25(tf, g.mask, slot, avg) * weight
          if (s > (best[slot] as number)) best[slot] = s
        }
        return
      }
      for (const { slots, tfs, n } of [p.base, p.tail]) {
        for (let i = 0; i < n; i++) {
          const slot = slots[i] as number
          if (mark[slot] === 0) continue
          const s = this.bm25(tfs[i] as number, g.mask, slot, avg) * weight
          if (s > (best[slot] as number)) best[slot] = s
        }
      }
    })
    for (const slot of candidates) {
      const s = best[slot] as number
      if (s > 0) {
        matched.push(slot)
        acc[slot] = (acc[slot] as number) + s
      }
      best[slot] = 0
      mark[slot] = 0
    }
    return matched
  }

  /**
   * The most a posting can score in the fields of `mask` before idf (BM25's tf part stays below
   * K1 + 1), over the fields any document has words in: the page index's pages have one.
   */
  private maxFieldScore(mask: number): number {
    let most = 0
    SEARCH_FIELDS.forEach((_, f) => {
      if (((mask >>> (TF_BITS * f)) & TF_MAX) !== 0 && (this.lengthSums[f] as number) > 0)
        most = Math.max(most, (BOOST[f] as number) * (K1 + 1))
    })
    return most
  }

  /** BM25 summed over the fields in `mask`, each weighted by its boost (idf applied by the caller). */
  private bm25(packed: number, mask: number, slot: number, avg: Float64Array): number {
    let bits = packed & mask
    let s = 0
    for (let f = 0; bits !== 0; f++, bits >>>= TF_BITS) {
      const tf = bits & TF_MAX
      if (tf === 0) continue
      const len = this.lengths[slot * FIELD_COUNT + f] as number
      const norm = K1 * (1 - B + (B * len) / (avg[f] as number))
      s += ((BOOST[f] as number) * tf * (K1 + 1)) / (tf + norm)
    }
    return s
  }

  /**
   * The best `limit` candidates by `acc` that pass `check`, best first (ties: earlier added first): a
   * min-heap of the best so far in typed arrays, O(n log limit) rather than sorting every match, no
   * object made for a candidate that never enters it (most of a common word's), and `check` asked
   * only of candidates that would enter.
   */
  private topHits(
    candidates: readonly number[],
    limit: number,
    check: ((id: string) => boolean) | undefined,
  ): Ranked[] {
    const { acc } = this
    const size = Math.min(limit, candidates.length)
    const slots = new Int32Array(size)
    const scores = new Float64Array(size)
    // Whether entry i ranks below entry j (the heap's root is the worst kept).
    const below = (i: number, j: number): boolean =>
      (scores[i] as number) < (scores[j] as number) ||
      (scores[i] === scores[j] && (slots[i] as number) > (slots[j] as number))
    const swap = (i: number, j: number): void => {
      const slot = slots[i] as number
      const score = scores[i] as number
      slots[i] = slots[j] as number
      scores[i] = scores[j] as number
      slots[j] = slot
      scores[j] = score
    }
    let n = 0
    for (const slot of candidates) {
      const score = acc[slot] as number
      if (n === size) {
        const min = scores[0] as number
        if (score < min || (score === min && slot > (slots[0] as number))) continue
      }
      if (check !== undefined && !check(this.ids[slot] as string)) continue
      if (n < size) {
        slots[n] = slot
        scores[n] = score
        for (let i = n++; i > 0;) {
          const parent = (i - 1) >> 1
          if (!below(i, parent)) break
          swap(parent, i)
          i = parent
        }
        continue
      }
      slots[0] = slot
      scores[0] = score
      for (let i = 0; ;) {
        const l = 2 * i + 1
        let least = i
        if (l < n && below(l, least)) least = l
        if (l + 1 < n && below(l + 1, least)) least = l + 1
        if (least === i) break
        swap(least, i)
        i = least
      }
    }
    const top: Ranked[] = []
    for (let i = 0; i < n; i++) top.push({ slot: slots[i] as number, score: scores[i] as number })
    return top.sort((a, b) => (better(a, b) ? -1 : 1))
  }

  /** Which terms of each group matched each hit, in the fields the group was allowed. */
  private withTerms(hits: Ranked[], groups: Group[]): SearchHit[] {
    const terms = hits.map(() => new Set<string>())
    const row = new Map(hits.map((h, i) => [h.slot, i]))
    for (const g of groups) {
      if (g.postings.length === 1) {
        for (const set of terms) set.add(g.terms[0] as string)
        continue
      }
      g.postings.forEach((p, e) => {
        const term = g.terms[e] as string
        // Probe the few hits rather than walk a long posting list.
        if (hits.length * Math.log2(p.n + 1) < p.n) {
          hits.forEach((h, i) => {
            if ((tfOf(p, h.slot) & g.mask) !== 0) terms[i]?.add(term)
          })
          return
        }
        for (const { slots, tfs, n } of [p.base, p.tail]) {
          for (let i = 0; i < n; i++) {
            const r = row.get(slots[i] as number)
            if (r !== undefined && ((tfs[i] as number) & g.mask) !== 0) terms[r]?.add(term)
          }
        }
      })
    }
    return hits.map((h, i) => ({
      id: this.ids[h.slot] as string,
      score: h.score,
      terms: [...(terms[i] ?? [])],
    }))
  }

  private listAll(limit: number, passes: ((slot: number) => boolean) | null): SearchHit[] {
    const hits: SearchHit[] = []
    for (let slot = 0; slot < this.ids.length && hits.length < limit; slot++) {
      const id = this.ids[slot]
      if (id !== undefined && (passes === null || passes(slot))) hits.push({ id, score: 0, terms: [] })
    }
    return hits
  }
}

/** LEB128 unsigned varints: postings are mostly small slot deltas, one or two bytes each. */
class VarintWriter {
  private buffer: Uint8Array
  private at = 0

  constructor(bytes = 1 << 16) {
    this.buffer = new Uint8Array(bytes)
  }

  /** Varints written so far. */
  length = 0

  get byteLength(): number {
    return this.at
  }

  /** What was written (a view: write no more after taking it). */
  written(): Uint8Array {
    return this.buffer.subarray(0, this.at)
  }

  write(value: number): void {
    this.length++
    this.makeRoom(5)
    let v = value >>> 0
    while (v >= 0x80) {
      this.buffer[this.at++] = (v & 0x7f) | 0x80
      v >>>= 7
    }
    this.buffer[this.at++] = v
  }

  /** Bytes written elsewhere that hold `postings` postings (two varints each). */
  writeBytes(bytes: Uint8Array, postings: number): void {
    this.length += 2 * postings
    this.makeRoom(bytes.byteLength)
    this.buffer.set(bytes, this.at)
    this.at += bytes.byteLength
  }

  private makeRoom(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.at + bytes))
    grown.set(this.buffer)
    this.buffer = grown
  }
}

/** Runs steps to the end. */
function finish<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** Postings (or bytes) handled between two yields of `toBinarySteps` / `loadBinarySteps`: a few ms. */
const STEP_POSTINGS = 25_000
/** Terms looked at between two yields of `toBinarySteps`. */
const STEP_TERMS = 20_000
/** Slots registered or renumbered between two yields of a load or a vacuum. */
const STEP_SLOTS = 5_000
/** Bytes checksummed between two yields of `loadBinarySteps`. */
const STEP_CHECKSUM_BYTES = 1 << 20

const BINARY_FORMAT = 'lectern-search-index-binary'
/**
 * 5: removed documents' slots kept, as holes (see `HOLE`); 4: ids one a line (they were JSON); 3: a
 * posting's packed frequencies as a varint beside its slot's (the papers' fields took 4 bytes a
 * posting), and a label; 2: slot deltas as varints, decoded per term, and a checksum; 1 had every
 * posting as 4 bytes.
 */
const BINARY_VERSION = 5
/** Written as a number and read back: typed arrays are in the machine's byte order. */
const BYTE_ORDER_MARK = new Uint32Array(new Uint8Array([1, 2, 3, 4]).buffer)[0] as number

interface BinaryHeader {
  format: typeof BINARY_FORMAT
  version: number
  analysis: number
  byteOrder: number
  /** The writer's name for what the index covers (the papers': the library's fingerprint). */
  label: string
  slots: number
  terms: number
  postings: number
  /** CRC-32 of the sections, one after another. */
  crc32: number
  /**
   * Byte length of each section (`framed`): ids (JSON), terms (sorted, one a line), counts (u32),
   * ends (u32: where each term's postings end), lengths (u16), postings (varints).
   */
  sections?: number[]
}

/**
 * A removed document's slot in the file: a lone backslash, which no id's line can be (`asLine`
 * doubles every backslash of an id).
 */
const HOLE = '\\'

/** An id as one line: a backslash or a line break in it (ids are any string) escaped. */
function asLine(id: string): string {
  return /[\\\n]/.test(id) ? id.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : id
}

function fromLine(line: string): string | undefined {
  if (line === HOLE) return undefined
  return line.includes('\\') ? line.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) : line
}

/** The lines of `text`, `STEP_SLOTS` of them split off between two yields (see `asLine`). */
function* linesInSteps(text: string): Generator<void, (string | undefined)[], void> {
  const lines: (string | undefined)[] = []
  let from = 0
  for (;;) {
    let to = from
    for (let n = 0; n < STEP_SLOTS && to !== -1; n++) to = text.indexOf('\n', to + 1)
    if (to === -1) return lines.concat(text.slice(from).split('\n').map(fromLine))
    lines.push(...text.slice(from, to).split('\n').map(fromLine))
    from = to + 1
    yield
  }
}

/** CRC-32 of the sections, one after another, a few MB at a time between yields. */
function* checksumSteps(sections: readonly Uint8Array[]): Generator<void, number, void> {
  let crc = 0
  for (const section of sections) {
    for (let at = 0; at < section.byteLength; at += STEP_CHECKSUM_BYTES) {
      crc = crc32(section.subarray(at, at + STEP_CHECKSUM_BYTES), crc)
      yield
    }
  }
  return crc
}

const MAGIC = new TextEncoder().encode('LECTERN-INDEX\n')

/**
 * Bytes of a header and sections: the magic line, the header's length (4 bytes), the header as JSON,
 * then each section, every one starting at a multiple of 8 bytes so that it can be viewed as a typed
 * array where it lies.
 */
export function framed(header: object, sections: readonly Uint8Array[]): Uint8Array[] {
  const json = new TextEncoder().encode(
    JSON.stringify({ ...header, sections: sections.map((b) => b.byteLength) }),
  )
  const length = new Uint8Array(4)
  new DataView(length.buffer).setUint32(0, json.byteLength, true)
  const chunks: Uint8Array[] = [MAGIC, length, json]
  let at = MAGIC.byteLength + 4 + json.byteLength
  for (const section of sections) {
    const pad = (8 - (at % 8)) % 8
    if (pad > 0) chunks.push(new Uint8Array(pad))
    chunks.push(section)
    at += pad + section.byteLength
  }
  return chunks
}

/** The header and sections of `framed` bytes; throws `SearchIndexFormatError` on anything else. */
export function unframe(bytes: Uint8Array): { header: unknown; sections: Uint8Array[] } {
  const prefix = MAGIC.byteLength + 4
  if (bytes.byteLength < prefix || !MAGIC.every((b, i) => bytes[i] === b))
    throw new SearchIndexFormatError('not a Lectern index file')
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    MAGIC.byteLength,
    true,
  )
  if (prefix + jsonLength > bytes.byteLength) throw new SearchIndexFormatError('truncated header')
  let header: unknown
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(prefix, prefix + jsonLength)),
    )
  } catch {
    throw new SearchIndexFormatError('bad header')
  }
  const lengths = (header as { sections?: unknown } | null)?.sections
  if (!Array.isArray(lengths) || !lengths.every((n) => Number.isInteger(n) && (n as number) >= 0))
    throw new SearchIndexFormatError('bad header')
  const sections: Uint8Array[] = []
  let at = prefix + jsonLength
  for (const length of lengths as number[]) {
    at += (8 - (at % 8)) % 8
    if (at + length > bytes.byteLength) throw new SearchIndexFormatError('truncated file')
    sections.push(bytes.subarray(at, at + length))
    at += length
  }
  if (at !== bytes.byteLength) throw new SearchIndexFormatError('trailing bytes')
  return { header, sections }
}

function bytesOf(array: Uint32Array | Uint16Array | Int32Array | Uint8Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength)
}

type TypedArrayOf<T> = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T
  BYTES_PER_ELEMENT: number
  new (length: number): T
}

/**
 * `count` elements of a section as a typed array: a view where the bytes lie when they are aligned
 * (a file read whole starts its buffer at 0, and sections at multiples of 8), else a copy.
 */
function viewOf<T extends Uint32Array | Uint16Array | Int32Array | Uint8Array>(
  bytes: Uint8Array,
  Type: TypedArrayOf<T>,
  count: number,
): T {
  if (bytes.byteLength !== count * Type.BYTES_PER_ELEMENT)
    throw new SearchIndexFormatError('bad section length')
  if (bytes.byteOffset % Type.BYTES_PER_ELEMENT === 0) return new Type(bytes.buffer, bytes.byteOffset, count)
  const copy = new Type(count)
  new Uint8Array(copy.buffer).set(bytes)
  return copy
}
