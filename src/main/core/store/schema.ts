import type { Annotation, Attachment, Note, Paper, ReadingList, Settings } from '../../../shared/domain'
import { DEFAULT_SETTINGS } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'

/**
 * On-disk layout (documented in the README):
 *   library.json        settings and reading lists (small)
 *   papers/NN.json      papers and their attachments, 64 shards by id hash
 *   notes/NN.json       notes and annotations, 64 shards by paper id hash
 * Sharding keeps a write proportional to what changed: a note save rewrites one small shard.
 */
export const SHARD_COUNT = 64

export interface LibraryFile {
  format: 'lectern-library'
  version: number
  settings: Settings
  lists: Record<string, ReadingList>
}
export interface PapersFile {
  format: 'lectern-papers'
  version: number
  papers: Record<string, Paper>
  attachments: Record<string, Attachment>
}
export interface NotesFile {
  format: 'lectern-notes'
  version: number
  notes: Record<string, Note>
  annotations: Record<string, Annotation>
}
export type StoreFile = LibraryFile | PapersFile | NotesFile
export type FileKind = StoreFile['format']

export const CURRENT_VERSION = 1

/** Ordered migrations per file kind: entry i turns version i+1 into version i+2. */
type Migration = (data: Record<string, unknown>) => Record<string, unknown>
const MIGRATIONS: Record<FileKind, Migration[]> = {
  'lectern-library': [],
  'lectern-papers': [],
  'lectern-notes': [],
}

export function emptyFile(kind: 'lectern-library'): LibraryFile
export function emptyFile(kind: 'lectern-papers'): PapersFile
export function emptyFile(kind: 'lectern-notes'): NotesFile
export function emptyFile(kind: FileKind): StoreFile {
  switch (kind) {
    case 'lectern-library':
      return { format: kind, version: CURRENT_VERSION, settings: { ...DEFAULT_SETTINGS }, lists: {} }
    case 'lectern-papers':
      return { format: kind, version: CURRENT_VERSION, papers: {}, attachments: {} }
    case 'lectern-notes':
      return { format: kind, version: CURRENT_VERSION, notes: {}, annotations: {} }
  }
}

const RECORD_KEYS: Record<FileKind, string[]> = {
  'lectern-library': ['lists'],
  'lectern-papers': ['papers', 'attachments'],
  'lectern-notes': ['notes', 'annotations'],
}

/**
 * Checks the shape of a parsed file and brings it to the current version. A file from a newer
 * Lectern is refused untouched: migrating it down would lose what that version stored.
 */
export function upgradeFile(kind: FileKind, raw: unknown, path: string): StoreFile {
  if (!isObject(raw) || raw.format !== kind) {
    throw new LecternError('store-corrupt', `${path} is not a Lectern ${kind.slice(8)} file`)
  }
  const version = raw.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new LecternError('store-corrupt', `${path} has no valid schema version`)
  }
  if (version > CURRENT_VERSION) {
    throw new LecternError(
      'store-future-version',
      `${path} was written by a newer Lectern (schema ${version}; this one reads up to ${CURRENT_VERSION}). It was left untouched.`,
    )
  }
  let data: Record<string, unknown> = raw
  for (const migrate of MIGRATIONS[kind].slice(version - 1)) data = migrate(data)
  for (const key of RECORD_KEYS[kind]) {
    if (!isObject(data[key]))
      throw new LecternError('store-corrupt', `${path}: "${key}" is missing or not an object`)
  }
  if (kind === 'lectern-library') {
    data.settings = { ...DEFAULT_SETTINGS, ...(isObject(data.settings) ? data.settings : {}) }
  }
  return { ...data, version: CURRENT_VERSION } as unknown as StoreFile
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** FNV-1a: a stable, fast spread of ids over shards (not security relevant). */
export function shardOf(id: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return ((hash >>> 0) % SHARD_COUNT).toString(16).padStart(2, '0')
}
