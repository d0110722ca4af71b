import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Low } from 'lowdb'
import { LecternError } from '../../../shared/errors'
import { DurableJsonFile, parseStored } from './durableFile'
import type { PaperText } from './paperParts'
import type { RejectedRecord } from './recordChecks'
import { nextTurn } from '../inSlices'
import { emptyFile, upgradeFile, type TextsFile } from './schema'

/** Texts of the papers last shown, kept so that a note save or a re-index does not read them again. */
const REMEMBERED = 512

/**
 * The papers' texts (texts/NN.json), read from disk when asked for. Reads are synchronous so that a
 * transaction can see a paper's text; a shard is about 500 KB at 50,000 papers, 5 ms to read. A
 * transaction that names the papers it will read has their shards read ahead, asynchronously. Only
 * the texts of recently shown papers stay in memory, not whole shards: a kept shard would survive
 * into the old generation and make the next garbage collections copy it, which cost more than the
 * read. Every file was checked when the store opened, and its records are checked as it is read.
 */
export class PaperTexts {
  /** Map order is recency: the first key is the least recently used. */
  private readonly recent = new Map<string, PaperText | undefined>()

  constructor(
    private readonly dir: string,
    /** Told of records that failed their check as a shard is read (they are left out of it). */
    private readonly onRejected: (
      path: string,
      data: Record<string, unknown>,
      rejected: RejectedRecord[],
    ) => void,
  ) {}

  path(key: string): string {
    return join(this.dir, 'texts', `${key}.json`)
  }

  /** One paper's text, remembered for the next time. */
  textOf(id: string, read: (id: string) => PaperText | undefined): PaperText | undefined {
    const text = this.recent.has(id) ? this.recent.get(id) : read(id)
    this.remember(id, text)
    return text
  }

  /** The text if it is remembered (`{ text }`, which may hold undefined), else null. */
  remembered(id: string): { text: PaperText | undefined } | null {
    return this.recent.has(id) ? { text: this.recent.get(id) } : null
  }

  /** Keeps a committed text current if it is remembered. */
  written(id: string, text: PaperText): void {
    if (this.recent.has(id)) this.recent.set(id, text)
  }

  private remember(id: string, text: PaperText | undefined): void {
    this.recent.delete(id)
    this.recent.set(id, text)
    for (const oldest of this.recent.keys()) {
      if (this.recent.size <= REMEMBERED) break
      this.recent.delete(oldest)
    }
  }

  /** A whole shard from disk (a missing file is an empty shard). */
  readShard(key: string): Low<TextsFile> {
    const path = this.path(key)
    let text: string | null
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      text = missingOrThrow(error, path)
    }
    return this.shardFrom(path, text)
  }

  /**
   * The same, read without holding up the event loop: the bytes come from a thread of libuv's pool,
   * and only the parse (a few ms for a shard) runs here. A transaction's shards are read this way
   * before its synchronous part runs (see LibraryStore.update).
   */
  async readShardAhead(key: string): Promise<Low<TextsFile>> {
    const path = this.path(key)
    let text: string | null
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      text = missingOrThrow(error, path)
    }
    // Parsed in a turn of its own (5-8 ms): the read ends amid other background work's slices (a
    // commit's encoding), and a slice and a parse in one turn held the loop for twice as long.
    await nextTurn()
    return this.shardFrom(path, text)
  }

  /**
   * The entries of `ids` in a shard (those it has), read as `readShardAhead` reads: the rest of the
   * shard is garbage at once. An import names papers in every shard; holding all of them whole until
   * the commit was written (~120 MB at 50,000 papers) made each young-generation collection copy
   * them, pauses of the whole thread.
   */
  async readEntriesAhead(key: string, ids: Iterable<string>): Promise<Low<TextsFile>> {
    const low = await this.readShardAhead(key)
    low.data = { ...low.data, texts: pick(low.data.texts, ids) }
    return low
  }

  /**
   * A whole shard as it is on disk with `entries` laid over it, read off the event loop: how a
   * commit that read only some entries of a shard writes all of it (see LibraryStore).
   */
  async completeAhead(key: string, entries: TextsFile): Promise<TextsFile> {
    const whole = (await this.readShardAhead(key)).data
    return { ...whole, texts: Object.assign(whole.texts, entries.texts) }
  }

  /** A shard from its file's text (null: no file, an empty shard), its records checked. */
  private shardFrom(path: string, text: string | null): Low<TextsFile> {
    const low = new Low<TextsFile>(new DurableJsonFile<TextsFile>(path), emptyFile('lectern-texts'))
    if (text === null) return low
    const upgraded = upgradeFile('lectern-texts', parseStored(text, path), path)
    low.data = upgraded.data as TextsFile
    if (upgraded.rejected.length > 0)
      this.onRejected(path, upgraded.data as unknown as Record<string, unknown>, upgraded.rejected)
    return low
  }
}

/** The entries of `ids` that `texts` has. */
export function pick(texts: TextsFile['texts'], ids: Iterable<string>): TextsFile['texts'] {
  const picked: TextsFile['texts'] = {}
  for (const id of ids) {
    const text = texts[id]
    if (text !== undefined) picked[id] = text
  }
  return picked
}

/** Null for a file that does not exist (an empty shard); any other failure names the file. */
function missingOrThrow(error: unknown, path: string): null {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
  throw new LecternError('io', `Cannot read ${path}: ${(error as Error).message}`)
}
