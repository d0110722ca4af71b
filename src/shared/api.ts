/**
 * The one API contract between the renderer and the main process. Each route is declared once, with
 * the schema its input must pass and the type it returns; the main-side handler object, the IPC
 * bridge, the loopback HTTP server and the renderer client are all derived from this map.
 */
import { z } from 'zod'
import { isBase64Text } from './base64Text'
import type {
  Annotation,
  Attachment,
  MetaState,
  Note,
  Paper,
  PublishedAs,
  ReadStatus,
  Settings,
} from './domain'
import { MAX_DIGEST_BASE64, MAX_IMPORT_REQUEST_BASE64 } from './digestUpload'

/** A route: its input schema, and its output type carried as a phantom. */
export interface Route<I extends z.ZodType, O> {
  readonly input: I
  readonly output?: (o: O) => O
}

/**
 * Declares a route; its schema is built on first use. Building all of them cost every start (the app's,
 * each CLI command's) a few dozen milliseconds for routes it never calls.
 */
export function route<I extends z.ZodType>(build: () => I) {
  return {
    returns: <O>(): Route<I, O> => {
      let input: I | undefined
      return {
        get input() {
          return (input ??= build())
        },
      }
    },
  }
}

const id = z.string().min(1).max(200)
const listName = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'A list needs a name').max(120, 'A list name has at most 120 characters'))
const empty = z.strictObject({})
// Its shape only: whether it is a real day (not 2024-02-31) is for the service to say, naming it.
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is written YYYY-MM-DD, e.g. 2024-02-13')
const paperIds = z.array(id).min(1).max(50_000)
const tag = z
  .string()
  .transform((t) => t.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1)
      .max(60)
      .regex(/^[^\s,]+$/, 'A tag is one word (no spaces or commas)'),
  )

/** A record taken out of a file because it failed its check, as the user is told of it. */
export interface QuarantinedRecord {
  /** The file it was read from. */
  file: string
  collection: string
  id: string
  problem: string
  /** Where the bad record was written; null when the data dir could not be written to. */
  quarantinedTo: string | null
  /** Its last good version was put back from this backup; null when there was none. */
  restoredFrom: string | null
}

export interface AppInfo {
  version: string
  dataDir: string
  paperCount: number
  /** Files found corrupt at start, quarantined and restored from their last good backup. */
  recovered: { file: string; quarantinedTo: string; restoredFrom: string; problem: string }[]
  /**
   * Records that failed their check (at start, or as their texts were first read), taken out of their
   * file on their own; each is kept in `quarantinedTo` (null in a read-only data dir), and its last good
   * version was put back from `restoredFrom` when a backup had one.
   */
  quarantined: QuarantinedRecord[]
  /** A journal.json refused at start (it named files the store does not write): set aside, never replayed. */
  journalRefused: { file: string; problem: string; setAsideTo: string | null } | null
  /** The data dir could not be written: the library is shown, and changes are refused. */
  readOnly: boolean
  /**
   * The arXiv address in effect and where it comes from: this run's `--arxiv-base` (flag) or
   * `LECTERN_ARXIV_BASE` (environment), which win over the setting until the app restarts; else the
   * setting, or the default when it was never changed.
   */
  arxivBase: { url: string; source: 'flag' | 'environment' | 'setting' | 'default' }
}

/** A row of the paper list: what the list shows, kept small because there may be 50,000. */
export interface PaperSummary {
  id: string
  title: string
  /** First authors only; `authorCount` has the total. */
  authors: string[]
  authorCount: number
  authorsElided: boolean
  /** Newest digest day the paper appeared in (YYYY-MM-DD), or null. */
  date: string | null
  votes: number | null
  status: ReadStatus
  starred: boolean
  tags: string[]
  listIds: string[]
  hasNote: boolean
  hasPdf: boolean
  metaState: MetaState
  addedAt: string
  lastOpenedAt: string | null
  /** `published`: a published version is known (or an accepted suggestion); `suggested`: one awaits a decision. */
  published: 'published' | 'suggested' | null
}

export interface PaperDetail {
  paper: Paper
  note: Note | null
  annotations: Annotation[]
  attachments: Attachment[]
  listIds: string[]
}

