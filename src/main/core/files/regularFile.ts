/**
 * Files named by the user, read with a size bound: only regular files (`/dev/zero`, a FIFO or a
 * directory would never end, block, or fail late), checked by stat before opening and again on the
 * open handle, and the size counted while reading in case the file grows meanwhile.
 */
import { constants, type Stats } from 'node:fs'
import { open, stat, type FileHandle } from 'node:fs/promises'
import { formatBytes } from '../net/cappedBody'

export type LocalFileProblem = 'not-found' | 'not-regular' | 'too-large'

/** `message` names the file: "<path> is a FIFO, not a regular file". */
export class LocalFileError extends Error {
  override name = 'LocalFileError'

  constructor(
    readonly code: LocalFileProblem,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options)
  }
}

export interface RegularFileOptions {
  maxBytes: number
  /** Completes "over the 200 MiB limit …", e.g. "for PDFs". */
  limitFor?: string
}

const CHUNK_BYTES = 1024 * 1024
// Opening a FIFO for reading blocks until a writer comes; O_NONBLOCK makes the open return at once
// (it changes nothing for a regular file). Windows has neither FIFOs nor the flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

/** The file's chunks, in order; throws LocalFileError for anything but a regular file within the limit. */
export async function* regularFileChunks(path: string, opts: RegularFileOptions): AsyncGenerator<Uint8Array> {
  const { handle } = await openRegularFile(path, opts)
  yield* chunksOf(handle, path, opts)
}

/**
 * The same, with the checks done before it returns (a file that is not regular or over the limit throws
 * here, not at the first read), and the size: for a caller that must know before it starts sending.
 */
export async function openRegularFileChunks(
  path: string,
  opts: RegularFileOptions,
): Promise<{ size: number; chunks: AsyncGenerator<Uint8Array> }> {
  const { handle, size } = await openRegularFile(path, opts)
  return { size, chunks: chunksOf(handle, path, opts) }
}

async function* chunksOf(
  handle: FileHandle,
  path: string,
  opts: RegularFileOptions,
): AsyncGenerator<Uint8Array> {
  try {
    let received = 0
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null)
      if (bytesRead === 0) return
      received += bytesRead
      if (received > opts.maxBytes)
        throw new LocalFileError('too-large', `${path} grew over ${limit(opts)} while being read`)
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}

/** The whole file, within the limit. */
export async function readRegularFile(path: string, opts: RegularFileOptions): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  for await (const chunk of regularFileChunks(path, opts)) chunks.push(chunk)
  return Buffer.concat(chunks)
}

async function openRegularFile(
  path: string,
  opts: RegularFileOptions,
): Promise<{ handle: FileHandle; size: number }> {
  const before = await stat(path).catch((err: unknown) => {
    throw isMissing(err) ? new LocalFileError('not-found', `${path} does not exist`, { cause: err }) : err
  })
  assertAcceptable(path, before, opts)
  const handle = await open(path, OPEN_FLAGS)
  try {
    // The path may have been swapped between stat and open: judge what was actually opened.
    const opened = await handle.stat()
    assertAcceptable(path, opened, opts)
    if (opened.ino !== before.ino || opened.dev !== before.dev)
      throw new LocalFileError('not-regular', `${path} was replaced while being opened`)
    return { handle, size: opened.size }
  } catch (err) {
    await handle.close()
    throw err
  }
}

function assertAcceptable(path: string, info: Stats, opts: RegularFileOptions): void {
  if (!info.isFile())
    throw new LocalFileError('not-regular', `${path} is ${kindOf(info)}, not a regular file`)
  if (info.size > opts.maxBytes)
    throw new LocalFileError('too-large', `${path} is ${formatBytes(info.size)}, over ${limit(opts)}`)
}

function limit(opts: RegularFileOptions): string {
  return `the ${formatBytes(opts.maxBytes)} limit${opts.limitFor ? ` ${opts.limitFor}` : ''}`
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isSocket()) return 'a socket'
  return 'not a plain file'
}

/** The error of a path that is not there (ENOTDIR: a folder on the way is a file). */
export function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
