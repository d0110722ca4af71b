/**
 * The page-aware part of search: every indexed PDF page and every highlight comment is a document of
 * its own, so a hit knows its page. Kept beside the papers' index (searchIndex.ts) rather than in it:
 * a paper's fields are packed into one integer per posting and a PDF is tens of pages, each of which
 * must be found on its own. SearchService ranks both together.
 */
import { readFile, rm } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { dirname, join } from 'node:path'
import type { Annotation } from '../../../shared/domain'
import type { PdfTextRecord } from '../fulltext/pdfTextStore'
import { writeFileDurably } from '../store/durableFile'
import { inSlices, nextTurn } from '../inSlices'
import {
  framed,
  hasQueryWords,
  SearchIndex,
  SearchIndexFormatError,
  unframe,
  type SearchDoc,
} from './searchIndex'
import { mayHavePhrases, pageSignatures, SIGNATURE_BYTES } from './phraseSignatures'
import { containsPhrases, snippetOf, type Snippet } from './textMatches'

const FORMAT = 'lectern-page-index'
/**
 * 4: the index's own version 3 (frequencies beside slots); 3: postings as varint slot deltas,
 * decoded per term, with a checksum (loaded without walking every posting), then each page's
 * word-pair signature for phrases (`phraseSignatures`); 2: binary, four bytes a posting; 1: JSON with
 * base64 postings (`page-index.json`). An older file is logged and the pages are indexed again.
 */
const VERSION = 4
/** What version 1 was saved as: removed when found, as nothing reads it any more. */
const LEGACY_FILE = 'page-index.json'
/** Best pages looked at per query, at most; twice the papers asked for, at least 100. */
const PAGE_HIT_LIMIT = 500
const PAGE_HIT_MIN = 100
const HIGHLIGHT_HIT_LIMIT = 500
/**
 * Pages read to check a quoted phrase, best first, at most: a phrase is looked for in the best pages
 * that have all its words (the index keeps no word positions), each read from pdf-text/, until the
 * pages found name as many papers as are asked for. Reading all 500 cost up to a second a query.
 */
const PHRASE_CHECKS = 200
/**
 * Letters a word being typed needs before pages are matched by its completions. Two letters complete
 * to words on nearly every one of 30,000 pages (`ma`: many, make, may, machine…; 100,000 postings
 * to rank, 20–60 ms a keystroke), which ranks nothing: until the third letter the pages answer as if
 * it were not typed yet (as a lone letter does for the papers), while the papers' own fields
 * complete it from two letters, so what is typed still finds papers by title and author.
 */
const PAGE_MIN_PREFIX = 3
/** Page texts kept in memory: the pages of the last queries, read again at the next keystroke. */
const PAGE_TEXT_CACHE = 1024
/** Pages (or highlights) named per paper in a result. */
const MATCHES_PER_PAPER = 3

export type MatchPlace = 'pdf' | 'highlight'

/** One place inside a paper that matched, before its snippet is cut. */
export interface PlaceHit {
  in: MatchPlace
  page: number
  score: number
  terms: string[]
  /** The PDF (pdf) or the highlight (highlight). */
  key: string
}

export interface PaperPlaces {
  /** The best place's score: what the paper ranks by when its own text does not match. */
  score: number
  places: PlaceHit[]
}

/** What the index needs of the world: the text of a PDF, and which papers a PDF belongs to. */
export interface PageIndexSources {
  /** The index file (`page-index.bin`). */
  file: string
  /** A line for the log: a saved index that could not be used, and is rebuilt. */
  log: (line: string) => void
  /** One page's text (1-based), or null when it cannot be read. */
  page(sha256: string, page: number): string | null
  papersOf(sha256: string): readonly string[]
}

/** A page as a document: its text in the body field the papers' abstracts use (the same weight). */
function pageDoc(sha256: string, page: number, text: string): SearchDoc {
  return { id: `${sha256}:${page}`, title: '', authors: '', abstract: text, summary: '', note: '', tags: '' }
}

function highlightDoc(annotation: Annotation): SearchDoc {
  return {
    id: annotation.id,
    title: '',
    authors: '',
    abstract: '',
    summary: '',
    note: annotation.comment,
    tags: '',
  }
}

