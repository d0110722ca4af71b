import type { Annotation, Attachment, Note, Paper, ReadingList, Settings } from '../../../shared/domain'
import { DEFAULT_SETTINGS } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { splitPaper, type PaperHead, type PaperText } from './paperParts'
import { takeOutBadRecords, type RejectedRecord } from './recordChecks'

/**
 * On-disk layout (documented in the README):
 *   library.json        settings and reading lists (small)
 *   papers/NN.json      paper heads and attachments, 64 shards by id hash
 *   texts/NN.json       paper texts (abstracts, author records, summaries), 256 shards by id hash
 *   notes/NN.json       notes and annotations, 64 shards by paper id hash
 * Sharding keeps a write proportional to what changed: a note save rewrites one small shard, a star
 * one head shard. Texts have more, smaller shards because they are read on demand: showing a paper
 * whose text shard is not cached reads one of them. 256 is a multiple of 64, so the texts of one
 * papers shard NN are exactly texts shards NN, NN+64, NN+128 and NN+192 (which lets the v1 → v2
 * migration go shard by shard).
 */
export const SHARD_COUNT = 64
export const TEXT_SHARD_COUNT = 256

export interface LibraryFile {
  format: 'lectern-library'
  version: number
  settings: Settings
  lists: Record<string, ReadingList>
}
export interface PapersFile {
  format: 'lectern-papers'
  version: number
  papers: Record<string, PaperHead>
  attachments: Record<string, Attachment>
}
export interface TextsFile {
  format: 'lectern-texts'
  version: number
  texts: Record<string, PaperText>
}
export interface NotesFile {
  format: 'lectern-notes'
  version: number
  notes: Record<string, Note>
  annotations: Record<string, Annotation>
}
export type StoreFile = LibraryFile | PapersFile | NotesFile | TextsFile
export type FileKind = StoreFile['format']

/**
 * Schema history:
 *   1  papers held whole in papers/NN.json
 *   2  papers split into heads (papers/) and texts (texts/); other files unchanged
 */
export const CURRENT_VERSION = 2

/**
 * Ordered migrations per file kind: entry i turns version i+1 into version i+2. A migration may split
 * off texts, which the store then writes to texts/ (texts files start at version 2).
 */
type Migration = (data: Record<string, unknown>, texts: Record<string, PaperText>) => Record<string, unknown>
const unchanged: Migration = (data) => data
const MIGRATIONS: Record<FileKind, Migration[]> = {
  'lectern-library': [unchanged],
  'lectern-papers': [splitTexts],
  'lectern-notes': [unchanged],
  'lectern-texts': [],
}
const FIRST_VERSION: Record<FileKind, number> = {
  'lectern-library': 1,
  'lectern-papers': 1,
  'lectern-notes': 1,
  'lectern-texts': 2,
}

/** v1 → v2: each paper's bulky text moves out of the papers file. */
function splitTexts(
  data: Record<string, unknown>,
  texts: Record<string, PaperText>,
): Record<string, unknown> {
  if (!isObject(data.papers)) return data // reported as missing by the shape check
  const heads: Record<string, PaperHead> = {}
  for (const [id, paper] of Object.entries(data.papers as Record<string, Paper>)) {
    // Not a paper at all: kept as it is, for the record check to take out and report.
    if (!isObject(paper) || !Array.isArray(paper.appearances) || !paper.appearances.every(isObject)) {
      heads[id] = paper as unknown as PaperHead
      continue
    }
    const { head, text } = splitPaper(paper)
    heads[id] = head
    texts[id] = text
  }
  return { ...data, papers: heads }
}

export function emptyFile(kind: 'lectern-library'): LibraryFile
export function emptyFile(kind: 'lectern-papers'): PapersFile
export function emptyFile(kind: 'lectern-notes'): NotesFile
export function emptyFile(kind: 'lectern-texts'): TextsFile
export function emptyFile(kind: FileKind): StoreFile {
  switch (kind) {
    case 'lectern-library':
      return { format: kind, version: CURRENT_VERSION, settings: { ...DEFAULT_SETTINGS }, lists: {} }
    case 'lectern-papers':
      return { format: kind, version: CURRENT_VERSION, papers: {}, attachments: {} }
    case 'lectern-notes':
      return { format: kind, version: CURRENT_VERSION, notes: {}, annotations: {} }
    case 'lectern-texts':
      return { format: kind, version: CURRENT_VERSION, texts: {} }
  }
}

const RECORD_KEYS: Record<FileKind, string[]> = {
  'lectern-library': ['lists'],
  'lectern-papers': ['papers', 'attachments'],
  'lectern-notes': ['notes', 'annotations'],
  'lectern-texts': ['texts'],
}

export interface Upgraded {
  data: StoreFile
  /** Texts split off by a migration (papers files from v1), for the store to write to texts/. */
  texts: Record<string, PaperText> | null
  /** Records that failed their check, taken out of `data` (and of `texts`). */
  rejected: RejectedRecord[]
}

/**
 * Checks the shape of a parsed file and brings it to the current version. A file from a newer
 * Lectern is refused untouched: migrating it down would lose what that version stored. Every record
 * is checked too; the ones that fail are taken out of the returned data and listed in `rejected`
 * (the caller quarantines or reports them). `raw` is modified: pass a freshly parsed file.
 */
export function upgradeFile(kind: FileKind, raw: unknown, path: string): Upgraded {
  if (!isObject(raw) || raw.format !== kind) {
    throw new LecternError('store-corrupt', `${path} is not a Lectern ${kind.slice(8)} file`)
  }
  const version = raw.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < FIRST_VERSION[kind]) {
    throw new LecternError('store-corrupt', `${path} has no valid schema version`)
  }
  if (version > CURRENT_VERSION) {
    throw new LecternError(
      'store-future-version',
      `${path} was written by a newer Lectern (schema ${version}; this one reads up to ${CURRENT_VERSION}). It was left untouched.`,
    )
  }
  let data: Record<string, unknown> = raw
  const texts: Record<string, PaperText> = {}
  const migrations = MIGRATIONS[kind].slice(version - FIRST_VERSION[kind])
  try {
    for (const migrate of migrations) data = migrate(data, texts)
  } catch (error) {
    throw new LecternError('store-corrupt', `${path}: ${(error as Error).message}`)
  }
  for (const key of RECORD_KEYS[kind]) {
    if (!isObject(data[key]))
      throw new LecternError('store-corrupt', `${path}: "${key}" is missing or not an object`)
  }
  if (kind === 'lectern-library') {
    data.settings = { ...DEFAULT_SETTINGS, ...(isObject(data.settings) ? data.settings : {}) }
  }
  const rejected = takeOutBadRecords(kind, data)
  const migratedTexts = kind === 'lectern-papers' && migrations.length > 0
  if (migratedTexts) {
    for (const bad of rejected) if (bad.collection === 'papers') delete texts[bad.id]
    rejected.push(...takeOutBadRecords('lectern-texts', { texts }))
  }
  return {
    data: { ...data, version: CURRENT_VERSION } as unknown as StoreFile,
    texts: migratedTexts ? texts : null,
    rejected,
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** FNV-1a: a stable, fast spread of ids over shards (not security relevant). */
export function shardOf(id: string, count = SHARD_COUNT): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return ((hash >>> 0) % count).toString(16).padStart(2, '0')
}

export const textShardOf = (id: string): string => shardOf(id, TEXT_SHARD_COUNT)