/** "More like these" is still learning the library: `indexed` of `total` papers so far. */
export interface RecommendWarming {
  indexed: number
  total: number
}

/** A search hit: the paper's row plus the index terms that matched, for highlighting. */
export interface SearchRow extends PaperSummary {
  terms: string[]
  /** Places inside the paper that matched: PDF pages, highlight comments, the note. Best first. */
  matches?: SearchMatch[]
}

/** One place inside a paper where a search matched. */
export interface SearchMatch {
  in: 'pdf' | 'highlight' | 'note'
  /** 1-based page of the PDF (a page, or the page of a highlight); null for the note. */
  page: number | null
  /**
   * The text around the match, whitespace collapsed, with `marks` ([start, end) runs in it) to
   * show marked. Null past a paper's first match and past the first hits of a result, whose text
   * is not read (see SNIPPET_HITS).
   */
  snippet: string | null
  marks: [number, number][]
  /** The highlight that matched (`in: 'highlight'`). */
  annotationId?: string
}

/** How far the text of a paper's PDF has been read for full-text search. */
export type PdfTextStatus =
  /** The paper has no PDF. */
  | { state: 'none' }
  /** Not read yet (queued). */
  | { state: 'pending' }
  | { state: 'text'; pages: number }
  /** Pages without a text layer: a scan, most likely. */
  | { state: 'no-text'; pages: number }
  /** Encrypted: read once the user opens it with its password (`pdf:indexWithPassword`). */
  | { state: 'password' }
  /** pdf.js could not read it; `message` says why. */
  | { state: 'damaged'; message: string }

/** Reading the PDFs' text in the background: how far, and whether the user paused it. */
export interface FullTextProgress {
  done: number
  total: number
  paused: boolean
}
export interface SearchResult {
  /** Every hit's id, best first (at most `limit`). */
  ids: string[]
  /**
   * The hits' rows, in the same order; with `rows: false` only those that matched words (whose
   * `terms` and `matches` say what to mark): the rest are in `ids` alone.
   */
  hits: SearchRow[]
  /**
   * How many papers matched in all; `truncated` when `hits` stops short of them (the limit). With a
   * quoted phrase it is a lower bound: the phrase is read in the best few hundred candidates (papers
   * and pages with all its words), not in every one.
   */
  total: number
  truncated: boolean
  /** False while the index is still being built; the hits then come from a plain scan. */
  indexReady: boolean
  /**
   * False while the saved index of PDF pages is still being read at start-up (a second or so for
   * thousands of PDFs): papers, notes and highlights answer meanwhile, PDF pages not yet.
   */
  pagesReady: boolean
}

export interface ListSummary {
  id: string
  name: string
  order: number
  count: number
}

/** A view's papers in its order (`papers:view`); `votes` is a digest day's, parallel to `ids`. */
export interface PaperView {
  ids: string[]
  votes: (number | null)[] | null
}

/** A paper as one digest listed it. */
export interface ImportedPaper {
  id: string
  title: string
  votes: number | null
  authors: string[]
  authorsElided: boolean
}

/** What one import did to the library, per file. */
export interface ImportFileReport {
  file: string
  /** The digest's day, or null when the file had none. */
  date: string | null
  added: ImportedPaper[]
  updated: ImportedPaper[]
  unchanged: ImportedPaper[]
  /** Papers or whole files not imported, with why (`file:line: reason`). */
  skipped: string[]
  /** Everything the parser noticed, formatted `file:line: message`. */
  diagnostics: string[]
}
export interface ImportReport {
  files: ImportFileReport[]
  added: number
  updated: number
  unchanged: number
  skipped: number
}

/** One file the watched folder imported or turned away, and when. */
export interface WatchLogEntry {
  at: string
  /** `skipped` says why a file added nothing (`file:line: reason`), e.g. a binary file. */
  report: ImportFileReport
}

/** What one metadata fetch did. */
export interface MetaFetchReport {
  requested: number
  fetched: string[]
  /** Papers arXiv answered about with a definitive failure (no such paper, rejected id). */
  failed: { id: string; reason: string }[]
  /** Papers left in the queue because arXiv could not be reached; they are tried again later. */
  pending: { id: string; reason: string }[]
  /** Papers whose arXiv record moved to a newer version. */
  newVersions: string[]
}

