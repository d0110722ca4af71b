import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type PouchDB from 'pouchdb'
import { LecternError } from '../../../shared/errors'

export type Database = PouchDB.Database
export type Doc = PouchDB.Doc
export type Sync = PouchDB.Sync

/**
 * The one place that knows PouchDB's storage adapter. The local replica is a LevelDB database under
 * the data dir (`sync/replica/`); leveldown loads from its N-API prebuilds, so it needs no build
 * step and runs under Node and Electron alike. When PouchDB releases its `nodesqlite` adapter (on
 * Node's built-in SQLite), switching is a replication from this replica into a new one here, once,
 * at open: apply the old replica's feed to the store first; replicate old → new (`sync/replica-sqlite/`,
 * every leaf revision with its history, so conflicts survive); set the inbound checkpoint to the new
 * replica's update_seq and `syncedSeq` to null (sequences do not carry over); write a marker naming the
 * adapter last, durably (a kill before it redoes the copy from scratch); remove the old replica after
 * the next good sync. The first sync after it only compares revisions with the server (a new
 * replication id), sending nothing. Old non-leaf bodies (merge ancestors) are not copied: switch
 * with no open conflicts.
 */
export const REPLICA_ADAPTER = 'leveldb'

export function replicaDir(dataDir: string): string {
  return join(dataDir, 'sync', 'replica')
}

let pouchdb: Promise<typeof PouchDB> | null = null
/** PouchDB (and LevelDB) load when sync first runs: every other command starts without them. */
function loadPouchDB(): Promise<typeof PouchDB> {
  return (pouchdb ??= import('pouchdb').then((module) => module.default))
}

export async function openReplica(dataDir: string, dir = replicaDir(dataDir)): Promise<Database> {
  const PouchDB = await loadPouchDB()
  await mkdir(join(dataDir, 'sync'), { recursive: true, mode: 0o700 })
  await mkdir(dirname(dir), { recursive: true, mode: 0o700 })
  // Old revisions are kept (no auto-compaction): they are the common ancestors conflict merges need.
  return new PouchDB(dir, { adapter: REPLICA_ADAPTER, auto_compaction: false })
}

export interface Credentials {
  username: string
  password: string
}

export interface SyncServer {
  /** The database URL with no credentials in it: safe to print, log and store. */
  url: string
  credentials: Credentials | null
  /** The database must be there already, never created by syncing (a shared list's: gone means unshared). */
  existing?: true
}

/**
 * Checks a server URL and takes any credentials out of it. The URL names the database
 * (`https://host/dbname`). Plain `http://` is allowed to loopback only, unless `insecure`: a
 * password and the library would cross the network in the clear.
 */
export function parseServerUrl(
  raw: string,
  options: { insecure?: boolean; credentials?: Credentials | null } = {},
): SyncServer {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new LecternError('invalid-input', 'The sync server must be a URL such as https://host/dbname')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new LecternError('invalid-input', `The sync server must be http(s), not ${url.protocol}`)
  const database = url.pathname.replace(/^\/+|\/+$/g, '')
  if (database === '' || url.search !== '' || url.hash !== '')
    throw new LecternError('invalid-input', 'The sync URL must name the database: https://host/dbname')
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && options.insecure !== true)
    throw new LecternError(
      'invalid-input',
      `${url.host} is not this machine and http:// is not encrypted; use https://, or --insecure if you must`,
    )
  const fromUrl: Credentials | null =
    url.username !== ''
      ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : null
  url.username = ''
  url.password = ''
  return { url: url.toString().replace(/\/+$/, ''), credentials: options.credentials ?? fromUrl }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
}

/** The server's database; credentials go in PouchDB's `auth` option, never into the URL it reports. */
export async function openRemote(server: SyncServer): Promise<Database> {
  const PouchDB = await loadPouchDB()
  const remote = new PouchDB(server.url, {
    skip_setup: server.existing === true,
    ...(server.credentials ? { auth: server.credentials } : {}),
  })
  // Only PouchDB's replication asks a remote for its info: after each batch pulled, for a progress
  // count, with no `catch` (pouchdb 9, `finishBatch`). A server gone between a batch and that request
  // made an unhandled rejection, which ends a plain Node process (browser mode). Failed, it answers
  // an empty count; the replication's next request meets the same failure and reports it as usual.
  const info = remote.info.bind(remote)
  answered.set(remote, info)
  remote.info = () => info().catch(() => ({ db_name: server.url, doc_count: 0, update_seq: 0 }))
  return remote
}

/** Each remote's own `info`, before `openRemote` made it never fail. */
const answered = new WeakMap<Database, Database['info']>()

/**
 * The server's answer to an info request, its failure too: a database that is gone rejects with
 * status 404. (PouchDB 9 answers an HTTP error's body, `{ error: 'not_found' }`, as if it were the
 * info, and `openRemote` makes a request that fails answer an empty count.)
 */
export async function askInfo(remote: Database): ReturnType<Database['info']> {
  const info = await (answered.get(remote) ?? remote.info.bind(remote))()
  const { error, reason } = info as { error?: unknown; reason?: unknown }
  if (error === 'not_found')
    throw Object.assign(new Error(`not_found: ${typeof reason === 'string' ? reason : 'missing'}`), {
      status: 404,
      reason,
    })
  return info
}

/** A document as `readByIds` found it: `rev` null if it never existed, `doc` null if it is deleted. */
export interface ReadDoc {
  id: string
  rev: string | null
  doc: Doc | null
}

/** Reads in flight at once: enough to keep LevelDB busy, few enough to bound memory. */
const READ_PARALLEL = 64

/**
 * Each id's current document, in the order given. One `get` per id: on LevelDB that is 2.5–3×
 * faster than `allDocs({ keys, include_docs })` for the same documents. A deleted document's `get`
 * fails without its revision, so those few are asked of `allDocs` instead.
 */
export async function readByIds(db: Database, ids: readonly string[]): Promise<ReadDoc[]> {
  const found: ReadDoc[] = []
  const deleted: number[] = []
  for (let start = 0; start < ids.length; start += READ_PARALLEL) {
    const slice = ids.slice(start, start + READ_PARALLEL)
    const docs = await Promise.all(slice.map((id) => db.get(id).catch(missingOrDeleted)))
    docs.forEach((doc, i) => {
      const id = slice[i] as string
      if (doc === 'deleted') deleted.push(found.length)
      found.push({
        id,
        rev: doc && doc !== 'deleted' ? (doc._rev as string) : null,
        doc: doc === 'deleted' ? null : doc,
      })
    })
  }
  if (deleted.length > 0) {
    const { rows } = await db.allDocs({ keys: deleted.map((i) => (found[i] as ReadDoc).id) })
    rows.forEach((row, i) => {
      const entry = found[deleted[i] as number] as ReadDoc
      entry.rev = row.value && !row.error ? row.value.rev : null
    })
  }
  return found
}

function missingOrDeleted(error: unknown): null | 'deleted' {
  const { status, reason } = (error ?? {}) as { status?: number; reason?: string }
  if (status !== 404) throw error
  return reason === 'deleted' ? 'deleted' : null
}
