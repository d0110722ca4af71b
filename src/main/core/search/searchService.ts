import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { SearchResult, SearchRow } from '../../../shared/api'
import type { Paper } from '../../../shared/domain'
import { isLive, refreshDerived } from '../library/entity'
import type { ServiceDeps } from '../library/listService'
import type { PaperService } from '../library/paperService'
import { writeFileDurably } from '../store/durableFile'
import { joinPaper, type PaperText } from '../store/paperParts'
import { hasFilters, PaperFilterSets, type FilterMatch } from './filterSets'
import { inSlices, nextTurn, SlicedQueue } from '../inSlices'
import type { PageIndex } from './pageIndex'
import { searchDocFromPaper, searchDocMayHaveChanged } from './searchDoc'
import { searchEverywhere, type PaperFilter } from './searchEverywhere'
import { SearchIndex, SearchIndexFormatError, type SearchDoc } from './searchIndex'
import { splitPaperRefs, type PaperRef } from './paperRefs'
import { authorClauses, parseSearchQuery, type ParsedQuery } from './searchQuery'
import { foldText, queryWords } from './textAnalysis'

const INDEX_FILE = 'search-index.bin'
/** What the index was saved as until it became binary: removed when found, as nothing reads it. */
const LEGACY_FILE = 'search-index.json'

/** What a hit adds to its paper's row. */
type RowHit = Pick<SearchRow, 'id' | 'terms' | 'matches'>

export interface QueryOptions {
  /**
   * False: hits that matched no words (filters alone, papers named by id) come as `ids` only, for a
   * caller that holds the rows by id (the renderer's row store); making 1,000 rows was most of a
   * filter-only query at 50,000 papers. Default true.
   */
  rows?: boolean
}
/** Changes up to this many papers are indexed as they are committed; more (an import) in slices. */
const APPLY_AT_ONCE = 100
/**
 * Writing the index takes a few hundred ms of the main thread at 50,000 papers (in slices), so it
 * waits for a quiet spell (never in the middle of typing) but no longer than a few minutes of steady
 * work.
 */
const PERSIST_QUIET_MS = 15_000
const PERSIST_MAX_WAIT_MS = 5 * 60_000

/**
 * The library's search: the index is derived data, kept in `search-index.bin` beside the library
 * with a fingerprint of what it covers. At start a matching file is loaded; otherwise the index is
 * built in chunks off the request path while queries fall back to a plain scan. Every commit updates
 * the index incrementally; it is written back after a quiet spell and on close.
 */
export class SearchService {
  private index: SearchIndex | null = null
  private readonly pending = new Set<string>()
  private dirty = false
  private timer: ReturnType<typeof setTimeout> | null = null
  /** When the oldest change not yet written was made. */
  private dirtySince: number | null = null
  private ready: Promise<void> = Promise.resolve()
  private closing = false
  /**
   * Papers of committed changes not in the index yet (null: remove), indexed in slices. Each is read
   * as the commit made it (its text is at hand then, not after) and joined, then made a document, as
   * it is indexed: joining 1,000 papers in an import's commit took 20 ms of its turn, making their
   * documents 30 ms more.
   */
  private readonly queued = new SlicedQueue<string, (() => Paper) | null>(
    (id, paper) => {
      // Queued only once there is an index (see `applyPending`).
      if (paper) this.index?.upsert(this.docOf(paper()))
      else this.index?.remove(id)
    },
    { atOnce: APPLY_AT_ONCE },
  )
  private readonly filters: PaperFilterSets

  constructor(
    private readonly deps: ServiceDeps,
    private readonly papers: PaperService,
    /** PDF pages and highlight comments, searched with the papers (null: papers only). */
    private readonly pages: PageIndex | null = null,
  ) {
    this.filters = new PaperFilterSets(deps.store)
    deps.store.onCommit((change) => {
      for (const id of change.papers)
        if (searchDocMayHaveChanged(change, id, deps.store.head(id))) this.pending.add(id)
      for (const id of change.notes) this.pending.add(id)
      if (this.index) this.applyPending(change.texts)
      for (const id of change.annotations) this.pages?.setHighlights(id, deps.store.annotations(id))
    })
  }

  /** Loads or builds the index; resolves when it is ready (queries work before that, by scanning). */
  start(): Promise<void> {
    this.ready = Promise.all([
      this.filters.build(),
      this.loadOrBuild(),
      this.pages?.load(this.deps.store.allAnnotations()),
    ]).then(() => undefined)
    return this.ready
  }

