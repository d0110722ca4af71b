import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { makePrivateDir } from '../store/accessModes'
import { writeFileDurably } from '../store/durableFile'

const FORMAT = 'lectern-pdf-text'
/** Bump when extraction changes what it produces: records of an older version are extracted again. */
export const PDF_TEXT_VERSION = 1
const SHA256_HEX = /^[0-9a-f]{64}$/
const RECORD_NAME = /^([0-9a-f]{64})\.jsonl$/
/**
 * Page offsets kept per file, so reading a page for a snippet costs one small read: a few hundred
 * bytes a file, for every PDF of a large library (a phrase is checked on pages of hundreds of them).
 */
const HEADER_CACHE = 8192
/** A header is read in steps of this: most (tens of pages) fit in the first. */
const HEADER_STEP = 4096

/**
 * What extraction found in one PDF. `password`: a user password hides it, and its text is read only
 * after the user opens it with the password (which is never stored); `damaged`: pdf.js could not read
 * it, and `message` says why, so it is not tried again at every start.
 */
export interface PdfTextRecord {
  format: typeof FORMAT
  version: typeof PDF_TEXT_VERSION
  sha256: string
  state: 'text' | 'no-text' | 'password' | 'damaged'
  /** Text of each page, in order (empty unless `text` or `no-text`). */
  pages: string[]
  message?: string
  extractedAt: string
}

/** The first line of a record file: everything but the pages, and each page's line length in bytes. */
interface Header extends Omit<PdfTextRecord, 'pages'> {
  pageBytes: number[]
}

/**
 * The text of cached PDFs: derived data in `pdf-text/<sha256>.jsonl` beside the cache, one file per
 * PDF, rebuilt when missing, unreadable or of another version. JSON Lines: a header, then each page
 * as a JSON string on its own line, so that search reads one page (a snippet, a phrase) without
 * parsing the whole file: the header says where each page is.
 */
export class PdfTextStore {
  readonly dir: string
  private readonly headers = new Map<string, { start: number[]; bytes: number[] }>()

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'pdf-text')
  }

  /** The record of a PDF, or null when there is none of this version (extract it again). */
  read(sha256: string): PdfTextRecord | null {
    if (!SHA256_HEX.test(sha256)) return null
    const file = this.fileOf(sha256)
    if (!existsSync(file)) return null
    try {
      const [head = '', ...lines] = readFileSync(file, 'utf8').split('\n')
      const { pageBytes, ...header } = JSON.parse(head) as Header
      const record: unknown = {
        ...header,
        pages: lines.slice(0, pageBytes.length).map((l) => JSON.parse(l) as unknown),
      }
      return isRecord(record, sha256) && lines.length === pageBytes.length ? record : null
    } catch {
      // Derived data: a torn or foreign file is extracted again, not reported.
      return null
    }
  }

  /** One page's text (1-based), or null when the PDF has no readable record or no such page. */
  readPage(sha256: string, page: number): string | null {
    if (!SHA256_HEX.test(sha256)) return null
    let fd: number
    try {
      fd = openSync(this.fileOf(sha256), 'r')
    } catch {
      return null
    }
    try {
      const where = this.headers.get(sha256) ?? this.readHeader(sha256, fd)
      const start = where?.start[page - 1]
      const bytes = where?.bytes[page - 1]
      if (start === undefined || bytes === undefined) return null
      const buffer = Buffer.alloc(bytes)
      if (readSync(fd, buffer, 0, bytes, start) !== bytes) return null
      const text: unknown = JSON.parse(buffer.toString('utf8'))
      return typeof text === 'string' ? text : null
    } catch {
      return null
    } finally {
      closeSync(fd)
    }
  }

  /** Writes a record; `inMemoryOnly` (a library opened read-only) only makes it. */
  async write(
    record: Omit<PdfTextRecord, 'format' | 'version'>,
    opts: { inMemoryOnly?: boolean } = {},
  ): Promise<PdfTextRecord> {
    const full: PdfTextRecord = { format: FORMAT, version: PDF_TEXT_VERSION, ...record }
    if (opts.inMemoryOnly === true) return full
    const lines = full.pages.map((p) => JSON.stringify(p))
    const { pages: _pages, ...rest } = full
    const header: Header = { ...rest, pageBytes: lines.map((l) => Buffer.byteLength(l)) }
    await makePrivateDir(this.dir)
    await writeFileDurably(this.fileOf(record.sha256), [JSON.stringify(header), ...lines].join('\n'))
    this.headers.delete(record.sha256)
    return full
  }

  /** The sha256 of every PDF with a record file (of any version). */
  async list(): Promise<Set<string>> {
    try {
      const names = await readdir(this.dir)
      return new Set(names.flatMap((name) => RECORD_NAME.exec(name)?.[1] ?? []))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set()
      throw error
    }
  }

  private fileOf(sha256: string): string {
    return path.join(this.dir, `${sha256}.jsonl`)
  }

  /** Where each page's line is in the file, from its header line (read in `HEADER_STEP` steps). */
  private readHeader(sha256: string, fd: number): { start: number[]; bytes: number[] } | null {
    const chunks: Buffer[] = []
    let at = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(HEADER_STEP)
      const n = readSync(fd, chunk, 0, chunk.length, at)
      if (n === 0) return null
      const end = chunk.subarray(0, n).indexOf(0x0a)
      chunks.push(chunk.subarray(0, end < 0 ? n : end))
      at += n
      if (end >= 0) break
    }
    const head = Buffer.concat(chunks)
    const header = JSON.parse(head.toString('utf8')) as Partial<Header>
    if (header.version !== PDF_TEXT_VERSION || !Array.isArray(header.pageBytes)) return null
    const start: number[] = []
    let offset = head.length + 1
    for (const bytes of header.pageBytes) {
      start.push(offset)
      offset += bytes + 1
    }
    const where = { start, bytes: header.pageBytes }
    if (this.headers.size >= HEADER_CACHE) this.headers.delete(this.headers.keys().next().value as string)
    this.headers.set(sha256, where)
    return where
  }
}

function isRecord(data: unknown, sha256: string): data is PdfTextRecord {
  const r = data as Partial<PdfTextRecord> | null
  return (
    typeof r === 'object' &&
    r !== null &&
    r.format === FORMAT &&
    r.version === PDF_TEXT_VERSION &&
    r.sha256 === sha256 &&
    (r.state === 'text' || r.state === 'no-text' || r.state === 'password' || r.state === 'damaged') &&
    Array.isArray(r.pages) &&
    r.pages.every((p) => typeof p === 'string') &&
    typeof r.extractedAt === 'string'
  )
}