export class PageIndex {
  private pages = new SearchIndex()
  /** sha256 → how many pages of it are indexed. */
  private files = new Map<string, number>()
  /** sha256 → its pages' word-pair signatures (`phraseSignatures`), for quoted phrases. */
  private signatures = new Map<string, Uint8Array>()
  private readonly highlights = new SearchIndex()
  private readonly highlightOf = new Map<string, { paperId: string; page: number; comment: string }>()
  /** Paper id → the ids of its highlights in `highlights`. */
  private readonly highlightIds = new Map<string, string[]>()
  private dirty = false
  private loading: Promise<boolean> | null = null
  /** Until the saved pages are loaded, searches leave PDF pages out (and say so). */
  private pagesLoaded = false
  private readonly pageTexts = new Map<string, string | null>()

  constructor(private readonly sources: PageIndexSources) {}

  get pageCount(): number {
    return this.pages.size
  }

  /** False while the saved index of pages is being read at start: PDF pages are not searched yet. */
  get ready(): boolean {
    return this.pagesLoaded
  }

  hasFile(sha256: string): boolean {
    return this.files.has(sha256)
  }

  /** The PDFs whose pages are indexed. */
  indexedFiles(): ReadonlySet<string> {
    return new Set(this.files.keys())
  }

  /**
   * Loads the saved index of pages and indexes the highlights (few, and in memory already); false
   * when there is no saved index this build can read (the pages are then indexed again).
   */
  load(annotations: Iterable<Annotation>): Promise<boolean> {
    // Once: the search service and the PDF reader both need it loaded before they change it.
    this.loading ??= this.loadOnce(annotations)
    return this.loading
  }

  private async loadOnce(annotations: Iterable<Annotation>): Promise<boolean> {
    const byPaper = new Map<string, Annotation[]>()
    for (const a of annotations) {
      const list = byPaper.get(a.paperId)
      if (list) list.push(a)
      else byPaper.set(a.paperId, [a])
    }
    // All at once: added one by one, each new word was put in place in the sorted vocabulary
    // (10,000 comments: a fifth of the start-up load).
    this.highlights.addAll([...byPaper].flatMap(([paperId, list]) => this.replaceHighlights(paperId, list)))
    try {
      return await this.loadPages()
    } finally {
      this.pagesLoaded = true
    }
  }

