import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SearchResult } from '../../../shared/api'
import type { Paper } from '../../../shared/domain'
import { isLive, refreshDerived } from '../library/entity'
import type { ListService, ServiceDeps } from '../library/listService'
import type { PaperService } from '../library/paperService'
import { writeFileDurably } from '../store/durableFile'
import type { PageIndex } from './pageIndex'
import { searchDocFromPaper } from './searchDoc'
import { searchEverywhere } from './searchEverywhere'
import { SearchIndex, type SearchDoc } from './searchIndex'
import { splitPaperRefs, type PaperRef } from './paperRefs'
import { authorClauses, parseSearchQuery, type ParsedQuery } from './searchQuery'
import { foldText, queryWords } from './textAnalysis'

const INDEX_FILE = 'search-index.json'
const BUILD_CHUNK = 2_000
/**
 * Writing the index takes about 1.5 s of the main thread at 50,000 papers, so it waits for a quiet
 * spell (never in the middle of typing) but no longer than a few minutes of steady work.
 */
const PERSIST_QUIET_MS = 15_000
const PERSIST_MAX_WAIT_MS = 5 * 60_000

/**
 * The library's search: the index is derived data, kept in `search-index.json` beside the library
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

  constructor(
    private readonly deps: ServiceDeps,
    private readonly papers: PaperService,
    private readonly lists: ListService,
    /** PDF pages and highlight comments, searched with the papers (null: papers only). */
    private readonly pages: PageIndex | null = null,
  ) {
    deps.store.onCommit((change) => {
      for (const id of change.papers) this.pending.add(id)
      for (const id of change.notes) this.pending.add(id)
      if (this.index) this.applyPending()
      for (const id of change.annotations) this.pages?.setHighlights(id, deps.store.annotations(id))
    })
  }

  /** Loads or builds the index; resolves when it is ready (queries work before that, by scanning). */
  start(): Promise<void> {
    this.ready = Promise.all([this.loadOrBuild(), this.pages?.load(this.deps.store.allAnnotations())]).then(
      () => undefined,
    )
    return this.ready
  }

  whenReady(): Promise<void> {
    return this.ready
  }

  /**
   * Papers for a search box query, best first, at most `limit` ('all': every match). Papers the
   * query names (arXiv id or link, DOI) come first; the rest of its words are searched as text.
   */
  query(input: string, limit: number | 'all' = 200): SearchResult {
    const max = limit === 'all' ? Infinity : limit
    const parsed = parseSearchQuery(input)
    const filter = this.filterFor(parsed)
    const { refs, rest } = splitPaperRefs(parsed.text)
    const q = { ...parsed, text: rest }
    if (refs.length === 0) return this.match(q, filter, max)
    const pinned = this.papersNamed(refs).filter((id) => !filter || filter(id))
    const shown = pinned.slice(0, max)
    const first = this.papers.summaries(shown).map((row) => ({ ...row, terms: [] }))
    if (q.text.trim() === '' && q.authors.length === 0) {
      return {
        hits: first,
        total: pinned.length,
        truncated: shown.length < pinned.length,
        indexReady: this.index !== null,
      }
    }
    const named = new Set(pinned)
    const others = this.match(
      q,
      (id) => !named.has(id) && (!filter || filter(id)),
      Math.max(max - shown.length, 1),
    )
    const hits = [...first, ...others.hits].slice(0, max)
    const total = pinned.length + others.total
    return { hits, total, truncated: hits.length < total, indexReady: others.indexReady }
  }

  /** The text, author and filter part of a query. */
  private match(q: ParsedQuery, filter: ((id: string) => boolean) | null, limit: number): SearchResult {
    const hasText = q.text.trim() !== '' || q.authors.length > 0
    if (!hasText) {
      // Filters only: nothing to rank by, so newest digest day first.
      const ids: string[] = []
      for (const paper of this.deps.store.allHeads())
        if (isLive(paper) && (!filter || filter(paper.id))) ids.push(paper.id)
      const rows = this.papers.summaries(ids).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
      return {
        hits: rows.slice(0, limit).map((row) => ({ ...row, terms: [] })),
        total: rows.length,
        truncated: rows.length > limit,
        indexReady: this.index !== null,
      }
    }
    if (!this.index) {
      const all = this.scan(q, filter)
      return {
        hits: all.slice(0, limit),
        total: all.length,
        truncated: all.length > limit,
        indexReady: false,
      }
    }
    if (this.pages) return this.matchEverywhere(q, filter, limit, this.index, this.pages)
    const { hits, total } = this.index.searchCounted(q.text, {
      limit,
      and: authorClauses(q),
      ...(filter ? { filter } : {}),
    })
    const rows = this.papers.summaries(hits.map((h) => h.id))
    const terms = new Map(hits.map((h) => [h.id, h.terms]))
    return {
      hits: rows.map((row) => ({ ...row, terms: terms.get(row.id) ?? [] })),
      total,
      truncated: total > hits.length,
      indexReady: true,
    }
  }

  /** The text matched in papers, their PDF pages and highlights, ranked together. */
  private matchEverywhere(
    q: ParsedQuery,
    filter: ((id: string) => boolean) | null,
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
    const rows = new Map(this.papers.summaries(hits.map((h) => h.id)).map((row) => [row.id, row]))
    const shown = hits.flatMap((h) => {
      const row = rows.get(h.id)
      return row ? [{ ...row, terms: h.terms, matches: h.matches }] : []
    })
    return { hits: shown, total, truncated: total > shown.length, indexReady: true }
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

  /** Writes the index if it changed since it was last saved. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.dirtySince = null
    // Derived data: a library opened read-only is indexed in memory only.
    if (!this.index || !this.dirty || this.deps.store.readOnly) return
    this.dirty = false
    const body = JSON.stringify({ fingerprint: this.fingerprint(), index: this.index.toJSON() })
    await writeFileDurably(join(this.deps.store.dir, INDEX_FILE), body)
  }

  private async loadOrBuild(): Promise<void> {
    const fingerprint = this.fingerprint()
    try {
      const saved = JSON.parse(await readFile(join(this.deps.store.dir, INDEX_FILE), 'utf8')) as {
        fingerprint?: string
        index?: unknown
      }
      if (saved.fingerprint === fingerprint) {
        this.index = SearchIndex.load(saved.index)
        this.pending.clear()
        return
      }
    } catch {
      // Missing, unreadable or of another format: it is derived data, so rebuild it.
    }
    // Papers committed while the build runs are queued in `pending` and applied when it is done.
    this.pending.clear()
    const index = new SearchIndex()
    let chunk: SearchDoc[] = []
    for (const paper of this.deps.store.allPapers()) {
      if (isLive(paper)) chunk.push(this.docOf(paper))
      if (chunk.length < BUILD_CHUNK) continue
      index.addAll(chunk)
      chunk = []
      // Yield between chunks so requests keep being answered while a large library is indexed.
      await new Promise((resolve) => setImmediate(resolve))
    }
    index.addAll(chunk)
    this.index = index
    this.applyPending()
    this.dirty = true
    await this.flush()
  }

  private applyPending(): void {
    const index = this.index
    if (!index || this.pending.size === 0) return
    const ids = [...this.pending]
    this.pending.clear()
    refreshDerived(ids, this.deps.store.papersOf(ids), {
      upsert: (paper) => index.upsert(this.docOf(paper)),
      remove: (id) => index.remove(id),
    })
    this.dirty = true
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
  private fingerprint(): string {
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
    }
    for (const note of this.deps.store.allNotes()) add(`${note.paperId}#${note.rev}`)
    return `${count}:${sum.toString(16)}`
  }

  /** list:, tag:, is: filters as one predicate over paper ids (null when there are none). */
  private filterFor(q: ParsedQuery): ((id: string) => boolean) | null {
    if (q.lists.length === 0 && q.tags.length === 0 && q.is.length === 0) return null
    const all = this.lists.all()
    const listSets = q.lists.map((name) => {
      const folded = name.toLocaleLowerCase()
      const list = all.find((l) => l.name.toLocaleLowerCase() === folded)
      return new Set(list ? this.lists.get(list.id).paperIds : [])
    })
    const tags = q.tags.map((t) => t.toLowerCase())
    return (id) => {
      const paper = this.deps.store.head(id)
      if (!isLive(paper)) return false
      if (!listSets.every((set) => set.has(id))) return false
      if (!tags.every((t) => paper.tags.includes(t))) return false
      return q.is.every((state) => (state === 'starred' ? paper.starred : paper.status === state))
    }
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
    return this.papers.summaries(ids).map((row) => ({ ...row, terms: words }))
  }
}
