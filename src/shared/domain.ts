/**
 * Domain types shared by main and renderer. Every stored entity carries a stable id, a revision
 * counter and an updated-at time, and deletions are kept as tombstones (`deleted: true`) so that the
 * library can later replicate between machines entity by entity.
 */

/** arXiv id without version (`2402.07827`, `hep-th/9901001`), or `url:<hash>` for non-arXiv links. */
export type PaperId = string

export interface Entity {
  id: string
  /** Incremented on every change; starts at 1. */
  rev: number
  /** ISO 8601 time of the last change. */
  updatedAt: string
  /** Tombstone: the entity was deleted (kept for replication). */
  deleted?: true
}

export type ReadStatus = 'unread' | 'reading' | 'read'

export interface DigestMedia {
  kind: 'image' | 'video'
  url: string
}

/** One paper as it stood in one day's digest. */
export interface DigestAppearance {
  /** Digest day, YYYY-MM-DD. */
  date: string
  /** 0-based position within that day's digest. */
  position: number
  votes: number | null
  title: string
  /** Authors as listed; an elided run (`+` in the digest) is not a name and is not listed. */
  authors: string[]
  /** The digest marked some authors as elided with a lone `+`. */
  authorsElided: boolean
  summary: string[]
  media: DigestMedia | null
}

export interface ArxivAuthor {
  name: string
  affiliations: string[]
}

/** The arXiv record of a paper (filled by the metadata client). */
export interface ArxivMetadata {
  id: string
  version: number
  title: string
  abstract: string
  authors: ArxivAuthor[]
  /** ISO 8601 date of v1. */
  published: string
  /** ISO 8601 date of the newest version. */
  updated: string
  primaryCategory: string | null
  categories: string[]
  doi: string | null
  journalRef: string | null
  comment: string | null
  absUrl: string
  pdfUrl: string
}

export type MetaState = 'none' | 'queued' | 'ok' | 'failed'

export interface MetaStatus {
  state: MetaState
  /** Why the last fetch failed (state `failed`). */
  reason?: string
  /** ISO time of the last attempt. */
  at?: string
}

export interface Paper extends Entity {
  /** arXiv id without version, or null for a paper known only by another link. */
  arxivId: string | null
  /** Link the paper came with (abs page or other). */
  url: string
  /** Display title: arXiv's when metadata arrived, else the newest digest's. */
  title: string
  authors: string[]
  authorsElided: boolean
  appearances: DigestAppearance[]
  meta: ArxivMetadata | null
  metaStatus: MetaStatus
  addedAt: string
  /** Reading state belongs to the user: imports and metadata never change it. */
  status: ReadStatus
  starred: boolean
  tags: string[]
  lastOpenedAt: string | null
  /** Where the reader left the PDF: page and zoom, restored on the next open. */
  viewer?: ViewerState
  /**
   * Where the paper was published (conference, journal), beside its arXiv record, never replacing it.
   * Absent until a check found one.
   */
  publishedAs?: PublishedAs
  /** The last check for a published version (found or not), and the suggestions the user turned down. */
  publicationCheck?: PublicationCheck
  /** Citation key (`vaswani2017attention`), assigned once and kept when the title changes. */
  citeKey?: string
}

/** Who said where a paper was published. */
export type PublicationSource = 'arxiv' | 'openalex' | 'semantic-scholar' | 'dblp'

/**
 * A published version of a paper. `confidence: 'identifier'` when a service matched it by the paper's
 * own identifiers (arXiv id, its DOI) or arXiv's record says so; `'title-author'` when only the title
 * and first author matched: a suggestion, used (in exports, the published smart view) only once the
 * user accepted it.
 */
export interface PublishedAs {
  doi: string | null
  /** Null when only a DOI is known (arXiv's record gave one, no service named the venue). */
  venue: string | null
  year: number | null
  /** `conference` becomes BibTeX `@inproceedings`, `journal` `@article`. */
  type: 'conference' | 'journal'
  source: PublicationSource
  confidence: 'identifier' | 'title-author'
  /** The user accepted a title-and-author match. */
  accepted?: true
  /** Where the published version is (its DOI link, or the service's page): http(s) only. */
  url: string | null
  /** ISO time it was found. */
  checkedAt: string
}

export interface PublicationCheck {
  /** ISO time of the last complete check; a paper checked within a month is not asked about again. */
  checkedAt: string
  /** Suggestions the user rejected (`suggestionKey`), never suggested again. */
  rejected: string[]
}

export interface ViewerState {
  page: number
  /** `page-width`, `page-fit`, or a scale such as `1.25`. */
  zoom: string
}

export interface ReadingList extends Entity {
  name: string
  /** Sort key among lists (smaller first). */
  order: number
  /** Paper ids in the list's own order. */
  paperIds: PaperId[]
  createdAt: string
}

export interface Note extends Entity {
  /** The paper id doubles as the note id: one note per paper. */
  paperId: PaperId
  text: string
}

export interface AnnotationAnchor {
  page: number
  /** Character offsets into the page's text content. */
  start: number
  end: number
  /** Highlight rectangles in PDF user-space units, [x1, y1, x2, y2] per line. */
  quads: [number, number, number, number][]
}

export interface Annotation extends Entity {
  paperId: PaperId
  anchor: AnnotationAnchor
  quote: string
  color: 'yellow' | 'green' | 'blue' | 'pink'
  comment: string
  createdAt: string
}

export interface Attachment extends Entity {
  paperId: PaperId
  /** sha256 of the bytes: the file's name in the content-addressed cache. */
  sha256: string
  size: number
  source: 'download' | 'local'
  /** Where the bytes came from (URL or original path), for the user's information only. */
  origin: string
  pages: number | null
  addedAt: string
}

export interface Settings {
  theme: 'system' | 'light' | 'dark'
  /** Fetch arXiv metadata automatically after an import. */
  autoFetchMetadata: boolean
  arxivBaseUrl: string
  /** Folder watched for new digests, or null. */
  watchFolder: string | null
  /** Hugging Face base URL, for the Daily Papers list. */
  hfBaseUrl: string
  /** Fetch each day's Hugging Face Daily Papers in the background (missed days too). */
  hfAutoFetch: boolean
  /** Look for published versions after each arXiv metadata fetch. */
  autoCheckPublished: boolean
  openAlexBaseUrl: string
  semanticScholarBaseUrl: string
  dblpBaseUrl: string
}

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  autoFetchMetadata: true,
  arxivBaseUrl: 'https://export.arxiv.org',
  watchFolder: null,
  hfBaseUrl: 'https://huggingface.co',
  hfAutoFetch: false,
  autoCheckPublished: false,
  openAlexBaseUrl: 'https://api.openalex.org',
  semanticScholarBaseUrl: 'https://api.semanticscholar.org',
  dblpBaseUrl: 'https://dblp.org',
}
