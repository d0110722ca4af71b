import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { isMissing, LocalFileError, regularFileChunks } from '../files/regularFile'
import {
  BodyLimitError,
  cappedChunks,
  cappedStream,
  declaredLength,
  discardBody,
  formatBytes,
} from '../net/cappedBody'
import { makePrivateDir } from '../store/accessModes'
import { syncDirectory } from '../store/durableFile'
import { inspectPdf, type PdfProblem } from './inspectPdf'
import { DEFAULT_PDF_CHECK_LIMITS, type PdfCheckLimits } from './pdfjsCheck'

export interface PdfCacheOptions {
  dir: string
  fetch: typeof globalThis.fetch
  /** Largest PDF accepted, in bytes; default 200 MiB (PDF_MAX_BYTES). */
  maxBytes?: number
  userAgent: string
  /** A download that sends nothing for this long is given up; default 60 s. */
  stallTimeoutMs?: number
  /** Heap and time allowed to pdf.js (in a worker) to check a PDF. */
  checkLimits?: PdfCheckLimits
}

export interface StoredPdf {
  sha256: string
  size: number
  /** null when a user password hides the page tree. */
  pages: number | null
  passwordRequired: boolean
}

export type PdfErrorCode =
  PdfProblem | 'too-large' | 'not-regular' | 'http' | 'network' | 'cancelled' | 'not-found'

export class PdfError extends Error {
  override readonly name = 'PdfError'
  /** HTTP status when `code` is 'http', else null. */
  readonly status: number | null

  constructor(
    readonly code: PdfErrorCode,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.status = options.status ?? null
  }
}

/** The largest PDF Lectern takes, from any source. */
export const PDF_MAX_BYTES = 200 * 1024 * 1024
const SHA256_HEX = /^[0-9a-f]{64}$/
const CACHED_NAME = /^([0-9a-f]{64})\.pdf$/
const TEMP_SUFFIX = '.part'

/** How one ingest names its source in messages and maps its source's failures. */
interface Ingest {
  /** URL or path, as the user knows it. */
  subject: string
  /** "<url> returned an HTML page", "<path> is an HTML page". */
  verb: 'returned' | 'is'
  /** Maps an error thrown while reading the source. */
  readFailed(err: unknown, received: number): Error
  /** Called once the source ends; throws if it ended early. */
  ended?(received: number): void
  progress?(received: number): void
}

/**
 * Content-addressed PDF store: `<dir>/<sha256>.pdf`. Bytes are streamed into a `.part` file in the
 * same directory, hashed on the way, validated, then renamed into place, so a cached file is always
 * complete and a failed download never touches one.
 */
export class PdfCache {
  private readonly dir: string
  private readonly maxBytes: number
  private readonly stallMs: number
  private readonly checkLimits: PdfCheckLimits
  /** Temp files being written now, which `clear` must not remove. */
  private readonly inFlight = new Set<string>()

  constructor(private readonly options: PdfCacheOptions) {
    this.dir = path.resolve(options.dir)
    this.maxBytes = options.maxBytes ?? PDF_MAX_BYTES
    this.stallMs = options.stallTimeoutMs ?? 60_000
    this.checkLimits = options.checkLimits ?? DEFAULT_PDF_CHECK_LIMITS
    if (!(this.maxBytes > 0)) throw new RangeError(`PdfCache maxBytes must be positive, got ${this.maxBytes}`)
  }

  async download(
    url: string,
    opts: { signal?: AbortSignal; onProgress?: (received: number, total: number | null) => void } = {},
  ): Promise<StoredPdf> {
    const { signal, onProgress } = opts
    const cancelled = (cause?: unknown) =>
      new PdfError('cancelled', `Download of ${url} was cancelled`, { cause })
    if (signal?.aborted) throw cancelled(signal.reason)

    let res: Response
    try {
      res = await this.options.fetch(url, {
        signal,
        redirect: 'follow',
        headers: { 'user-agent': this.options.userAgent, accept: 'application/pdf' },
      })
    } catch (err) {
      if (signal?.aborted) throw cancelled(err)
      throw new PdfError('network', `${url} could not be reached: ${reasonOf(err)}`, { cause: err })
    }

    if (!res.ok) {
      await discardBody(res)
      const text = res.statusText ? ` ${res.statusText}` : ''
      throw new PdfError('http', `${url} returned HTTP ${res.status}${text}`, { status: res.status })
    }

    const total = declaredLength(res)
    const body = cappedChunks(res, { maxBytes: this.maxBytes, stallMs: this.stallMs, limitFor: 'for PDFs' })
    return this.ingest(body, {
      subject: url,
      verb: 'returned',
      readFailed: (err, received) => {
        if (signal?.aborted) return cancelled(err)
        if (err instanceof BodyLimitError) {
          return err.limit === 'too-large'
            ? new PdfError('too-large', `${url} ${err.message}`)
            : new PdfError('network', `Download of ${url} ${err.message}`)
        }
        if (total !== null && received < total) return stoppedEarly(url, received, total, err)
        return new PdfError(
          'network',
          `Download of ${url} failed after ${formatBytes(received)}: ${reasonOf(err)}`,
          { cause: err },
        )
      },
      ended: (received) => {
        if (total !== null && received !== total) throw stoppedEarly(url, received, total)
      },
      progress: onProgress && ((received) => onProgress(received, total)),
    })
  }

