import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { SharedListStatus } from '../../../shared/api'
import { LecternError } from '../../../shared/errors'
import { isLive } from '../library/entity'
import { makePrivateDir } from '../store/accessModes'
import { writeFileDurably } from '../store/durableFile'
import type { LibraryStore } from '../store/libraryStore'
import { keepSyncing } from './keepSyncing'
import { parseServerUrl, type SyncServer } from './replica'
import {
  deleteSharedDatabase,
  readShare,
  setUpSharedDatabase,
  sharedDatabaseUrl,
  type ShareRights,
} from './shareDatabase'
import type { EntityKey } from './syncDocs'
import { SyncService, type SyncReport, type SyncScope } from './syncService'

/** One shared list as `sync/shared-lists.json` keeps it (no credentials: the personal login is used). */
interface SharedListEntry extends ShareRights {
  listId: string
  name: string
  url: string
  role: 'owner' | 'subscriber'
  rights: 'read-write' | 'read-only'
}

interface SharedListsFile {
  format: 'lectern-shared-lists'
  version: 1
  lists: SharedListEntry[]
  /** Paper ids whose note is marked shared. */
  notes: string[]
}

export interface SharedListsOptions {
  store: LibraryStore
  dataDir: string
  now: () => Date
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  fetch: typeof fetch
  /** The library's own sync server and login; shared lists live on the same server. */
  server: () => Promise<SyncServer | null>
  onChanged: () => void
  onError: (message: string) => void
  maxRetryMs?: number
}

interface Running {
  service: SyncService
  stop: AbortController | null
  done: Promise<void>
  state: SharedListStatus['state']
  reason: string | null
}

/**
 * Reading lists shared through the sync server, each in a database of its own. Each shared list is a
 * second replication on its own local replica (`sync/shared/<listId>/`), run by the same SyncService
 * as the library's, with a scope: the list, its members and its papers' records go, and the notes
 * marked shared; reading state, other lists, other notes and settings never do. The server enforces
 * who reads and who writes (shareDatabase.ts); here a read-only list cannot be changed, and a write
 * the server refused anyway is reported and undone (the list shows the server's version again).
 */
export class SharedLists {
  private file: SharedListsFile | null = null
  private readonly running = new Map<string, Running>()
  private live = false
  private closed = false
  /** The last refusal by the server per list, said until the list is given up. */
  private readonly refusals = new Map<string, string>()
  /** Work started by a refusal during live sync, waited for on close. */
  private readonly undoing = new Set<Promise<void>>()
  private readonly path: string

  constructor(private readonly options: SharedListsOptions) {
    this.path = join(options.dataDir, 'sync', 'shared-lists.json')
  }

  /** Lists subscribed to stay out of the library's own database: they live in their shared one. */
  readonly personalScope: SyncScope = {
    sends: (key) => key.kind !== 'list' || !this.isSubscribed(key.listId),
    sendsDoc: (id) => !id.startsWith('list:') || !this.isSubscribed(id.slice(5)),
    receives: (key) => key.kind !== 'list' || !this.isSubscribed(key.listId),
    along: () => [],
  }

  async share(listId: string, rights: ShareRights): Promise<void> {
    const file = await this.read()
    const existing = file.lists.find((l) => l.listId === listId)
    if (existing?.role === 'subscriber')
      throw new LecternError(
        'forbidden',
        `“${existing.name}” is someone else's list: only its owner shares it`,
      )
    const list = this.options.store.list(listId)
    if (!isLive(list)) throw new LecternError('not-found', `There is no reading list with id ${listId}`)
    const personal = await this.personalServer('share a list')
    const server: SyncServer = {
      url: sharedDatabaseUrl(personal.url, listId),
      credentials: personal.credentials,
      existing: true,
    }
    const owner = personal.credentials?.username ?? null
    await setUpSharedDatabase(this.options.fetch, server, { listId, name: list.name, owner, ...rights })
    const entry: SharedListEntry = {
      listId,
      name: list.name,
      url: server.url,
      role: 'owner',
      rights: 'read-write',
      readers: rights.readers,
      writers: rights.writers,
    }
    await this.write({ ...file, lists: [...file.lists.filter((l) => l.listId !== listId), entry] })
    if (!existing) await this.begin(entry, server)
  }