export interface DigestDay {
  date: string
  count: number
}

/** One day asked of Hugging Face Daily Papers, and what came of it. */
export interface DailyFetchDay {
  date: string
  /** `pending`: not fetched yet (Hugging Face unreachable); it is tried again later. */
  state: 'fetched' | 'failed' | 'pending'
  /** Papers the Hub listed for the day (0 on weekends). */
  papers: number
  reason?: string
}
/** What one fetch of Hugging Face Daily Papers did. */
export interface DailyFetchReport {
  days: DailyFetchDay[]
  /** What the fetched days did to the library: the same report as a digest file's import. */
  import: ImportReport
}

/** What one check for published versions did. */
export interface PublishedCheckReport {
  requested: number
  /** Published versions matched by identifier (arXiv's record, OpenAlex, Semantic Scholar). */
  found: { id: string; publishedAs: PublishedAs }[]
  /** Title-and-author matches (DBLP), waiting for the user to accept or reject them. */
  suggested: { id: string; publishedAs: PublishedAs }[]
  /** Checked: no published version known yet (asked again after a month). */
  notFound: string[]
  /** Not asked: a published version was already known. */
  alreadyKnown: string[]
  /** Not asked: checked within the month. */
  recentlyChecked: string[]
  /** A service could not answer about these; they are asked again next time. */
  pending: { id: string; reason: string }[]
}

/** Where each service's API key comes from: the keys file, this run's environment, or nowhere. */
export type ServiceKeySources = Record<'openalex' | 'semantic-scholar', 'file' | 'environment' | 'none'>

const scope = {
  /** Explicit papers, in this order. */
  ids: z.array(id).min(1).max(50_000).optional(),
  /** A reading list, in its order. Neither: the whole library. */
  listId: id.optional(),
}

/** What an export's ids are, for its file name (letters, digits, `-` and `_` are kept). */
const label = z.string().trim().min(1).max(120).optional()

/** A user name on a Couch server (CouchDB's `_users`). */
const userName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s:]+$/, 'a user name has no spaces or colons')

/** A document left in conflict for a person to resolve (`lectern sync status`, Settings › Sync). */
export interface SyncConflict {
  docId: string
  entity: 'note' | 'annotation' | 'list'
  paperId: string | null
  /** The paper's title, or the list's name. */
  title: string | null
  /** The fields whose values differ between the revisions (`text` for a note). */
  fields: string[]
  /** Every leaf revision, the winner (the one the library shows) first: nothing is lost. */
  revisions: { rev: string; winner: boolean; body: Record<string, unknown> }[]
}

/** What the local sync replica says: where it syncs, what is not on the server yet, conflicts. */
export interface SyncProgress {
  /** The database URL, never with a login in it. */
  server: string | null
  lastSyncAt: string | null
  lastError: string | null
  /** Documents changed here and not yet on the server. */
  pending: number
  conflicts: SyncConflict[]
  /**
   * Replicated documents Lectern refused to take (an attached PDF whose file is not what its name
   * and record promise), each with why; sync goes on without them.
   */
  quarantined: SyncQuarantined[]
}

/** A replicated document left out of the library, e.g. `pdf:<sha256>`: its file is text/html, not application/pdf. */
export interface SyncQuarantined {
  docId: string
  problem: string
}

/** In-app sync as Settings › Sync shows it. */
export interface SyncStatus extends SyncProgress {
  /**
   * `off`: no server set; `offline`: the server cannot be reached (retried by itself); `error`: a
   * problem a person must fix (`reason`, e.g. a refused login).
   */
  state: 'off' | 'paused' | 'syncing' | 'synced' | 'offline' | 'error'
  reason: string | null
  /** The login's user name (its password is never sent back). */
  username: string | null
  /** Where the password is kept: the system keychain (desktop app), or a file only you can read. */
  loginKeptBy: 'safeStorage' | 'file-mode' | null
  /** Attached PDFs up to this size are synced; larger ones (and arXiv downloads) stay on their machine. */
  pdfMaxBytes: number
  /** Lists shared from here and lists subscribed to, each in a database of its own on the server. */
  sharedLists: SharedListStatus[]
  /** Papers whose note is marked shared: it goes to every shared list that holds the paper. */
  sharedNotes: string[]
}