  async addLocalFile(filePath: string): Promise<StoredPdf> {
    const chunks = regularFileChunks(filePath, { maxBytes: this.maxBytes, limitFor: 'for PDFs' })
    return this.ingest(chunks, {
      subject: filePath,
      verb: 'is',
      readFailed: (err) =>
        err instanceof LocalFileError ? new PdfError(err.code, err.message) : toError(err),
    })
  }

  /** Bytes handed over whole (a file dropped on the window), validated like any other source. */
  async addBytes(bytes: Uint8Array, name: string): Promise<StoredPdf> {
    if (bytes.byteLength > this.maxBytes) {
      throw new PdfError(
        'too-large',
        `${name} is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(this.maxBytes)} limit for PDFs`,
      )
    }
    return this.ingest(
      (async function* () {
        yield bytes
      })(),
      { subject: name, verb: 'is', readFailed: toError },
    )
  }

  /**
   * A PDF arriving as a stream (an upload to browser mode's server), written into a `.part` file here
   * as it comes and capped while it does: refused at once when its declared size is over the limit,
   * else at the first chunk past it, and the partial file removed.
   */
  async addStream(
    chunks: AsyncIterable<Uint8Array>,
    name: string,
    declaredBytes: number | null,
  ): Promise<StoredPdf> {
    const capped = cappedStream(chunks, {
      maxBytes: this.maxBytes,
      limitFor: 'for PDFs',
      declared: declaredBytes,
    })
    return this.ingest(capped, {
      subject: name,
      verb: 'is',
      readFailed: (err, received) =>
        err instanceof BodyLimitError
          ? new PdfError('too-large', `${name} ${err.message}`)
          : // The sender went away (a closed tab, a killed CLI): not the app's fault.
            new PdfError(
              'network',
              `${name} stopped arriving after ${formatBytes(received)}: ${reasonOf(err)}`,
              {
                cause: err,
              },
            ),
    })
  }