  async subscribe(rawUrl: string): Promise<void> {
    const personal = await this.personalServer('subscribe to a list')
    const given = parseServerUrl(rawUrl, { insecure: true })
    if (new URL(given.url).origin !== new URL(personal.url).origin)
      throw new LecternError(
        'invalid-input',
        `A shared list is followed with this library's sync login, on its server (${new URL(personal.url).origin}); ${given.url} is on another one`,
      )
    // Plain http:// was checked for the library's server, which this one is.
    const server: SyncServer = { url: given.url, credentials: personal.credentials, existing: true }
    const share = await readShare(this.options.fetch, server)
    const file = await this.read()
    const mine = file.lists.find((l) => l.listId === share.listId)
    if (mine?.role === 'owner') throw new LecternError('conflict', `“${mine.name}” is your own shared list`)
    if (mine) return
    if (isLive(this.options.store.list(share.listId)))
      throw new LecternError('conflict', `This library already has the list “${share.name}”`)
    const me = personal.credentials?.username
    const entry: SharedListEntry = {
      listId: share.listId,
      name: share.name,
      url: server.url,
      role: 'subscriber',
      rights:
        me !== undefined && (share.writers.includes(me) || share.owner === me) ? 'read-write' : 'read-only',
      readers: share.readers,
      writers: share.writers,
    }
    await this.write({ ...file, lists: [...file.lists, entry] })
    await this.begin(entry, server)
  }

  /** Stops sharing and deletes the list's database on the server; the list stays in this library. */
  async unshare(listId: string): Promise<void> {
    const entry = await this.entry(listId, 'owner')
    const personal = await this.personalServer('stop sharing a list')
    await this.end(listId)
    await deleteSharedDatabase(this.options.fetch, { url: entry.url, credentials: personal.credentials })
    await this.forget(listId)
  }

  /** Stops following a shared list, which leaves this library (its papers stay). */
  async unsubscribe(listId: string): Promise<void> {
    await this.entry(listId, 'subscriber')
    // Stopped first: the list's removal here must never replicate to the shared database.
    await this.end(listId)
    await this.forget(listId)
    const now = this.options.now().toISOString()
    await this.options.store.update((tx) => {
      const list = tx.list(listId)
      if (isLive(list)) tx.putList({ ...list, rev: list.rev + 1, updatedAt: now, deleted: true })
    })
  }

  async markNote(paperId: string, shared: boolean): Promise<void> {
    const file = await this.read()
    const notes = new Set(file.notes)
    if (shared) notes.add(paperId)
    else notes.delete(paperId)
    await this.write({ ...file, notes: [...notes].sort() })
    for (const run of this.running.values()) await run.service.reconcileNow()
  }

  /** Refuses a change to a list this login may only read. */
  async assertWritable(listId: string): Promise<void> {
    const entry = (await this.read()).lists.find((l) => l.listId === listId)
    if (entry?.rights === 'read-only')
      throw new LecternError(
        'forbidden',
        `“${entry.name}” is shared with you read-only: only its owner and writers can change it`,
      )
  }