/** A reading list shared on the sync server, by this library (`owner`) or by someone else. */
export interface SharedListStatus {
  listId: string
  /** The list's name here (or as shared, before it arrived). */
  name: string
  /** The list's database (`https://host/lectern-list-…`): what others subscribe to. */
  url: string
  role: 'owner' | 'subscriber'
  /** What the server lets this login do; a read-only list cannot be changed here. */
  rights: 'read-write' | 'read-only'
  /** Who may read and who may write (as the sharer set them). */
  readers: string[]
  writers: string[]
  /** `gone`: the sharer stopped sharing it. */
  state: 'off' | 'syncing' | 'synced' | 'offline' | 'error' | 'gone'
  reason: string | null
  lastSyncAt: string | null
}

/** The highest PDF sync limit: the largest PDF Lectern takes at all (200 MiB). */
export const PDF_SYNC_LIMIT_MAX = 200 * 1024 * 1024

export const api = {
  'app:info': route(() => empty).returns<AppInfo>(),

  /** All papers, one reading list's (its order), one digest day's (digest order), or a smart view. */
  'papers:list': route(() =>
    z.strictObject({
      listId: id.optional(),
      digest: z.iso.date().optional(),
      smart: z.enum(['unread', 'starred', 'week', 'notes', 'published', 'preprint']).optional(),
      /** "More like these": papers most similar to a reading list's, best first. */
      recommendFor: id.optional(),
      /**
       * A page of the answer: the first screenful paints before the rest of a 50,000-row list has
       * arrived. `offset` rows are skipped, then at most `limit` returned.
       */
      offset: z.int().min(0).optional(),
      limit: z.int().min(1).max(50_000).optional(),
    }),
  ).returns<PaperSummary[]>(),
  /**
   * A view's papers as ids in its order (a reading list's, a digest day's, "More like these"), for a
   * renderer that already holds the rows; a day's view carries that day's votes, parallel to `ids`.
   */
  'papers:view': route(() =>
    z.strictObject({ listId: id.optional(), digest: z.iso.date().optional(), recommendFor: id.optional() }),
  ).returns<PaperView>(),
  /** The user's own state of papers: read status, star, tags, last opened. */
  'papers:update': route(() =>
    z.strictObject({
      ids: paperIds,
      status: z.enum(['unread', 'reading', 'read']).optional(),
      starred: z.boolean().optional(),
      addTags: z.array(tag).max(50).optional(),
      removeTags: z.array(tag).max(50).optional(),
      opened: z.literal(true).optional(),
    }),
  ).returns<{ updated: number }>(),
  'papers:get': route(() => z.strictObject({ id })).returns<PaperDetail>(),
  /**
   * Adds a paper by arXiv id or link (abs or pdf, with or without version) and fetches its record.
   * A paper follows its newest version: `notice` says so when the reference named another one.
   */
  'papers:add': route(() => z.strictObject({ ref: z.string().trim().min(1).max(500) })).returns<
    PaperDetail & { notice: string | null }
  >(),

  /** Fetches arXiv records for the given papers, or for every paper still missing one. */
  'meta:fetch': route(() =>
    z.strictObject({ ids: z.array(id).min(1).max(50_000).optional() }),
  ).returns<MetaFetchReport>(),

  'lists:list': route(() => empty).returns<ListSummary[]>(),
  'lists:create': route(() => z.strictObject({ name: listName })).returns<ListSummary>(),
  'lists:rename': route(() => z.strictObject({ id, name: listName })).returns<ListSummary>(),
  /** Deletion keeps a tombstone, so `lists:restore` can undo it. */
  'lists:delete': route(() => z.strictObject({ id })).returns<{ id: string }>(),
  'lists:restore': route(() => z.strictObject({ id })).returns<ListSummary>(),
  /** Puts papers into a list (at `index`, default the end); papers already there move. */
  'lists:addPapers': route(() =>
    z.strictObject({ id, paperIds, index: z.int().min(0).optional() }),
  ).returns<ListSummary>(),
  'lists:removePapers': route(() => z.strictObject({ id, paperIds })).returns<ListSummary>(),
  /** The lists in a new order (every live list id, once). */
  'lists:reorder': route(() => z.strictObject({ ids: z.array(id).max(10_000) })).returns<ListSummary[]>(),

  /**
   * Free text plus `list:`, `tag:`, `is:`, `has:note|pdf`, `day:`, `author:` filters; best hits first. Papers the text names
   * (arXiv id or link, Hugging Face link, DOI) come first.
   */
  'search:query': route(() =>
    z.strictObject({
      q: z.string().max(1000),
      /** Most hits returned (default 200); 'all' for every match (scripts, the CLI). */
      limit: z.union([z.int().min(1).max(50_000), z.literal('all')]).optional(),
      /**
       * False: hits that matched no words (filters alone, papers named by id) come as ids only, for
       * a caller that keeps rows by id (the renderer). Default true.
       */
      rows: z.boolean().optional(),
    }),
  ).returns<SearchResult>(),

  /** Downloads the paper's PDF from arXiv into the local cache. */
  'pdf:fetch': route(() => z.strictObject({ paperId: id })).returns<Attachment>(),
  /** Attaches a local PDF handed over as bytes (file picker or drop; base64). */
  'pdf:attach': route(() =>
    z.strictObject({
      paperId: id,
      name: z.string().min(1).max(1000),
      base64: z
        .string()
        .max(Math.ceil((200 * 1024 * 1024 * 4) / 3))
        .refine(isBase64Text, { message: 'Invalid base64' }),
    }),
  ).returns<Attachment>(),
  /** Opens the paper's PDF in the system's PDF viewer (the desktop app only). */
  'pdf:openExternal': route(() => z.strictObject({ paperId: id })).returns<{ opened: true }>(),
  'pdf:cacheInfo': route(() => empty).returns<{ files: number; bytes: number }>(),
  /** Removes downloaded PDFs; attached local files stay. */
  'pdf:clearCache': route(() => empty).returns<{ freedBytes: number }>(),
  /** Remembers where the reader left a paper's PDF. */
  'viewer:save': route(() =>
    z.strictObject({
      paperId: id,
      page: z.int().min(1).max(100_000),
      zoom: z.string().regex(/^(page-width|page-fit|\d{1,2}(\.\d{1,3})?)$/),
    }),
  ).returns<{ ok: true }>(),

  'annotations:save': route(() =>
    z.strictObject({
      paperId: id,
      id: id.optional(),
      anchor: z.strictObject({
        page: z.int().min(1),
        start: z.int().min(0),
        end: z.int().min(0),
        quads: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])).max(500),
      }),
      quote: z.string().max(20_000),
      color: z.enum(['yellow', 'green', 'blue', 'pink']),
      comment: z.string().max(100_000),
    }),
  ).returns<Annotation>(),
  'annotations:delete': route(() => z.strictObject({ paperId: id, id })).returns<{ id: string }>(),
  'annotations:restore': route(() => z.strictObject({ paperId: id, id })).returns<Annotation>(),
  /** A paper's note and highlights as Markdown (quotes with page numbers). */
  'notes:export': route(() => z.strictObject({ paperId: id })).returns<{ markdown: string }>(),

  /** Saves a paper's note; answers once it is on disk. */
  'notes:save': route(() => z.strictObject({ paperId: id, text: z.string().max(2 * 1024 * 1024) })).returns<{
    rev: number
    updatedAt: string
  }>(),

  'digests:list': route(() => empty).returns<DigestDay[]>(),
  /** Digest files' contents (drag and drop in either transport, where paths are not known). */
  'digests:importText': route(() =>
    z.strictObject({
      files: z
        .array(z.strictObject({ name: z.string().min(1).max(1000), text: z.string().max(64 * 1024 * 1024) }))
        .min(1)
        .max(5000),
    }),
  ).returns<ImportReport>(),
  /**
   * Digest files' bytes as base64 (drag and drop, `lectern import`): main decodes them itself, so they
   * go through the same read → parse → merge as a file picked from the menu. Bounded per request;
   * callers send more in batches (shared/digestUpload.ts).
   */
  'digests:importFiles': route(() =>
    z.strictObject({
      files: z
        .array(
          z.strictObject({ name: z.string().min(1).max(1000), base64: z.base64().max(MAX_DIGEST_BASE64) }),
        )
        .min(1)
        .max(5000)
        .refine((files) => files.reduce((n, f) => n + f.base64.length, 0) <= MAX_IMPORT_REQUEST_BASE64, {
          message: `at most ${MAX_IMPORT_REQUEST_BASE64} characters of base64 in one request; send the rest in another`,
        }),
    }),
  ).returns<ImportReport>(),

  /**
   * The watched folder's recent imports, newest first: files that changed the library or were turned
   * away, with their problems. Empty where nothing watches (the CLI); `import:finished` with
   * `source: 'watch'` says when it grew.
   */
  'digests:watchLog': route(() => empty).returns<{ folder: string | null; entries: WatchLogEntry[] }>(),

  /**
   * Fetches Hugging Face Daily Papers for the days from `from` to `to` (each defaults to today, UTC;
   * one day: both the same) and merges them as digest days: one appearance per paper and day,
   * whether a file or the Hub brought it.
   */
  'digests:fetchDays': route(() =>
    z.strictObject({ from: day.optional(), to: day.optional() }),
  ).returns<DailyFetchReport>(),
  /** Days still to be fetched from Hugging Face (it could not be reached), and the last failure. */
  'digests:fetchStatus': route(() => empty).returns<{
    pending: { date: string; reason: string }[]
    lastError: { at: string; message: string } | null
  }>(),

  'tasks:cancel': route(() => z.strictObject({ id })).returns<{ cancelled: boolean }>(),

  /**
   * Citations of a selection (`ids`: what the UI shows or has selected), a list or the library as a
   * file's text; `label` names what the ids are ("search", "2024-02-26") for the file name.
   */
  'export:papers': route(() =>
    z.strictObject({ ...scope, label, format: z.enum(['bibtex', 'ris', 'csl-json', 'markdown']) }),
  ).returns<{ text: string; filename: string; count: number }>(),
  /** Formatted citations for the clipboard, of the same scopes as `export:papers`. */
  'export:cite': route(() =>
    z.strictObject({ ...scope, style: z.enum(['apa', 'vancouver', 'harvard1']) }),
  ).returns<{ text: string; count: number }>(),
  /** Puts the library papers a BibTeX / CSL-JSON file cites (by arXiv id or DOI) into a list. */
  'import:citations': route(() =>
    z.strictObject({
      text: z.string().max(32 * 1024 * 1024),
      format: z.enum(['bibtex', 'csl-json']),
      listName: listName,
    }),
  ).returns<{ list: ListSummary; matched: number; unmatched: string[]; problems: string[] }>(),
  /**
   * "More like these": other papers ranked by similarity to the given ones (or a list's). The model is
   * built in the background on first use; until it is warm the answer comes from the papers learnt so
   * far, and `warming` says how far it got.
   */
  'papers:recommend': route(() =>
    z.strictObject({ ...scope, limit: z.int().min(1).max(1000).optional() }),
  ).returns<{
    hits: (PaperSummary & { score: number })[]
    warming: RecommendWarming | null
  }>(),

  /**
   * The whole library as one JSON bundle (`lectern backup`): the library files and the PDFs the
   * user attached; `leftOut` says what is not in it (downloaded arXiv PDFs, attached PDFs past the
   * size limit or unreadable).
   */
  'library:backup': route(() => empty).returns<{
    format: 'lectern-backup'
    version: 1
    createdAt: string
    files: Record<string, unknown>
    pdfs?: Record<string, string>
    leftOut?: {
      downloadedPdfs: number
      attachedPdfs: { paperId: string; sha256: string; origin: string; reason: string }[]
    }
  }>(),

  /**
   * Digest files, or folders searched for `*.md`, read by the app itself from absolute paths: how
   * `lectern import` reaches a running app (no body cap, 64 MB per digest as with the app closed).
   * The CLI only (see CLI_ONLY_CHANNELS).
   */
  'digests:importPaths': route(() =>
    z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(5000) }),
  ).returns<ImportReport>(),

  /** How far the text of the paper's PDF has been read for search ("no text (scan?)", a diagnostic). */
  'pdf:textStatus': route(() => z.strictObject({ paperId: id })).returns<PdfTextStatus>(),
  /**
   * Reads the text of the paper's encrypted PDF with the password the user just opened it with in the
   * reader. The password is used for this one reading and never stored.
   */
  'pdf:indexWithPassword': route(() =>
    z.strictObject({ paperId: id, password: z.string().max(1000) }),
  ).returns<PdfTextStatus>(),
  /** Reading the PDFs' text in the background: its progress. */
  'fulltext:status': route(() => empty).returns<FullTextProgress>(),
  /** Pauses or resumes reading the PDFs' text in the background. */
  'fulltext:pause': route(() => z.strictObject({ paused: z.boolean() })).returns<FullTextProgress>(),

  'settings:get': route(() => empty).returns<Settings>(),
  'settings:update': route(() =>
    z.strictObject({
      theme: z.enum(['system', 'light', 'dark']).optional(),
      autoFetchMetadata: z.boolean().optional(),
      arxivBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
      watchFolder: z.string().min(1).nullable().optional(),
      hfBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
      hfAutoFetch: z.boolean().optional(),
      autoCheckPublished: z.boolean().optional(),
      openAlexBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
      semanticScholarBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
      dblpBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    }),
  ).returns<Settings>(),

  /**
   * Looks for where papers were published (arXiv's record, OpenAlex, Semantic Scholar with a key, DBLP),
   * the given ones or every arXiv paper; papers checked within the month are not asked about again
   * unless `force`. A cancellable task with progress.
   */
  'published:check': route(() =>
    z.strictObject({ ids: paperIds.optional(), force: z.boolean().optional() }),
  ).returns<PublishedCheckReport>(),
  /** Accepts or rejects a suggested published version (a title-and-author match); a rejection sticks. */
  'published:decide': route(() => z.strictObject({ id, decision: z.enum(['accept', 'reject']) })).returns<{
    publishedAs: PublishedAs | null
  }>(),
  /** Which API keys are set, and where from (never the keys themselves: they are secrets). */
  'settings:keys': route(() => empty).returns<ServiceKeySources>(),
  /** Stores an API key in the keys file (0600, never backed up or exported); null removes it. */
  'settings:setKey': route(() =>
    z.strictObject({
      service: z.enum(['openalex', 'semantic-scholar']),
      key: z.string().trim().min(1).max(512).nullable(),
    }),
  ).returns<ServiceKeySources>(),
  /** In-app sync: its state, pending changes, last sync, and the conflicts a person has to look at. */
  'sync:status': route(() => empty).returns<SyncStatus>(),
  /**
   * Sets the server (`https://host/dbname`: the URL names the database) and login, and starts syncing.
   * The login is kept out of the library (sync/login.json, 0600, sealed by the desktop app's keychain
   * where there is one) and only ever sent to this server. Without a login, one already kept for the
   * same server is kept; a user name without a password keeps that user's password. Plain `http://` to
   * another machine needs `insecure`.
   */
  'sync:configure': route(() =>
    z.strictObject({
      url: z.string().trim().min(1).max(2000),
      username: z.string().max(500).optional(),
      password: z.string().max(10_000).optional(),
      insecure: z.boolean().optional(),
    }),
  ).returns<SyncStatus>(),
  'sync:pause': route(() => empty).returns<SyncStatus>(),
  'sync:resume': route(() => empty).returns<SyncStatus>(),
  /** Stops syncing with the server and forgets its login; the local replica stays. */
  'sync:disconnect': route(() => empty).returns<SyncStatus>(),
  /** Ends a conflict: keep one revision (`keep`), or, for a note, a merged `text`. */
  'sync:resolve': route(() =>
    z.union([
      z.strictObject({ docId: id, keep: z.string().min(1).max(200) }),
      z.strictObject({ docId: id, text: z.string().max(2 * 1024 * 1024) }),
    ]),
  ).returns<SyncStatus>(),
  /**
   * The size limit for attached PDFs, cheaply (a paper's PDF section says when its file is over it),
   * and whether this library syncs at all.
   */
  'sync:pdfLimit': route(() => empty).returns<{ maxBytes: number; syncing: boolean }>(),
  /** Sets the size limit for attached PDFs to sync (0: none are synced). */
  'sync:setPdfLimit': route(() =>
    z.strictObject({ maxBytes: z.number().int().min(0).max(PDF_SYNC_LIMIT_MAX) }),
  ).returns<SyncStatus>(),
  /**
   * Shares a reading list into a database of its own on the sync server: the list, its order, its
   * papers' records and the notes marked shared (never reading state or other notes). `readers` and
   * `writers` are user names on the server; the server enforces them. Again on a shared list: new rights.
   */
  'sync:share': route(() =>
    z.strictObject({ listId: id, readers: z.array(userName).max(200), writers: z.array(userName).max(200) }),
  ).returns<SyncStatus>(),
  /** Stops sharing: the list's database is deleted from the server; the list stays here. */
  'sync:unshare': route(() => z.strictObject({ listId: id })).returns<SyncStatus>(),
  /** Subscribes to a list someone shared (its database URL), with this library's sync login. */
  'sync:subscribe': route(() =>
    z.strictObject({ url: z.string().trim().min(1).max(2000) }),
  ).returns<SyncStatus>(),
  /** Stops following a shared list; it leaves this library (its papers stay). */
  'sync:unsubscribe': route(() => z.strictObject({ listId: id })).returns<SyncStatus>(),
  /** The shared lists alone (cheap: the sidebar marks them, and read-only ones cannot be changed). */
  'sync:sharedLists': route(() => empty).returns<{ lists: SharedListStatus[]; notes: string[] }>(),
  /** Marks a paper's note shared (to the shared lists holding the paper) or personal again. */
  'sync:shareNote': route(() => z.strictObject({ paperId: id, shared: z.boolean() })).returns<SyncStatus>(),
} as const