  /**
   * A PDF handed over as base64 text (a file dropped on the window, through the API), decoded a
   * slice at a time into the cache: the decoded file is never held whole next to its text.
   */
  async addBase64(text: string, name: string): Promise<StoredPdf> {
    const size = Math.floor((text.length * 3) / 4) - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0)
    if (size > this.maxBytes) {
      throw new PdfError(
        'too-large',
        `${name} is ${formatBytes(size)}, over the ${formatBytes(this.maxBytes)} limit for PDFs`,
      )
    }
    return this.ingest(base64Slices(text), { subject: name, verb: 'is', readFailed: toError })
  }

  /** The cached file for a sha256, or null. Anything but 64 lowercase hex digits is refused unread. */
  pathOf(sha256: string): string | null {
    if (!SHA256_HEX.test(sha256)) return null
    const file = path.join(this.dir, `${sha256}.pdf`)
    return existsSync(file) ? file : null
  }

  async size(): Promise<{ files: number; bytes: number }> {
    let files = 0
    let bytes = 0
    for (const name of await this.listNames()) {
      if (!CACHED_NAME.test(name)) continue
      const size = await sizeOrNull(path.join(this.dir, name))
      if (size === null) continue
      files += 1
      bytes += size
    }
    return { files, bytes }
  }

  /**
   * Removes cached PDFs whose sha256 is not in `keep`, and `.part` files left by a crash (not those
   * of downloads running now). Returns the bytes freed. Files the cache did not write are left alone.
   */
  async clear(keep: Set<string> = new Set()): Promise<number> {
    let freed = 0
    for (const name of await this.listNames()) {
      const file = path.join(this.dir, name)
      const cached = CACHED_NAME.exec(name)
      const removable = cached
        ? !keep.has(cached[1]!)
        : name.endsWith(TEMP_SUFFIX) && !this.inFlight.has(file)
      if (!removable) continue
      const size = await sizeOrNull(file)
      if (size === null) continue
      await rm(file, { force: true })
      freed += size
    }
    return freed
  }

  /**
   * Removes the `.part` files of downloads and attaches that were interrupted (a crash, a kill):
   * never complete, never referenced, and otherwise kept for good. Those being written now stay.
   * Returns how many were removed.
   */
  async removeInterrupted(): Promise<number> {
    let removed = 0
    for (const name of await this.listNames()) {
      const file = path.join(this.dir, name)
      if (!name.endsWith(TEMP_SUFFIX) || this.inFlight.has(file)) continue
      await rm(file, { force: true })
      removed++
    }
    return removed
  }

  private async listNames(): Promise<string[]> {
    try {
      return await readdir(this.dir)
    } catch (err) {
      // No directory yet: nothing has been cached.
      if (isMissing(err)) return []
      throw err
    }
  }

  private async ingest(chunks: AsyncIterable<Uint8Array>, how: Ingest): Promise<StoredPdf> {
    await makePrivateDir(this.dir)
    const temp = path.join(this.dir, `${randomUUID()}${TEMP_SUFFIX}`)
    this.inFlight.add(temp)
    try {
      const { sha256, size } = await this.writeTemp(temp, chunks, how)

      // By path: the worker that checks it reads the file, so the app never holds it whole.
      const inspection = await inspectPdf({ path: temp }, this.checkLimits)
      if (!inspection.ok) {
        throw new PdfError(inspection.code, `${how.subject} ${how.verb} ${inspection.message}`)
      }

      const target = path.join(this.dir, `${sha256}.pdf`)
      // Same name means same bytes, so an existing file is kept as is; replacing it would also fail
      // on Windows while the viewer has it open.
      if (!existsSync(target)) {
        await rename(temp, target)
        await syncDirectory(this.dir)
      }
      return { sha256, size, pages: inspection.pages, passwordRequired: inspection.passwordRequired }
    } finally {
      this.inFlight.delete(temp)
      await rm(temp, { force: true })
    }
  }

  private async writeTemp(
    temp: string,
    chunks: AsyncIterable<Uint8Array>,
    how: Ingest,
  ): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256')
    let received = 0
    const file = await open(temp, 'wx')
    const iterator = chunks[Symbol.asyncIterator]()
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>
        try {
          next = await iterator.next()
        } catch (err) {
          throw how.readFailed(err, received)
        }
        if (next.done) break
        // Each source is capped as it is read (cappedChunks, regularFileChunks) or up front (addBytes, addBase64).
        received += next.value.byteLength
        hash.update(next.value)
        await writeAll(file, next.value)
        how.progress?.(received)
      }
      how.ended?.(received)
      // Flush before the rename so a crash cannot leave a named but empty or partial file.
      await file.sync()
    } finally {
      await file.close()
    }
    return { sha256: hash.digest('hex'), size: received }
  }
}

/** 4 MiB of base64 text (a multiple of 4 characters, so each slice decodes on its own). */
const BASE64_SLICE = 4 * 1024 * 1024

async function* base64Slices(text: string): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < text.length; at += BASE64_SLICE)
    yield Buffer.from(text.slice(at, at + BASE64_SLICE), 'base64')
}

function stoppedEarly(url: string, received: number, total: number, cause?: unknown): PdfError {
  const counts = `${received.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} bytes`
  return new PdfError('truncated', `Download of ${url} stopped at ${counts}`, { cause })
}

async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.byteLength - offset)
    offset += bytesWritten
  }
}

async function sizeOrNull(file: string): Promise<number | null> {
  try {
    const info = await stat(file)
    return info.isFile() ? info.size : null
  } catch (err) {
    // Removed meanwhile (a concurrent clear or a finished download's temp file).
    if (isMissing(err)) return null
    throw err
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}

/** The most specific reason in an error chain (undici wraps socket errors as `fetch failed`). */
function reasonOf(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined
  if (cause instanceof Error && cause.message) return `${(err as Error).message} (${cause.message})`
  return err instanceof Error ? err.message : String(err)
}