  async status(): Promise<{ lists: SharedListStatus[]; notes: string[] }> {
    const file = await this.read()
    const lists = file.lists.map((entry): SharedListStatus => {
      const run = this.running.get(entry.listId)
      // A list no longer shared says so, before any refusal it met while it was.
      const gone = run?.state === 'gone'
      return {
        listId: entry.listId,
        name: this.options.store.list(entry.listId)?.name ?? entry.name,
        url: entry.url,
        role: entry.role,
        rights: entry.rights,
        readers: entry.readers,
        writers: entry.writers,
        state: this.refusals.has(entry.listId) && !gone ? 'error' : (run?.state ?? 'off'),
        reason: (gone ? run.reason : this.refusals.get(entry.listId)) ?? run?.reason ?? null,
        lastSyncAt: run?.service.saved.lastSyncAt ?? null,
      }
    })
    return { lists, notes: file.notes }
  }

  /** Live replication of every shared list (the app, while the library's own sync runs). */
  async startLive(): Promise<void> {
    this.live = true
    const personal = await this.options.server()
    if (!personal) return
    for (const entry of (await this.read()).lists)
      if (!this.running.get(entry.listId)?.stop)
        await this.begin(entry, { url: entry.url, credentials: personal.credentials, existing: true })
  }

  async stopLive(): Promise<void> {
    this.live = false
    for (const listId of [...this.running.keys()]) await this.end(listId)
  }

  /**
   * Syncs every shared list once with the login of `personal` (`lectern sync --once`, after the
   * library's own database) and says how each went: one list that fails (gone, refused) does not
   * stop the others, and its state carries the reason.
   */
  async syncAllOnce(personal: SyncServer): Promise<SharedListStatus[]> {
    for (const entry of (await this.read()).lists) {
      await this.begin(entry, { url: entry.url, credentials: personal.credentials, existing: true }).catch(
        () => undefined, // begin set the list's state to the failure, reported below
      )
    }
    return (await this.status()).lists
  }

  async close(): Promise<void> {
    this.closed = true
    while (this.undoing.size > 0) await Promise.all(this.undoing)
    await this.stopLive()
  }

  // ---- one list's replication

  /** Syncs the list once now (so a share or a subscription is on both sides when it returns), then live in the app. */
  private async begin(entry: SharedListEntry, server: SyncServer): Promise<void> {
    await this.end(entry.listId)
    if (this.closed) return
    const service = await this.openService(entry)
    const run: Running = { service, stop: null, done: Promise.resolve(), state: 'syncing', reason: null }
    this.running.set(entry.listId, run)
    try {
      const report = await service.syncOnce(server)
      await this.afterSync(entry, service)
      if (report.denied > 0) return await this.refused(entry, server, report)
      this.setState(run, 'synced', null)
    } catch (error) {
      this.setState(run, ...problemOfShare(error))
      if (!this.live) throw error
    }
    if (!this.live || run.state === 'gone') return
    const stop = new AbortController()
    run.stop = stop
    run.done = keepSyncing({
      open: async () => service,
      server,
      signal: stop.signal,
      sleep: this.options.sleep,
      ...(this.options.maxRetryMs !== undefined ? { maxRetryMs: this.options.maxRetryMs } : {}),
      onState: (state, reason) => {
        const [next, why] = problemOfShare(null, state, reason)
        this.setState(run, next, why)
        // The owner stopped sharing: nothing more can come, and asking again would only be refused.
        // What the list brought stays in the library; its replica too, until unsubscribing.
        if (next === 'gone') run.stop?.abort()
      },
      onError: (message) => this.options.onError(`shared list “${entry.name}”: ${message}`),
      onSynced: () => void this.afterSync(entry, service).catch(() => undefined),
      onDenied: (reason) => {
        if (this.closed || run.stop?.signal.aborted) return
        run.stop?.abort()
        const work = this.refused(entry, server, { denied: 1, deniedReason: reason })
          .catch((error: unknown) =>
            this.options.onError(`shared list “${entry.name}”: ${(error as Error).message}`),
          )
          .finally(() => this.undoing.delete(work))
        this.undoing.add(work)
      },
    })
  }