export type Api = typeof api
export type Channel = keyof Api
export type Input<C extends Channel> = z.output<Api[C]['input']>
/** What a caller passes (before schema transforms such as trimming). */
export type RawInput<C extends Channel> = z.input<Api[C]['input']>
export type Output<C extends Channel> = Api[C] extends Route<z.ZodType, infer O> ? O : never

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(api, name)
}

/**
 * Routes for the CLI alone (in process, or over loopback with the token of the lock file), refused to
 * the renderer over IPC and to the page's token: a route that reads files by path would hand the
 * user's files to any script that ever ran in the page.
 */
export const CLI_ONLY_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['digests:importPaths'])

/** A long-running job (import, metadata fetch, download) as the UI shows it. */
export interface TaskProgress {
  id: string
  kind: 'import' | 'metadata' | 'download' | 'published' | 'fulltext'
  label: string
  /** The user paused it (a pausable task: reading the PDFs' text). */
  paused?: boolean
  done: number
  total: number
  /** Extra words for the user, e.g. "next request in 3 s". */
  detail?: string
  state: 'running' | 'finished' | 'failed' | 'cancelled'
}

/** Events pushed from main to the renderer (IPC `lectern:event`, or server-sent events over HTTP). */
export interface LecternEvents {
  /**
   * What one store commit changed, derived from the commit itself (core/library/changeFeed.ts): the
   * new rows of the papers and lists it touched, and tombstones. Views patch what they hold from it.
   */
  'library:changed': LibraryChange
  'task:progress': TaskProgress
  /** An import that the UI did not start itself (menu dialog, watched folder) finished. */
  'import:finished': { source: 'dialog' | 'watch'; report: ImportReport }
  /** In-app sync changed state (synced, offline, a conflict…); Settings › Sync asks `sync:status`. */
  'sync:changed': { state: SyncStatus['state'] }
}
export type EventName = keyof LecternEvents
export type LecternEvent = { [E in EventName]: { name: E; data: LecternEvents[E] } }[EventName]

/** A reading list as a change carries it: its sidebar row and its papers in order. */
export interface ListDelta extends ListSummary {
  paperIds: string[]
}

/** What one store commit changed (the `library:changed` event). Kinds it did not touch are absent. */
export interface LibraryChange {
  /** One more per commit in this process: a client that sees a gap missed one and reloads. */
  seq: number
  /** Papers whose list row changed (their own state, note, PDF, list membership), and tombstones. */
  papers?: { rows: PaperSummary[]; removed: string[] }
  lists?: { rows: ListDelta[]; removed: string[] }
  /** Paper ids whose note changed (the rows' `hasNote` is in `papers`). */
  notes?: string[]
  /** Paper ids whose highlights changed. */
  annotations?: string[]
  settings?: Settings
  /** The digest days changed (an import): views of days ask for their order again. */
  digests?: true
}
