import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Attachment } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { PdfError, type PdfErrorCode } from '../pdf/pdfCache'
import type { Database, Doc } from './replica'
import { docId } from './syncDocs'

/**
 * PDFs attached from local files travel with the library: the attachment's record as one document,
 * the file's bytes as the CouchDB attachment of a `pdf:<sha256>` document (content-addressed: a file
 * attached to two papers, or on two machines, is one document). arXiv downloads are not synced: each
 * machine fetches those by id. A file over the size limit (Settings › Sync) is not synced at all.
 */

/** The PDF cache as sync needs it (PdfCache is one). */
export interface PdfFiles {
  /** The cached file of a sha256, or null. */
  pathOf(sha256: string): string | null
  /** Checks the bytes are a PDF and stores them under their sha256. */
  addBytes(bytes: Uint8Array, name: string): Promise<{ sha256: string }>
}

export interface PdfSync {
  files: PdfFiles
  /** The largest attached PDF sent to the server, in bytes (read at each write: Settings can change it). */
  maxBytes: () => number
}

/** The limit until Settings › Sync says otherwise. */
export const DEFAULT_PDF_SYNC_MAX_BYTES = 20 * 1024 * 1024
/** The name of the file inside its `pdf:` document. */
const FILE = 'file.pdf'
const SHA256_HEX = /^[0-9a-f]{64}$/

export interface AttachmentBody {
  paperId: string
  sha256: string
  size: number
  pages: number | null
  origin: string
  addedAt: string
  deleted?: true
}

/** Whether this attachment goes to the server: a local file under the limit. */
export function syncsAttachment(attachment: Attachment, maxBytes: number): boolean {
  return attachment.source === 'local' && attachment.size <= maxBytes
}

export function attachmentDoc(a: Attachment): AttachmentBody {
  const body: AttachmentBody = {
    paperId: a.paperId,
    sha256: a.sha256,
    size: a.size,
    pages: a.pages,
    origin: a.origin,
    addedAt: a.addedAt,
  }
  if (a.deleted) body.deleted = true
  return body
}

/** The store's attachment for a record read from the replica, or null when the record is not one. */
export function attachmentFromDoc(id: string, doc: Record<string, unknown>, rev: number): Attachment | null {
  const { paperId, sha256, size, pages, origin, addedAt, deleted } = doc
  if (
    typeof paperId !== 'string' ||
    paperId === '' ||
    typeof sha256 !== 'string' ||
    !SHA256_HEX.test(sha256) ||
    typeof size !== 'number' ||
    !Number.isSafeInteger(size) ||
    size < 0 ||
    !(pages === null || (typeof pages === 'number' && Number.isSafeInteger(pages) && pages >= 0)) ||
    typeof origin !== 'string' ||
    typeof addedAt !== 'string'
  )
    return null
  const attachment: Attachment = {
    id,
    rev,
    updatedAt: addedAt,
    paperId,
    sha256,
    size,
    source: 'local',
    origin,
    pages,
    addedAt,
  }
  if (deleted === true) attachment.deleted = true
  return attachment
}

/** The paper an attachment id belongs to (`<paperId>#<sha256 prefix>`, see PdfService). */
export function paperOfAttachment(id: string): string {
  const hash = id.lastIndexOf('#')
  return hash > 0 ? id.slice(0, hash) : id
}

/** Puts the cached file into the replica as `pdf:<sha256>`, unless it is there already. */
export async function writePdfDoc(replica: Database, files: PdfFiles, sha256: string): Promise<void> {
  const id = docId.pdf(sha256)
  const existing = await replica.get(id).catch((error: { status?: number }) => {
    if (error.status === 404) return null
    throw error
  })
  if (existing) return
  const path = files.pathOf(sha256)
  if (!path) throw new LecternError('not-found', `The attached PDF ${sha256} is missing from the PDF cache`)
  const doc: Doc = {
    _id: id,
    _attachments: { [FILE]: { content_type: 'application/pdf', data: await readFile(path) } },
  }
  const [result] = await replica.bulkDocs([doc])
  // 409: the same file arrived from another machine meanwhile; same id, same bytes.
  if (result?.error && result.status !== 409)
    throw new Error(`sync: writing ${id} to the replica failed: ${result.reason ?? result.message}`)
}

const REFUSED_BYTES = new Set<PdfErrorCode>(['not-pdf', 'empty', 'truncated', 'damaged', 'too-large'])

/** What placing a replicated file came to: in the cache, not arrived yet, or refused and why. */
export type Placed = 'placed' | 'absent' | { problem: string }

/**
 * Brings a replicated file into the PDF cache; `'absent'` while its document has not arrived yet.
 * A document that is not the file its name promises (another type, another size than its record
 * says, other bytes, not a PDF) is refused with the reason, and nothing enters the cache: another
 * client than Lectern can write anything to the server.
 */
export async function placePdf(
  replica: Database,
  files: PdfFiles,
  sha256: string,
  size: number,
): Promise<Placed> {
  if (files.pathOf(sha256)) return 'placed'
  const id = docId.pdf(sha256)
  let doc: Doc
  try {
    doc = await replica.get(id)
  } catch (error) {
    if ((error as { status?: number }).status === 404) return 'absent'
    throw error
  }
  const file = (
    doc._attachments as Record<string, { content_type?: unknown; length?: unknown }> | undefined
  )?.[FILE]
  if (!file) return { problem: `it has no ${FILE}` }
  if (file.content_type !== 'application/pdf')
    return { problem: `its file is ${String(file.content_type)}, not application/pdf` }
  if (typeof file.length === 'number' && file.length !== size)
    return { problem: `its file is ${file.length} bytes, its attachment record says ${size}` }
  const bytes = await replica.getAttachment(id, FILE)
  if (bytes.byteLength !== size)
    return { problem: `its file is ${bytes.byteLength} bytes, its attachment record says ${size}` }
  const actual = createHash('sha256').update(bytes).digest('hex')
  if (actual !== sha256) return { problem: `its bytes have another sha256 (${actual})` }
  try {
    await files.addBytes(bytes, `the synced PDF ${sha256}`)
  } catch (error) {
    // The cache's own checks of the bytes (a disk that cannot be written is not the document's fault).
    if (error instanceof PdfError && REFUSED_BYTES.has(error.code)) return { problem: error.message }
    throw error
  }
  return 'placed'
}