  /** Whether PDF pages are searched (there are none, or their saved index is loaded). */
  private get pagesReady(): boolean {
    return this.pages?.ready ?? true
  }

  whenReady(): Promise<void> {
    return this.ready
  }

  /**
   * Saves the index if it changed. A build still under way is given up, not waited for (the next
   * start builds it again): quitting right after a first start at 50,000 papers waited 20 s for it.
   */
  async close(): Promise<void> {
    this.closing = true
    await this.ready
    await this.flush()
  }

  /**
   * Papers for a search box query, best first, at most `limit` ('all': every match). Papers the
   * query names (arXiv id or link, DOI) come first; the rest of its words are searched as text.
   */
  query(input: string, limit: number | 'all' = 200, options: QueryOptions = {}): SearchResult {
    const max = limit === 'all' ? Infinity : limit
    const rows = options.rows ?? true
    const parsed = parseSearchQuery(input)
    const filtered = this.filters.match(parsed)
    // list:, tag:, is:, has:, day: (null when there are none).
    const filter: PaperFilter | null = hasFilters(parsed)
      ? { byId: (id) => filtered.has(id), index: { keyed: filtered.bits } }
      : null
    const { refs, rest } = splitPaperRefs(parsed.text)
    const q = { ...parsed, text: rest }
    if (refs.length === 0) return this.match(q, filter, max, { filtered, rows })
    const pinned = this.papersNamed(refs).filter((id) => !filter || filter.byId(id))
    const shown = pinned.slice(0, max)
    const first = rows ? this.rowsWithoutTerms(shown) : []
    if (q.text.trim() === '' && q.authors.length === 0) {
      return {
        ids: shown,
        hits: first,
        total: pinned.length,
        truncated: shown.length < pinned.length,
        indexReady: this.index !== null,
        pagesReady: this.pagesReady,
      }
    }
    const named = new Set(pinned)
    const others = this.match(
      q,
      {
        byId: (id) => !named.has(id) && (!filter || filter.byId(id)),
        index: { ...filter?.index, filter: (id) => !named.has(id) },
      },
      Math.max(max - shown.length, 1),
      { rows },
    )
    const ids = [...shown, ...others.ids].slice(0, max)
    const hits = [...first, ...others.hits].slice(0, max)
    const total = pinned.length + others.total
    return {
      ids,
      hits,
      total,
      truncated: ids.length < total,
      indexReady: others.indexReady,
      pagesReady: this.pagesReady,
    }
  }

  /** Rows of hits that matched no words (filters, named papers). */
  private rowsWithoutTerms(ids: readonly string[]): SearchRow[] {
    return this.rowsOf(ids.map((id) => ({ id, terms: [] })))
  }

  /**
   * Rows of live hits, in order, given their `terms` and `matches` in place: the rows are new, and
   * copying 1,000 of them to add those was a fifth of a filter-only query and over a quarter of one
   * with words at 50,000 papers.
   */
  private rowsOf(hits: readonly RowHit[]): SearchRow[] {
    const rows = this.papers.summaries(hits.map((h) => h.id)) as SearchRow[]
    // The rows are the hits in order, less those no longer live.
    let h = 0
    for (const row of rows) {
      while ((hits[h] as RowHit).id !== row.id) h++
      const { terms, matches } = hits[h++] as RowHit
      row.terms = terms
      if (matches) row.matches = matches
    }
    return rows
  }

  /** The text, author and filter part of a query. */
  private match(
    q: ParsedQuery,
    filter: PaperFilter | null,
    limit: number,
    options: { filtered?: FilterMatch; rows: boolean },
  ): SearchResult {
    const hasText = q.text.trim() !== '' || q.authors.length > 0
    const { filtered } = options
    if (!hasText && filtered) {
      // Filters only: nothing to rank by, so newest digest day first.
      const total = filtered.count()
      const ids = filtered.newest(limit)
      return {
        ids,
        hits: options.rows ? this.rowsWithoutTerms(ids) : [],
        total,
        truncated: total > limit,
        indexReady: this.index !== null,
        pagesReady: this.pagesReady,
      }
    }
    if (!this.index) {
      const all = this.scan(q, filter?.byId ?? null)
      const hits = all.slice(0, limit)
      return {
        ids: hits.map((h) => h.id),
        hits,
        total: all.length,
        truncated: all.length > limit,
        indexReady: false,
        pagesReady: this.pagesReady,
      }
    }
    if (this.pages) return this.matchEverywhere(q, filter, limit, this.index, this.pages)
    const { hits, total } = this.index.searchCounted(q.text, {
      limit,
      and: authorClauses(q),
      ...filter?.index,
    })
    const rows = this.rowsOf(hits)
    return {
      ids: rows.map((row) => row.id),
      hits: rows,
      total,
      truncated: total > hits.length,
      indexReady: true,
      pagesReady: this.pagesReady,
    }
  }