  /**
   * The server refused changes: this login may only read the list. They are undone here: the list's
   * replica is set aside and pulled again, so the list shows the server's version, read-only.
   */
  private async refused(
    entry: SharedListEntry,
    server: SyncServer,
    report: Pick<SyncReport, 'denied' | 'deniedReason'>,
  ): Promise<void> {
    const reason = `The server refused ${report.denied === 1 ? 'a change' : `${report.denied} changes`} to “${entry.name}” (${report.deniedReason ?? 'forbidden'}): it is read-only for you, and shows the server's version again`
    this.refusals.set(entry.listId, reason)
    const file = await this.read()
    const readOnly: SharedListEntry = { ...entry, rights: 'read-only' }
    await this.write({ ...file, lists: file.lists.map((l) => (l.listId === entry.listId ? readOnly : l)) })
    await this.end(entry.listId, { removeReplica: true })
    // Pulled again from nothing: what the server has replaces the refused changes here.
    await this.begin(readOnly, server)
  }

  /** Notes that arrived from the list are the list's: their edits here go back (when allowed). */
  private async afterSync(entry: SharedListEntry, service: SyncService): Promise<void> {
    if (entry.role === 'owner') return
    const { rows } = await service.replica.allDocs({
      startkey: 'note:',
      endkey: 'note:\ufff0',
      include_docs: true,
    })
    const file = await this.read()
    const notes = new Set(file.notes)
    // Only a note the library shows as the list's (the same text), never one's own on that paper.
    const added = rows.flatMap((row) => {
      const paperId = row.id.slice('note:'.length)
      const mine = this.options.store.note(paperId)
      return !row.value.deleted && !notes.has(paperId) && isLive(mine) && mine.text === row.doc?.text
        ? [paperId]
        : []
    })
    if (added.length === 0) return
    await this.write({ ...file, notes: [...new Set([...file.notes, ...added])].sort() })
  }

  private async end(listId: string, options: { removeReplica?: boolean } = {}): Promise<void> {
    const run = this.running.get(listId)
    this.running.delete(listId)
    if (run) {
      run.stop?.abort()
      await run.done
      await run.service.close()
    }
    if (options.removeReplica) await rm(this.dirOf(listId), { recursive: true, force: true })
  }

  private async forget(listId: string): Promise<void> {
    this.refusals.delete(listId)
    await rm(this.dirOf(listId), { recursive: true, force: true })
    const file = await this.read()
    await this.write({ ...file, lists: file.lists.filter((l) => l.listId !== listId) })
    this.options.onChanged()
  }

  private openService(entry: SharedListEntry): Promise<SyncService> {
    const dir = this.dirOf(entry.listId)
    return SyncService.open({
      store: this.options.store,
      dataDir: this.options.dataDir,
      now: this.options.now,
      at: { replicaDir: join(dir, 'replica'), statePath: join(dir, 'state.json') },
      scope: this.scopeOf(entry),
    })
  }

  /** What of the library belongs to the shared list, read afresh at each use. */
  private scopeOf(entry: SharedListEntry): SyncScope {
    const { store } = this.options
    const listId = entry.listId
    const inList = (paperId: string) => store.list(listId)?.paperIds.includes(paperId) === true
    const noteShared = (paperId: string) => this.file?.notes.includes(paperId) === true
    const writable = () => this.file?.lists.find((l) => l.listId === listId)?.rights === 'read-write'
    return {
      sends: (key) => {
        if (!writable()) return false
        if (key.kind === 'list') return key.listId === listId
        if (key.kind === 'paper') return inList(key.paperId)
        if (key.kind === 'note') return noteShared(key.paperId) && inList(key.paperId)
        return false
      },
      // A paper's record goes; the reader's state of it (read, starred, tags) stays personal.
      sendsDoc: (id) => !id.startsWith('state:'),
      receives: (key: EntityKey) => {
        if (key.kind === 'list') return key.listId === listId
        if (key.kind === 'paper') return true
        // A note of one's own on the same paper is never overwritten by the list's.
        if (key.kind === 'note') return noteShared(key.paperId) || !isLive(store.note(key.paperId))
        return false
      },
      along: (key) => {
        if (key.kind !== 'list' || key.listId !== listId) return []
        const paperIds = store.list(listId)?.paperIds ?? []
        return paperIds.flatMap((paperId): EntityKey[] => [
          { kind: 'paper', paperId },
          { kind: 'note', paperId },
        ])
      },
    }
  }

