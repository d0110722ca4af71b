import type { Attachment } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { isLive, tombstone } from '../library/entity'
import type { ServiceDeps } from '../library/listService'
import { PdfError, type PdfCache, type StoredPdf } from './pdfCache'

export interface DownloadOptions {
  signal?: AbortSignal
  onProgress?: (received: number, total: number | null) => void
}

/** A PDF arriving as a stream: the body of browser mode's upload route. */
export interface PdfUpload {
  paperId: string
  /** The file's name, as the sender knows it. */
  name: string
  body: AsyncIterable<Uint8Array>
  /** The sender's Content-Length, if any: an upload that announces more than the limit is refused unread. */
  declaredBytes: number | null
}

/**
 * A paper's PDFs: downloaded from arXiv or attached from a local file into the content-addressed
 * cache, recorded as attachments. Files are found by paper id only, never by a path from outside.
 */
export class PdfService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly cache: PdfCache,
    /** arXiv base URL in force; PDFs come from `<base>/pdf/<id>` (export.arxiv.org serves them too). */
    private readonly arxivBase: () => string,
    /** Runs before a download or attach returns: reading the new PDF's text for search. */
    private readonly afterStored: (attachment: Attachment) => Promise<unknown> = async () => undefined,
  ) {}

  /** The newest live attachment of a paper, or null. */
  current(paperId: string): Attachment | null {
    const live = this.deps.store.attachments(paperId).filter(isLive)
    return live.sort((a, b) => b.addedAt.localeCompare(a.addedAt))[0] ?? null
  }

  /** The file to show for a paper: looked up by id in the store, then by hash in the cache. */
  fileOf(paperId: string): string | null {
    const attachment = this.current(paperId)
    return attachment ? this.cache.pathOf(attachment.sha256) : null
  }

  async download(paperId: string, options: DownloadOptions = {}): Promise<Attachment> {
    const paper = this.deps.store.head(paperId)
    if (!isLive(paper)) throw new LecternError('not-found', `There is no paper ${paperId} in the library`)
    if (!paper.arxivId)
      throw new LecternError('invalid-input', `${paperId} is not an arXiv paper; attach its PDF from a file`)
    const version = paper.meta?.version
    const url = `${this.arxivBase()}/pdf/${paper.arxivId}${version ? `v${version}` : ''}`
    const stored = await this.guard(() => this.cache.download(url, options))
    return this.record(paperId, stored, 'download', url)
  }

  async attachFile(paperId: string, path: string): Promise<Attachment> {
    this.assertPaper(paperId)
    const stored = await this.guard(() => this.cache.addLocalFile(path))
    return this.record(paperId, stored, 'local', path)
  }

  /** A PDF handed over as base64 (file picker or drop), decoded straight into the cache. */
  async attachBase64(paperId: string, name: string, base64: string): Promise<Attachment> {
    this.assertPaper(paperId)
    const stored = await this.guard(() => this.cache.addBase64(base64, name))
    return this.record(paperId, stored, 'local', name)
  }

  /** A PDF streamed in (browser mode's upload route), written into the cache as it arrives. */
  async attachStream({ paperId, name, body, declaredBytes }: PdfUpload): Promise<Attachment> {
    this.assertPaper(paperId)
    const stored = await this.guard(() => this.cache.addStream(body, name, declaredBytes))
    return this.record(paperId, stored, 'local', name)
  }

  async cacheInfo(): Promise<{ files: number; bytes: number }> {
    return this.cache.size()
  }

  /** Removes what interrupted downloads and attaches left behind; how many files. */
  removeInterrupted(): Promise<number> {
    return this.cache.removeInterrupted()
  }

  /** Removes downloaded PDFs (they can be fetched again); attached local files stay. */
  async clearDownloads(): Promise<{ freedBytes: number }> {
    const { store, now } = this.deps
    const keep = new Set<string>()
    const dropped: Attachment[] = []
    for (const a of store.allAttachments()) {
      if (!isLive(a)) continue
      if (a.source === 'local') keep.add(a.sha256)
      else dropped.push(a)
    }
    await store.update((tx) => {
      for (const a of dropped) if (!keep.has(a.sha256)) tx.putAttachment(tombstone(a, now()))
    })
    const freedBytes = await this.cache.clear(keep)
    return { freedBytes }
  }

  private assertPaper(paperId: string): void {
    if (!isLive(this.deps.store.head(paperId)))
      throw new LecternError('not-found', `There is no paper ${paperId} in the library`)
  }

  private async record(
    paperId: string,
    stored: StoredPdf,
    source: Attachment['source'],
    origin: string,
  ): Promise<Attachment> {
    const { store, now } = this.deps
    const attachment = await store.update((tx) => {
      const id = `${paperId}#${stored.sha256.slice(0, 16)}`
      const at = now().toISOString()
      const existing = store.attachments(paperId).find((a) => a.id === id)
      const next: Attachment = {
        id,
        rev: (existing?.rev ?? 0) + 1,
        updatedAt: at,
        paperId,
        sha256: stored.sha256,
        size: stored.size,
        source,
        origin,
        pages: stored.pages,
        addedAt: at,
      }
      tx.putAttachment(next)
      return next
    })
    await this.afterStored(attachment)
    return attachment
  }

  /** Cache errors become API errors with the cache's own clear message. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      if (!(error instanceof PdfError)) throw error
      const code =
        error.code === 'cancelled'
          ? 'cancelled'
          : error.code === 'network' || error.code === 'http'
            ? 'network'
            : error.code === 'not-found'
              ? 'not-found'
              : error.code === 'too-large'
                ? 'too-large'
                : 'bad-pdf'
      throw new LecternError(code, error.message)
    }
  }
}