  /** The text matched in papers, their PDF pages and highlights, ranked together. */
  private matchEverywhere(
    q: ParsedQuery,
    filter: PaperFilter | null,
    limit: number,
    index: SearchIndex,
    pages: PageIndex,
  ): SearchResult {
    const { store } = this.deps
    const { hits, total } = searchEverywhere(
      {
        index,
        pages,
        paperText: (id) => {
          const [paper] = [...store.papersOf([id])]
          return paper && isLive(paper) ? Object.values(this.docOf(paper)).join('\n') : ''
        },
        noteText: (id) => {
          const note = store.note(id)
          return isLive(note) ? note.text : ''
        },
        paperAuthors: (id) => store.head(id)?.authors.join(', ') ?? '',
      },
      q,
      filter,
      limit,
    )
    const shown = this.rowsOf(hits)
    return {
      ids: shown.map((h) => h.id),
      hits: shown,
      total,
      truncated: total > shown.length,
      indexReady: true,
      pagesReady: this.pagesReady,
    }
  }

  /** Live papers named by arXiv id or DOI, in the order named, each once. */
  private papersNamed(refs: PaperRef[]): string[] {
    const ids = new Set<string>()
    const dois = new Set(refs.flatMap((r) => (r.kind === 'doi' ? [r.doi] : [])))
    const byDoi = new Map<string, string[]>()
    if (dois.size > 0) {
      for (const paper of this.deps.store.allHeads()) {
        const doi = paper.meta?.doi?.toLowerCase()
        if (doi && dois.has(doi) && isLive(paper)) byDoi.set(doi, [...(byDoi.get(doi) ?? []), paper.id])
      }
    }
    for (const ref of refs) {
      if (ref.kind === 'doi') for (const id of byDoi.get(ref.doi) ?? []) ids.add(id)
      else if (isLive(this.deps.store.head(ref.id))) ids.add(ref.id)
    }
    return [...ids]
  }