  /**
   * Reads the saved pages: one read of the file, then views into its bytes, checked in slices so
   * that the app keeps answering (papers first) meanwhile. A file that cannot be used is derived
   * data: it is said in the log and the pages are indexed again from pdf-text/.
   */
  private async loadPages(): Promise<boolean> {
    const { file } = this.sources
    await rm(join(dirname(file), LEGACY_FILE), { force: true })
    let bytes: Buffer
    try {
      bytes = await readFile(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.sources.log(
          `${file}: cannot be read (${(error as Error).message}); indexing the PDF pages again`,
        )
      return false
    }
    try {
      const { header, sections } = unframe(bytes)
      const saved = header as {
        format?: unknown
        version?: unknown
        files?: unknown
        signaturesCrc32?: unknown
      }
      if (saved.format !== FORMAT || saved.version !== VERSION || sections.length !== 2)
        throw new SearchIndexFormatError(`not a page index of version ${VERSION}`)
      const files = pageCounts(saved.files)
      const [indexBytes, signatureBytes] = sections as [Uint8Array, Uint8Array]
      let count = 0
      for (const n of files.values()) count += n
      if (
        signatureBytes.byteLength !== count * SIGNATURE_BYTES ||
        crc32(signatureBytes) !== saved.signaturesCrc32
      )
        throw new SearchIndexFormatError('bad phrase signatures')
      const pages = await inSlices(SearchIndex.loadBinarySteps(indexBytes))
      if (count !== pages.size) throw new SearchIndexFormatError('its files do not add up to its pages')
      // Each file's signatures in the order of `files`, as `save` wrote them.
      const signatures = new Map<string, Uint8Array>()
      let at = 0
      for (const [sha256, n] of files) {
        signatures.set(sha256, signatureBytes.subarray(at, at + n * SIGNATURE_BYTES))
        at += n * SIGNATURE_BYTES
      }
      this.pages = pages
      this.files = files
      this.signatures = signatures
      return true
    } catch (error) {
      if (!(error instanceof SearchIndexFormatError)) throw error
      this.sources.log(`${file}: ${error.message}; indexing the PDF pages again`)
      return false
    }
  }

  /**
   * Writes the pages if they changed: encoded in slices between turns of the event loop (30,000
   * pages at once stalled the app for a second), and given up when pages are added or removed
   * meanwhile (`changed` then says so: the caller saves again later).
   */
  async save(): Promise<void> {
    if (!this.dirty) return
    this.dirty = false
    const encoded = await inSlices(this.pages.toBinarySteps())
    if (encoded === null) {
      this.dirty = true
      return
    }
    // The index's own framing inside the file's: its sections stay at multiples of 8 bytes.
    const index = Buffer.concat(encoded)
    await nextTurn()
    const signatures = Buffer.concat(
      [...this.files.keys()].map((sha) => this.signatures.get(sha) as Uint8Array),
    )
    const header = {
      format: FORMAT,
      version: VERSION,
      // Read back in this order (sha256 keys are never integer-like, which JSON would reorder).
      files: Object.fromEntries(this.files),
      signaturesCrc32: crc32(signatures),
    }
    const bytes = Buffer.concat(framed(header, [index, signatures]))
    await nextTurn()
    await writeFileDurably(this.sources.file, bytes)
  }

  get changed(): boolean {
    return this.dirty
  }

  /** Indexes (or indexes again) the pages of one PDF. */
  addFile(record: PdfTextRecord): void {
    this.removeFile(record.sha256)
    this.forgetTexts(record.sha256)
    this.pages.addAll(record.pages.map((text, i) => pageDoc(record.sha256, i + 1, text)))
    this.files.set(record.sha256, record.pages.length)
    this.signatures.set(record.sha256, pageSignatures(record.pages))
    this.dirty = true
  }

  removeFile(sha256: string): void {
    const count = this.files.get(sha256)
    if (count === undefined) return
    for (let page = 1; page <= count; page++) this.pages.remove(`${sha256}:${page}`)
    this.files.delete(sha256)
    this.signatures.delete(sha256)
    this.forgetTexts(sha256)
    this.dirty = true
  }

  private forgetTexts(sha256: string): void {
    for (const key of this.pageTexts.keys()) if (key.startsWith(sha256)) this.pageTexts.delete(key)
  }

  /** A paper's highlights as they are now (live ones with a comment are searchable). */
  setHighlights(paperId: string, annotations: readonly Annotation[]): void {
    for (const doc of this.replaceHighlights(paperId, annotations)) this.highlights.upsert(doc)
  }

  /** Forgets a paper's highlights and returns the documents of those to index now. */
  private replaceHighlights(paperId: string, annotations: readonly Annotation[]): SearchDoc[] {
    for (const id of this.highlightIds.get(paperId) ?? []) {
      this.highlights.remove(id)
      this.highlightOf.delete(id)
    }
    const docs: SearchDoc[] = []
    for (const a of annotations) {
      if (a.deleted === true || a.comment.trim() === '') continue
      docs.push(highlightDoc(a))
      this.highlightOf.set(a.id, { paperId, page: a.anchor.page, comment: a.comment })
    }
    this.highlightIds.set(
      paperId,
      docs.map((d) => d.id),
    )
    return docs
  }

  /**
   * Papers with a page or highlight matching `text` (every word; `phrases` word for word), by
   * paper id, each with its best places. `paperFilter` keeps papers (list:, tag:, is:).
   */
  search(
    text: string,
    opts: {
      phrases: readonly (readonly string[])[]
      paperFilter: ((paperId: string) => boolean) | null
      in: { pdf: boolean; highlight: boolean }
      /** Papers the caller shows: how many pages are worth ranking. */
      limit: number
    },
  ): Map<string, PaperPlaces> {
    const found = new Map<string, PaperPlaces>()
    const add = (paperId: string, place: PlaceHit) => {
      const entry = found.get(paperId)
      if (!entry) found.set(paperId, { score: place.score, places: [place] })
      else {
        entry.score = Math.max(entry.score, place.score)
        if (entry.places.length < MATCHES_PER_PAPER) entry.places.push(place)
      }
    }
    const passes = (paperId: string) => opts.paperFilter === null || opts.paperFilter(paperId)
    if (opts.in.pdf && this.pagesLoaded && this.pages.size > 0 && hasQueryWords(text, PAGE_MIN_PREFIX)) {
      // A page of a paper shown, that may hold the phrases (its signature, in memory): asked before
      // the best pages are cut, so that pages without the phrase do not crowd out one that has it.
      const keep = (id: string): boolean => {
        const sha = id.slice(0, 64)
        const signatures = opts.phrases.length > 0 ? this.signatures.get(sha) : undefined
        if (signatures !== undefined && !mayHavePhrases(signatures, pageOf(id) - 1, opts.phrases))
          return false
        return this.sources.papersOf(sha).some(passes)
      }
      const { hits } = this.pages.searchCounted(text, {
        // A phrase is looked for in no more pages than are read for it.
        limit:
          opts.phrases.length > 0
            ? PHRASE_CHECKS
            : Math.min(PAGE_HIT_LIMIT, Math.max(PAGE_HIT_MIN, 2 * opts.limit)),
        // Filters (is:, tag:, list:) drop most pages before they are scored; else nearly all pass.
        ...(opts.paperFilter === null ? { check: keep } : { filter: keep }),
        // Only the best pages are wanted, not how many match.
        count: false,
        minPrefix: PAGE_MIN_PREFIX,
      })
      let checks = 0
      for (const hit of hits) {
        const sha = hit.id.slice(0, 64)
        const page = pageOf(hit.id)
        if (opts.phrases.length > 0) {
          // Best first: once the pages found name enough papers, worse pages would not be shown.
          if (++checks > PHRASE_CHECKS || found.size >= opts.limit) break
          if (!containsPhrases(this.pageText(sha, page) ?? '', opts.phrases)) continue
        }
        const place: PlaceHit = { in: 'pdf', page, score: hit.score, terms: hit.terms, key: sha }
        for (const paperId of this.sources.papersOf(sha)) if (passes(paperId)) add(paperId, place)
      }
    }
    if (opts.in.highlight && this.highlights.size > 0 && hasQueryWords(text)) {
      const { hits } = this.highlights.searchCounted(text, {
        limit: HIGHLIGHT_HIT_LIMIT,
        filter: (id) => {
          const h = this.highlightOf.get(id)
          return h !== undefined && passes(h.paperId) && containsPhrases(h.comment, opts.phrases)
        },
      })
      for (const hit of hits) {
        const h = this.highlightOf.get(hit.id)
        if (h)
          add(h.paperId, { in: 'highlight', page: h.page, score: hit.score, terms: hit.terms, key: hit.id })
      }
    }
    return found
  }

  /** The snippet of a place, or null when its text is gone (the PDF's text was removed meanwhile). */
  snippetOf(place: PlaceHit, phrases: readonly (readonly string[])[]): Snippet | null {
    const text =
      place.in === 'pdf'
        ? (this.pageText(place.key, place.page) ?? '')
        : (this.highlightOf.get(place.key)?.comment ?? '')
    return snippetOf(text, place.terms, phrases)
  }

  /** A page's text, from memory when a recent query read it (typing asks for the same pages again). */
  private pageText(sha256: string, page: number): string | null {
    const key = `${sha256}:${page}`
    const cached = this.pageTexts.get(key)
    if (cached !== undefined) {
      // Most recently used last: the first key is the one to drop.
      this.pageTexts.delete(key)
      this.pageTexts.set(key, cached)
      return cached
    }
    const text = this.sources.page(sha256, page)
    if (this.pageTexts.size >= PAGE_TEXT_CACHE)
      this.pageTexts.delete(this.pageTexts.keys().next().value as string)
    this.pageTexts.set(key, text)
    return text
  }
}

/** The saved `files` (sha256 → pages indexed); throws on anything else. */
function pageCounts(files: unknown): Map<string, number> {
  if (typeof files !== 'object' || files === null) throw new SearchIndexFormatError('no files')
  const counts = new Map<string, number>()
  for (const [sha256, pages] of Object.entries(files)) {
    if (!/^[0-9a-f]{64}$/.test(sha256) || !Number.isInteger(pages) || (pages as number) < 0)
      throw new SearchIndexFormatError(`bad file entry ${sha256}`)
    counts.set(sha256, pages as number)
  }
  return counts
}

function pageOf(id: string): number {
  return Number(id.slice(65))
}
