import { open, readFile, rename, rm } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { LecternError } from '../../../shared/errors'

export interface DurableWriteOptions {
  /**
   * The file's permission bits, exact (not filtered by the umask). A rename replaces the file with
   * the temp file, so the mode must be given at every rewrite: it is how a secret stays 0600.
   */
  mode?: number
}

/**
 * What a file is written from: its text, its bytes, or either in pieces, each encoded and written
 * in its own turn of the event loop (for files of many megabytes).
 */
export type FileContents = string | Uint8Array | readonly (string | Uint8Array)[]

/** Writes bytes so that a crash leaves either the old or the new file, never a mix. */
export async function writeFileDurably(
  path: string,
  bytes: FileContents,
  options: DurableWriteOptions = {},
): Promise<void> {
  const temp = tempPathFor(path)
  await writeAndSync(temp, bytes, options)
  await rename(temp, path)
  await syncDirectory(dirname(path))
}

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`)
}

export async function writeAndSync(
  path: string,
  bytes: FileContents,
  options: DurableWriteOptions = {},
): Promise<void> {
  // Created with the mode (never readable by others, even for a moment), then set exactly.
  const handle = await open(path, 'w', options.mode ?? 0o666)
  try {
    if (options.mode !== undefined) await handle.chmod(options.mode)
    if (typeof bytes === 'string' || bytes instanceof Uint8Array) await handle.writeFile(bytes)
    else for (const piece of bytes) await handle.writeFile(piece)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** A rename is durable only once its directory entry is; Windows cannot open directories, and needs not. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * A lowdb adapter for one JSON file: atomic durable writes, and a read that refuses a file it cannot
 * parse (naming it) instead of treating it as empty, so a corrupt file is never overwritten by defaults.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    return this.parse(readStoredText(this.path))
  }

  /** What read() returns, from the file's text read beforehand (readStoredText). */
  async parse(text: Promise<string | null>): Promise<T | null> {
    const read = await text
    return read === null ? null : (parseStored(read, this.path) as T)
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.path, serialize(data))
  }
}

/** A stored file's text, or null when there is no such file. */
export async function readStoredText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new LecternError('io', `Cannot read ${path}: ${(error as Error).message}`)
  }
}

/** Parses a stored file's text; a file that is not JSON is corrupt, and the message names it. */
export function parseStored(text: string, path: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new LecternError('store-corrupt', `${path} is not valid JSON (${(error as Error).message})`)
  }
}

export function serialize(data: unknown): string {
  return JSON.stringify(data) + '\n'
}

export async function removeIfExists(path: string): Promise<void> {
  await rm(path, { force: true })
}