  /**
   * Writes the index if it changed since it was last saved: encoded in slices between turns of the
   * event loop, named by the fingerprint of the library it covers, and written to a temp file renamed
   * over the old one (a crash mid-save leaves the previous index, which still names its own state).
   */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.dirtySince = null
    // Derived data: a library opened read-only is indexed in memory only.
    if (!this.index || !this.dirty || this.deps.store.readOnly) return
    // A few tries: an attempt is given up when the index changes while it is being encoded.
    for (let attempt = 0; attempt < 3 && this.dirty; attempt++) {
      await this.queued.drained()
      const index = this.index
      const revision = index.revision
      this.dirty = false
      const fingerprint = await this.fingerprint()
      const bytes = await inSlices(index.toBinarySteps(fingerprint))
      // Changes not indexed yet, or indexed meanwhile: the bytes may not be the fingerprint's state.
      if (bytes === null || index.revision !== revision || this.queued.size > 0 || this.pending.size > 0) {
        this.dirty = true
        continue
      }
      // Written piece by piece: joining the pieces first copied megabytes in one turn.
      await writeFileDurably(join(this.deps.store.dir, INDEX_FILE), bytes)
    }
    if (this.dirty) this.schedulePersist()
  }

  private async loadOrBuild(): Promise<void> {
    // What the index must cover is the library as it is now; later commits queue in `pending`. (A
    // commit while the fingerprint is taken may be in it too: then the file no longer matches.)
    this.pending.clear()
    const { dir, readOnly } = this.deps.store
    // Read (off the main thread) while the fingerprint is taken.
    const reading = readFile(join(dir, INDEX_FILE)).catch(() => null)
    if (!readOnly) await rm(join(dir, LEGACY_FILE), { force: true })
    const fingerprint = await this.fingerprint()
    const saved = await reading
    // Missing, unreadable, of another format or library state: it is derived data, so rebuild it.
    if (saved !== null) {
      try {
        const loaded = await inSlices(SearchIndex.loadBinarySteps(saved, fingerprint))
        // Keying 50,000 documents is a slice of its own.
        await nextTurn()
        loaded.keyBy((id) => this.filters.ordinal(id))
        this.index = loaded
        this.applyPending()
        return
      } catch (error) {
        if (!(error instanceof SearchIndexFormatError)) throw error
      }
    }
    const index = new SearchIndex()
    index.keyBy((id) => this.filters.ordinal(id))
    // In slices, so requests keep being answered while a large library is indexed.
    if (!(await inSlices(this.buildSteps(index)))) return
    this.index = index
    this.applyPending()
    this.dirty = true
    await this.flush()
  }

  /** Every live paper into `index`, a paper a step; false if the service closed meanwhile. */
  private *buildSteps(index: SearchIndex): Generator<void, boolean, undefined> {
    for (const paper of this.deps.store.allPapers()) {
      if (this.closing) return false
      if (isLive(paper)) index.addAll([this.docOf(paper)])
      yield
    }
    return true
  }

  /**
   * Queues changed papers and indexes them: at once when they are few, else in slices. `texts`: those
   * a commit just wrote, at hand now (the others' are read now, as the commit just staged them).
   */
  private applyPending(texts: ReadonlyMap<string, PaperText> = new Map()): void {
    if (!this.index || this.pending.size === 0) return
    const read: string[] = []
    for (const id of this.pending) {
      const head = this.deps.store.head(id)
      const text = texts.get(id)
      // Gone: nothing to read (a deleted paper's text would be read from disk only to be dropped).
      if (!isLive(head)) this.queued.put(id, null)
      else if (text) this.queued.put(id, () => joinPaper(head, text))
      else read.push(id)
    }
    this.pending.clear()
    refreshDerived(read, this.deps.store.papersOf(read), {
      upsert: (paper) => this.queued.put(paper.id, () => paper),
      remove: (id) => this.queued.put(id, null),
    })
    this.dirty = true
    this.queued.schedule()
    this.schedulePersist()
  }

  /** Writes the index after a quiet spell, but no later than a few minutes after the first change. */
  private schedulePersist(): void {
    const now = Date.now()
    this.dirtySince ??= now
    if (this.timer) clearTimeout(this.timer)
    const wait = Math.min(PERSIST_QUIET_MS, this.dirtySince + PERSIST_MAX_WAIT_MS - now)
    this.timer = setTimeout(() => void this.flush(), Math.max(wait, 0))
    this.timer.unref?.()
  }

  private docOf(paper: Paper): SearchDoc {
    const note = this.deps.store.note(paper.id)
    return searchDocFromPaper(paper, isLive(note) ? note.text : '')
  }

  /**
   * What the index covers: every paper's and note's revision. Cheap next to a rebuild. The entries'
   * hashes are summed, so the order in which shards are visited (creation order in the session that
   * wrote the index, file order after a restart) does not change it.
   */
  private fingerprint(): Promise<string> {
    // 50,000 papers take a while: in slices, like the rest of the index's work.
    return inSlices(this.fingerprintSteps())
  }

  /** `fingerprint`'s work, yielding every 1,024 papers (a look at the clock each would add up). */
  private *fingerprintSteps(): Generator<void, string, undefined> {
    let sum = 0
    let count = 0
    const add = (text: string) => {
      let hash = 0x811c9dc5
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
      sum = (sum + (hash >>> 0)) >>> 0
    }
    for (const paper of this.deps.store.allHeads()) {
      add(`${paper.id}@${paper.rev}`)
      count++
      if (count % 1024 === 0) yield
    }
    for (const note of this.deps.store.allNotes()) add(`${note.paperId}#${note.rev}`)
    return `${count}:${sum.toString(16)}`
  }

  /** Before the index is ready: every word must occur somewhere in the paper's text. */
  private scan(q: ParsedQuery, filter: ((id: string) => boolean) | null) {
    const words = queryWords(q.text).words
    const authors = q.authors.map(foldText)
    const ids: string[] = []
    for (const paper of this.deps.store.allPapers()) {
      if (!isLive(paper) || (filter && !filter(paper.id))) continue
      const doc = this.docOf(paper)
      const text = foldText(Object.values(doc).join(' '))
      const authorText = foldText(doc.authors)
      if (words.every((w) => text.includes(w)) && authors.every((a) => authorText.includes(a)))
        ids.push(paper.id)
    }
    return this.rowsOf(ids.map((id) => ({ id, terms: words })))
  }
}
