import { existsSync, readFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { makePrivateDir } from '../store/accessModes'
import { writeFileDurably } from '../store/durableFile'

const FORMAT = 'lectern-pdf-text'
/** Bump when extraction changes what it produces: records of an older version are extracted again. */
export const PDF_TEXT_VERSION = 1
const SHA256_HEX = /^[0-9a-f]{64}$/
const RECORD_NAME = /^([0-9a-f]{64})\.json$/

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

/**
 * The text of cached PDFs: derived data in `pdf-text/<sha256>.json` beside the cache, one compact
 * file per PDF, rebuilt when missing, unreadable or of another version.
 */
export class PdfTextStore {
  readonly dir: string

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'pdf-text')
  }

  /** The record of a PDF, or null when there is none of this version (extract it again). */
  read(sha256: string): PdfTextRecord | null {
    if (!SHA256_HEX.test(sha256)) return null
    const file = this.fileOf(sha256)
    if (!existsSync(file)) return null
    let data: unknown
    try {
      data = JSON.parse(readFileSync(file, 'utf8'))
    } catch {
      // Derived data: a torn or foreign file is extracted again, not reported.
      return null
    }
    return isRecord(data, sha256) ? data : null
  }

  /** Writes a record; `inMemoryOnly` (a library opened read-only) only makes it. */
  async write(
    record: Omit<PdfTextRecord, 'format' | 'version'>,
    opts: { inMemoryOnly?: boolean } = {},
  ): Promise<PdfTextRecord> {
    const full: PdfTextRecord = { format: FORMAT, version: PDF_TEXT_VERSION, ...record }
    if (opts.inMemoryOnly === true) return full
    await makePrivateDir(this.dir)
    await writeFileDurably(this.fileOf(record.sha256), JSON.stringify(full))
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
    return path.join(this.dir, `${sha256}.json`)
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