  private setState(run: Running, state: SharedListStatus['state'], reason: string | null): void {
    if (run.state === state && run.reason === reason) return
    run.state = state
    run.reason = reason
    this.options.onChanged()
  }

  private dirOf(listId: string): string {
    return join(this.options.dataDir, 'sync', 'shared', encodeURIComponent(listId))
  }

  private isSubscribed(listId: string): boolean {
    return this.file?.lists.some((l) => l.listId === listId && l.role === 'subscriber') === true
  }

  private async personalServer(doing: string): Promise<SyncServer> {
    const server = await this.options.server()
    if (!server)
      throw new LecternError(
        'invalid-input',
        `Set a sync server first (Settings › Sync) to ${doing}: shared lists live on the same server`,
      )
    return server
  }

  private async entry(listId: string, role: SharedListEntry['role']): Promise<SharedListEntry> {
    const entry = (await this.read()).lists.find((l) => l.listId === listId)
    if (!entry || entry.role !== role)
      throw new LecternError(
        'not-found',
        role === 'owner'
          ? `The list ${listId} is not shared from here`
          : `This library does not follow the list ${listId}`,
      )
    return entry
  }

  // ---- sync/shared-lists.json

  /** Read once, at the first use; the scopes read `this.file` synchronously after that. */
  async read(): Promise<SharedListsFile> {
    if (this.file) return this.file
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      return (this.file = { format: 'lectern-shared-lists', version: 1, lists: [], notes: [] })
    }
    const parsed = JSON.parse(text) as Partial<SharedListsFile>
    if (parsed.format !== 'lectern-shared-lists' || parsed.version !== 1 || !Array.isArray(parsed.lists))
      throw new LecternError('io', `${this.path} is not a Lectern shared-lists file`)
    return (this.file = {
      format: 'lectern-shared-lists',
      version: 1,
      lists: parsed.lists.filter(isEntry),
      notes: Array.isArray(parsed.notes)
        ? parsed.notes.filter((n): n is string => typeof n === 'string')
        : [],
    })
  }

  private async write(file: SharedListsFile): Promise<void> {
    await makePrivateDir(join(this.options.dataDir, 'sync'))
    await writeFileDurably(this.path, JSON.stringify(file, null, 2))
    this.file = file
    this.options.onChanged()
  }
}

function isEntry(value: unknown): value is SharedListEntry {
  const e = value as Partial<SharedListEntry> | null
  return (
    !!e &&
    typeof e.listId === 'string' &&
    typeof e.name === 'string' &&
    typeof e.url === 'string' &&
    (e.role === 'owner' || e.role === 'subscriber') &&
    (e.rights === 'read-write' || e.rights === 'read-only') &&
    Array.isArray(e.readers) &&
    Array.isArray(e.writers)
  )
}

/** A shared database that is gone (404) means the sharer stopped sharing it. */
function problemOfShare(
  error: unknown,
  state?: SharedListStatus['state'],
  reason?: string | null,
): [SharedListStatus['state'], string | null] {
  const text = reason ?? (error ? describeError(error) : null)
  const status = (error as { status?: number } | null)?.status
  if (status === 404 || (text !== null && /\b404\b|not_found|Database does not exist/i.test(text)))
    return ['gone', 'the owner stopped sharing this list (its database is gone); unsubscribe to remove it']
  return [state ?? 'error', text]
}

function describeError(error: unknown): string {
  const e = error as { reason?: string; message?: string }
  return e.reason ?? e.message ?? String(error)
}
