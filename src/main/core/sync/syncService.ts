/**
 * Sync on CouchDB replication. Design, in short:
 *
 * - The JSON store stays the store of record. A local PouchDB replica (replica.ts) holds the library
 *   as CouchDB documents (syncDocs.ts); PouchDB replicates it with any Couch-protocol server.
 * - Outbound: a store commit marks its entities dirty; the service maps them to documents and writes
 *   those that differ from the replica. At every start the whole store is compared with the replica
 *   (a reconcile), so changes made while sync was not running, or lost to a kill between the store
 *   commit and the replica write, still go out. Equal content is never written again, which is what
 *   makes this idempotent and stops applied changes from echoing back.
 * - Inbound: the replica's changes feed, from a checkpoint (`inboundSeq` in sync/state.json, written
 *   durably after the store commit of each batch). A batch is applied to the store in one commit;
 *   a kill before the checkpoint re-applies the batch, which changes nothing the second time. Ids are
 *   deterministic (`paper:<id>`…), so nothing can be created twice.
 * - `knownRev` remembers, per document, the replica revision the store reflects. An outbound write
 *   extends it; if the replica moved on meanwhile (a pull landed), the store's content is written as
 *   a branch from it instead, i.e. a CouchDB conflict, so nothing is overwritten unseen. Inbound never
 *   applies to an entity with unsent local changes; it waits for that branch.
 * - Conflicts are merged with their common ancestor (kept: no auto-compaction) by `mergeBodies`, the
 *   same way on every machine, and the losing revisions deleted. A note's text (or a comment, or a
 *   list's name) changed on both sides is left in conflict, both revisions kept in the replica, the
 *   winner in the store, and listed by `status()` until a person resolves it.
 * Inside the app, appSync.ts keeps this running (Settings › Sync). Attached PDFs: pdfAttachments.ts.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SyncConflict, SyncProgress, SyncQuarantined } from '../../../shared/api'
import type { Annotation, Attachment } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { writeFileDurably } from '../store/durableFile'
import type { LibraryStore, StoreChange, Tx } from '../store/libraryStore'
import {
  askInfo,
  openRemote,
  openReplica,
  readByIds,
  type Database,
  type ReadDoc,
  type Doc,
  type Sync,
  type SyncServer,
} from './replica'
import {
  attachmentDoc,
  attachmentFromDoc,
  paperOfAttachment,
  placePdf,
  syncsAttachment,
  writePdfDoc,
  type PdfSync,
} from './pdfAttachments'
import { assignOrderKeys } from './orderKey'
import { PulledDocs } from './pulledDocs'
import {
  DEFAULT_STATE,
  SETTINGS_DOC_ID,
  annotationDoc,
  annotationFromDoc,
  canonical,
  contentOf,
  docId,
  entityKeyString,
  listDoc,
  listFromDocs,
  mergeBodies,
  noteDoc,
  noteFromDoc,
  paperDocs,
  paperFromDocs,
  parseDocId,
  sameBody,
  settingsDoc,
  settingsFromDoc,
  type AnnotationBody,
  type DocBody,
  type EntityKey,
  type ListBody,
  type MemberBody,
  type NoteBody,
  type PaperBody,
  type StateBody,
  type LibrarySettingsBody,
} from './syncDocs'

/** What sync keeps between runs (no credentials: the server URL is stored without them). */
export interface SyncState {
  /** The replica's changes feed is applied to the store up to here. */
  inboundSeq: number | string
  /** The replica's update_seq when the last sync with the server finished. */
  syncedSeq: number | string | null
  lastSyncAt: string | null
  server: string | null
  lastError: string | null
  /** Documents left in conflict for a person to resolve. */
  conflicts: string[]
  /** Replicated documents refused, and why (until a good revision of them arrives). */
  quarantined: SyncQuarantined[]
}

export type { SyncConflict, SyncProgress } from '../../../shared/api'

/** How live replication is doing: caught up, moving, or waiting to retry (and why). */
export type LiveActivity = { state: 'synced' | 'syncing' } | { state: 'offline' | 'error'; reason: string }

export interface SyncReport {
  pushed: number
  pulled: number
  applied: number
  merged: number
  conflicts: number
  /** Documents the server refused to take (403 forbidden, 401 unauthorized: read-only rights). */
  denied: number
  /** The server's reason for the first refusal. */
  deniedReason: string | null
}

/**
 * Which part of the library a replica carries: everything (the personal database), or one shared
 * list's part of it (sharedLists.ts). Outbound changes outside it never reach the replica, and
 * inbound ones outside it never reach the store.
 */
export interface SyncScope {
  /** Whether this entity's changes go to the replica. */
  sends(key: EntityKey): boolean
  /** Whether this document of a sent entity goes (a paper's record, not its reading state). */
  sendsDoc(id: string): boolean
  /** Whether a change of this entity that arrived is applied to the store. */
  receives(key: EntityKey): boolean
  /** What goes along when this entity changes (a shared list's papers with the list). */
  along(key: EntityKey): EntityKey[]
}

const WHOLE_LIBRARY: SyncScope = {
  sends: () => true,
  sendsDoc: () => true,
  receives: () => true,
  along: () => [],
}

/**
 * Replicated documents applied to the store per commit (and per step of the inbound checkpoint): as
 * many as the store holds papers, within these bounds. A batch touches papers of every shard, so
 * each commit rewrites all the paper shards: with a fixed batch, a fresh pull of N papers rewrites
 * them N/batch times (quadratic), while a batch that grows with the store keeps each commit's
 * rewrite to about one document's worth per document applied. The most bounds the memory a batch
 * holds (its documents, read at once).
 */
const INBOUND_BATCH = { least: 2_000, most: 20_000 } as const
export type InboundBatch = { least: number; most: number }
/**
 * Documents per replication request. Larger than PouchDB's 100: a first sync of 50,000 papers is
 * 80,000 documents, and each batch also costs a checkpoint write on both sides and a request each
 * way. Plain PouchDB pulling those 80,000 from a loopback express-pouchdb (one loaded run): 138 s at
 * 500, 71 s at 1,000, 58 s at 2,000; at 10,000 papers 5,000 was slower than 2,000.
 */
export const REPLICATION: Replication = { batch_size: 2_000 }
export type Replication = { batch_size: number }
const OUTBOUND_BATCH = 500
/** Rounds of push/pull after merges write new revisions; two machines settle in one or two. */
const MAX_ROUNDS = 4

/** A missing document in `knownRev`. */
const ABSENT = ''

export class SyncService {
  private readonly dirty = new Map<string, EntityKey>()
  /** Entities taken from `dirty` by a write to the replica still under way (`status` counts them). */
  private readonly writing = new Map<string, EntityKey>()
  private readonly knownRev = new Map<string, string>()
  private worker: Promise<void> = Promise.resolve()
  private merged = 0
  private applied = 0
  /** The ids `changedSinceSynced` counted, from the `syncedSeq` it counted from up to `seq`. */
  private changed: { from: number | string; seq: number | string; ids: Set<string> } | null = null
  /**
   * A reconcile ran to its end: from then on, every store commit marks what it touched dirty, and
   * only a write to the replica makes it clean, so the dirty entities are all that may differ.
   */
  private reconciled = false
  private readonly stopListening: () => void

  private constructor(
    private readonly store: LibraryStore,
    readonly replica: Database,
    private readonly statePath: string,
    private state: SyncState,
    private readonly now: () => Date,
    /** Attached PDFs travel too when given (see pdfAttachments.ts). */
    private readonly pdfs: PdfSync | null,
    private readonly scope: SyncScope,
    private readonly inboundBatch: InboundBatch,
    private readonly replication: Replication,
  ) {
    this.stopListening = store.onCommit((change) => this.markDirty(change))
  }

  static async open(options: {
    store: LibraryStore
    dataDir: string
    now?: () => Date
    pdfs?: PdfSync
    /** Another replica and checkpoint than the library's own (a shared list's: sharedLists.ts). */
    at?: { replicaDir: string; statePath: string }
    scope?: SyncScope
    /** Documents per store commit of the pull (smaller in tests, to see batches without 2,000 papers). */
    inboundBatch?: InboundBatch
    /** Documents per replication request (smaller in tests, to see a small pull in several requests). */
    replication?: Replication
  }): Promise<SyncService> {
    const replica = await openReplica(options.dataDir, options.at?.replicaDir)
    const statePath = options.at?.statePath ?? join(options.dataDir, 'sync', 'state.json')
    return new SyncService(
      options.store,
      replica,
      statePath,
      await readState(statePath),
      options.now ?? (() => new Date()),
      options.pdfs ?? null,
      options.scope ?? WHOLE_LIBRARY,
      options.inboundBatch ?? INBOUND_BATCH,
      options.replication ?? REPLICATION,
    )
  }

  async close(): Promise<void> {
    this.stopListening()
    await this.worker
    await this.replica.close()
  }

  /**
   * One full sync with `server`: apply what an interrupted run left, send the store's changes to the
   * replica, replicate both ways, merge and apply what came; repeat while merges wrote new revisions.
   */
  async syncOnce(server: SyncServer, options: { signal?: AbortSignal } = {}): Promise<SyncReport> {
    const { signal } = options
    return this.serialized(async () => {
      const report: SyncReport = {
        pushed: 0,
        pulled: 0,
        applied: 0,
        merged: 0,
        conflicts: 0,
        denied: 0,
        deniedReason: null,
      }
      this.applied = 0
      this.merged = 0
      // A replica that held nothing: its first pull is applied as replication hands it over.
      const firstSync = (await this.updateSeq()) === 0
      await this.applyInbound()
      await this.reconcile()
      const remote = await openRemote(server)
      try {
        for (let round = 0; round < MAX_ROUNDS; round++) {
          const before = await this.updateSeq()
          const pulled = round === 0 && firstSync ? await this.pulledInto(before) : null
          // Stopping (the app quits) cancels a replication that waits on a server that does not answer.
          const replication = this.replica.sync(remote, this.replication)
          const cancel = () => replication.cancel()
          // A refused document is counted and not sent again (the checkpoint moves past it).
          replication.on('denied', (error) => {
            report.deniedReason ??= describeRefusal(error)
          })
          signal?.addEventListener('abort', cancel, { once: true })
          const pulling = this.applyWhilePulling(replication, pulled)
          let result: Awaited<typeof replication>
          try {
            result = await replication
          } finally {
            signal?.removeEventListener('abort', cancel)
            await pulling.finished()
          }
          if (signal?.aborted) throw new LecternError('cancelled', 'Sync was stopped')
          report.pushed += result.push.docs_written
          report.pulled += result.pull.docs_written
          report.denied += result.push.doc_write_failures
          await this.applyInbound()
          await this.writeDirty()
          await this.applyInbound()
          // Only the replication itself wrote: nothing new of ours to send.
          if ((await this.updateSeq()) === before + result.pull.docs_written) break
        }
        this.state = {
          ...this.state,
          server: server.url,
          syncedSeq: await this.updateSeq(),
          lastSyncAt: this.now().toISOString(),
          lastError: null,
        }
      } catch (error) {
        if (!signal?.aborted) this.state = { ...this.state, server: server.url, lastError: describe(error) }
        throw error
      } finally {
        await this.saveState()
        await remote.close()
      }
      return { ...report, applied: this.applied, merged: this.merged, conflicts: this.state.conflicts.length }
    })
  }

  /**
   * Syncs until `signal` aborts: a full sync first, then live replication, with local commits and
   * replicated changes applied as they come. A lost connection is retried by PouchDB (waits doubling
   * from 1 s to `maxRetryMs`) and reported through `onActivity` meanwhile.
   */
  async syncLive(
    server: SyncServer,
    options: {
      signal: AbortSignal
      onError: (message: string) => void
      onSynced?: () => void
      onActivity?: (activity: LiveActivity) => void
      /** The server refused a document (read-only rights); it is not sent again. */
      onDenied?: (reason: string) => void
      maxRetryMs?: number
    },
  ): Promise<void> {
    try {
      await this.syncOnce(server, { signal: options.signal })
    } catch (error) {
      if (options.signal.aborted) return
      throw error
    }
    const remote = await openRemote(server)
    const maxRetryMs = options.maxRetryMs ?? 60_000
    const live = this.replica.sync(remote, {
      live: true,
      retry: true,
      ...this.replication,
      back_off_function: (delay) => Math.min(maxRetryMs, delay === 0 ? 1000 : delay * 2),
    })
    // Its failures are reported by its 'error' and 'denied' events below; cancelling it may also
    // reject the promise it is, which is not a failure.
    live.catch(() => undefined)
    const feed = this.replica.changes({ since: 'now', live: true, return_docs: false })
    let pending = false
    const kick = () => {
      if (pending) return
      pending = true
      void this.serialized(async () => {
        pending = false
        await this.applyInbound()
        await this.writeDirty()
        this.state = { ...this.state, lastSyncAt: this.now().toISOString(), lastError: null }
        await this.saveState()
        options.onSynced?.()
      }).catch((error: unknown) => options.onError(describe(error)))
    }
    feed.on('change', kick)
    feed.on('error', (error) => options.onError(describe(error)))
    live.on('error', (error) => options.onError(describe(error)))
    live.on('denied', (error) =>
      options.onDenied ? options.onDenied(describeRefusal(error)) : options.onError(describe(error)),
    )
    // Each direction says when a request failed (before it waits to retry) and when it caught up;
    // the sync as a whole is caught up when both are and neither is waiting on a failure.
    const report = options.onActivity ?? (() => undefined)
    const failing = { push: false, pull: false }
    for (const side of ['push', 'pull'] as const) {
      live[side].on('requestError', (error) => {
        failing[side] = true
        report(problemOf(error))
        // A database that must exist (a shared list's) may just have been deleted: asked directly,
        // its 404 says so now, where a failed long poll and the retries' back-off took minutes to.
        if (server.existing)
          askInfo(remote).catch((missing: unknown) => {
            if ((missing as { status?: number }).status === 404)
              report({ state: 'error', reason: `not_found (404): ${describe(missing)}` })
          })
      })
      live[side].on('paused', (error) => {
        if (!error) failing[side] = false
      })
      live[side].on('active', () => {
        failing[side] = false
      })
    }
    live.on('active', () => report({ state: 'syncing' }))
    live.on('paused', () => {
      if (failing.push || failing.pull) return
      void this.serialized(() => this.markSynced(remote))
        .then((synced) => {
          if (synced) report({ state: 'synced' })
        })
        .catch((error: unknown) => options.onError(describe(error)))
    })
    const stopKicks = this.store.onCommit(kick)
    // A commit made after the first sync's last outbound step and before this listener is sent now.
    kick()
    await new Promise<void>((resolve) => {
      if (options.signal.aborted) resolve()
      options.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    stopKicks()
    live.cancel()
    feed.cancel()
    await this.worker
    await remote.close()
  }

  /** Compares the store with the replica now (the scope changed: a note marked shared). */
  async reconcileNow(): Promise<void> {
    await this.serialized(() => this.reconcile())
  }

  /**
   * Live replication says it caught up: if the server has every revision the replica changed since
   * the last sync, pending counts from here; returns whether it does. Asked, not assumed: a 'paused'
   * can come from before a local write the push had not seen yet, and the write then counted as sent
   * (a note written while the server was down never reached it). Nothing is marked while the server
   * cannot be asked; its live replication reports that.
   */
  private async markSynced(remote: Database): Promise<boolean> {
    const feed = await this.replica.changes({ since: this.state.syncedSeq ?? 0, style: 'all_docs' })
    const revs: Record<string, string[]> = {}
    for (const change of feed.results) revs[change.id] = change.changes.map((c) => c.rev)
    if (feed.results.length > 0) {
      const missing = await remote.revsDiff(revs).catch(() => null)
      if (missing === null || Object.keys(missing).length > 0) return false
    }
    this.state = {
      ...this.state,
      syncedSeq: feed.last_seq,
      lastSyncAt: this.now().toISOString(),
      lastError: null,
    }
    await this.saveState()
    return true
  }

  /**
   * Ends a conflict a person looked at: the revision `keep` (one of those `status()` lists, or the
   * text given) becomes the document, the other revisions are deleted, and the store follows. The
   * next sync sends the choice to the server.
   */
  async resolve(id: string, choice: { keep: string } | { text: string }): Promise<void> {
    return this.serialized(async () => {
      const winner = await this.replica.get(id, { conflicts: true }).catch(notFoundAsNull)
      if (!winner?._conflicts?.length) throw new LecternError('not-found', `${id} has no conflict to resolve`)
      const leaves = [winner._rev as string, ...winner._conflicts]
      let body: DocBody
      if ('keep' in choice) {
        if (!leaves.includes(choice.keep))
          throw new LecternError(
            'invalid-input',
            `${choice.keep} is not one of the revisions of ${id}: ${leaves.join(', ')}`,
          )
        body = contentOf(await this.replica.get(id, { rev: choice.keep })) ?? {}
      } else {
        if (parseDocId(id)?.kind !== 'note')
          throw new LecternError('invalid-input', 'Only a note can be resolved with a new text')
        body = { ...(contentOf(winner) ?? {}), text: choice.text, updatedAt: this.now().toISOString() }
      }
      const writes: Doc[] = winner._conflicts.map((rev) => ({ _id: id, _rev: rev, _deleted: true }))
      writes.push({ ...body, _id: id, _rev: winner._rev as string })
      const failed = (await this.replica.bulkDocs(writes)).find((r) => r.error)
      if (failed) throw new Error(`sync: resolving ${id} failed: ${failed.reason ?? failed.message}`)
      this.state = { ...this.state, conflicts: this.state.conflicts.filter((c) => c !== id) }
      await this.applyInbound()
      await this.saveState()
    })
  }

  /**
   * Pending changes, the last sync, and the conflicts a person has to look at. It only reads, so it
   * does not wait for a sync under way (a first pull of a large library takes minutes).
   */
  async status(): Promise<SyncProgress> {
    // Once a reconcile has run, every entity that may differ from the replica is dirty: only those
    // are compared (comparing the whole store read the whole replica, at every status of a first pull).
    const wouldWrite = this.reconciled
      ? await this.writeInSlices([...new Map([...this.writing, ...this.dirty]).values()], { dryRun: true })
      : await this.reconcile({ dryRun: true })
    const conflicts: SyncConflict[] = []
    for (const id of this.state.conflicts) {
      const conflict = await this.describeConflict(id)
      if (conflict) conflicts.push(conflict)
    }
    return {
      server: this.state.server,
      lastSyncAt: this.state.lastSyncAt,
      lastError: this.state.lastError,
      pending: wouldWrite + (await this.changedSinceSynced()),
      conflicts,
      quarantined: this.state.quarantined,
    }
  }

  /**
   * How many documents changed in the replica since the last sync with the server. Counted on from
   * where the previous call stopped: during a first pull, `status()` is asked again and again, and
   * reading the feed from the start each time read the whole library each time.
   */
  private async changedSinceSynced(): Promise<number> {
    const from = this.state.syncedSeq ?? 0
    if (this.changed?.from !== from) this.changed = { from, seq: from, ids: new Set() }
    const counted = this.changed
    const feed = await this.replica.changes({ since: counted.seq, return_docs: true })
    for (const change of feed.results) counted.ids.add(change.id)
    counted.seq = feed.last_seq
    return counted.ids.size
  }

  // ---- outbound: store → replica

  private markDirty(change: StoreChange): void {
    const add = (key: EntityKey) => {
      if (!this.scope.sends(key)) return
      this.dirty.set(entityKeyString(key), key)
      for (const more of this.scope.along(key))
        if (this.scope.sends(more)) this.dirty.set(entityKeyString(more), more)
    }
    for (const paperId of change.papers) {
      add({ kind: 'paper', paperId })
      if (this.pdfs)
        for (const a of this.store.attachments(paperId))
          if (a.source === 'local') add({ kind: 'attachment', id: a.id })
    }
    for (const paperId of change.notes) add({ kind: 'note', paperId })
    for (const paperId of change.annotations)
      for (const a of this.store.annotations(paperId)) add({ kind: 'annotation', id: a.id })
    if (change.lists) for (const list of this.store.allLists()) add({ kind: 'list', listId: list.id })
    if (change.settings) add({ kind: 'settings' })
  }

  /** Compares every entity of the store with the replica and writes what differs; returns that count. */
  private async reconcile(options: { dryRun?: boolean } = {}): Promise<number> {
    // Everything is compared now; what is committed from here on is marked again.
    if (!options.dryRun) {
      this.dirty.clear()
      // Until it ends: one that fails midway leaves entities neither written nor dirty.
      this.reconciled = false
    }
    const keys: EntityKey[] = [{ kind: 'settings' }]
    // In the store's text-file order: a slice of papers then reads a few text files, not all of them
    // (slices in any other order read the whole library's text once per slice). Written in this
    // order, a fresh machine's pull also arrives grouped by file, and its commits stay small.
    for (const paperId of this.store.paperIdsByTextFile()) keys.push({ kind: 'paper', paperId })
    for (const list of this.store.allLists()) keys.push({ kind: 'list', listId: list.id })
    for (const note of this.store.allNotes()) keys.push({ kind: 'note', paperId: note.paperId })
    for (const a of this.store.allAnnotations()) keys.push({ kind: 'annotation', id: a.id })
    if (this.pdfs)
      for (const a of this.store.allAttachments())
        if (a.source === 'local') keys.push({ kind: 'attachment', id: a.id })
    const sent = keys.filter((key) => this.scope.sends(key))
    // A replica that never held anything (a library's first sync) has none of these documents to
    // read and compare: each entity is written once, so none is there in a later slice either.
    const fresh = (await this.updateSeq()) === 0
    const count = await this.writeInSlices(sent, { ...options, fresh })
    if (!options.dryRun) this.reconciled = true
    return count
  }

  /** `writeEntities` a slice at a time; returns how many documents were (or would be) written. */
  private async writeInSlices(
    keys: EntityKey[],
    options: { dryRun?: boolean; fresh?: boolean },
  ): Promise<number> {
    let count = 0
    for (let i = 0; i < keys.length; i += OUTBOUND_BATCH)
      count += await this.writeEntities(keys.slice(i, i + OUTBOUND_BATCH), options)
    return count
  }

  private async writeDirty(): Promise<void> {
    while (this.dirty.size > 0) {
      const batch = [...this.dirty].slice(0, OUTBOUND_BATCH)
      for (const [key, entity] of batch) {
        this.dirty.delete(key)
        this.writing.set(key, entity)
      }
      try {
        await this.writeEntities(batch.map(([, key]) => key))
      } catch (error) {
        for (const [key, entity] of batch) this.dirty.set(key, entity)
        throw error
      } finally {
        for (const [key] of batch) this.writing.delete(key)
      }
    }
  }

  /** Writes the documents of `keys` that differ from the replica. */
  private async writeEntities(
    keys: EntityKey[],
    options: { dryRun?: boolean; fresh?: boolean } = {},
  ): Promise<number> {
    const desired = new Map<string, DocBody | null>()
    const untouched = new Set<string>()
    const papers = keys.filter((k) => k.kind === 'paper').map((k) => k.paperId)
    for (const paper of this.store.papersOf(papers)) {
      const docs = paperDocs(paper)
      desired.set(docId.paper(paper.id), docs.paper as unknown as DocBody)
      const state = docs.state as unknown as DocBody
      desired.set(docId.state(paper.id), state)
      if (sameBody(state, DEFAULT_STATE as unknown as DocBody)) untouched.add(docId.state(paper.id))
    }
    const annotationIds = new Set(keys.flatMap((k) => (k.kind === 'annotation' ? [k.id] : [])))
    const annotations = new Map<string, Annotation>()
    if (annotationIds.size > 0)
      for (const a of this.store.allAnnotations()) if (annotationIds.has(a.id)) annotations.set(a.id, a)
    for (const key of keys) {
      if (key.kind === 'list') await this.desiredList(key.listId, desired)
      else if (key.kind === 'note') {
        const note = this.store.note(key.paperId)
        if (note) desired.set(docId.note(note.paperId), noteDoc(note) as unknown as DocBody)
      } else if (key.kind === 'annotation') {
        const annotation = annotations.get(key.id)
        if (annotation) desired.set(docId.annotation(annotation.id), annotationDoc(annotation) as DocBody)
      } else if (key.kind === 'settings') {
        desired.set(SETTINGS_DOC_ID, settingsDoc(this.store.settings()) as unknown as DocBody)
      } else if (key.kind === 'attachment' && this.pdfs) {
        const attachment = this.attachmentOf(key.id)
        if (!attachment || !syncsAttachment(attachment, this.pdfs.maxBytes())) continue
        // The file before its record: a machine that has the record has the file too.
        if (!options.dryRun && !attachment.deleted)
          await writePdfDoc(this.replica, this.pdfs.files, attachment.sha256)
        desired.set(docId.attachment(attachment.id), attachmentDoc(attachment) as unknown as DocBody)
      }
    }
    return this.writeDocs(desired, { ...options, untouched })
  }

  /** The list's document and its members': keys kept where the order allows, removed members deleted. */
  private async desiredList(listId: string, desired: Map<string, DocBody | null>): Promise<void> {
    const list = this.store.list(listId)
    if (!list) return
    desired.set(docId.list(listId), listDoc(list) as unknown as DocBody)
    if (list.deleted) return // a deleted list keeps its members, for a restore
    const members = (await this.memberDocs(listId)).map((m) => m.body)
    const existing = new Map(members.map((m) => [m.paperId, m.order]))
    const keys = assignOrderKeys(list.paperIds, existing)
    for (const [paperId, order] of keys) {
      const body: MemberBody = { listId, paperId, order }
      desired.set(docId.member(listId, paperId), body as unknown as DocBody)
    }
    for (const m of members) if (!keys.has(m.paperId)) desired.set(docId.member(listId, m.paperId), null)
  }

  /** The list's live member documents, with their revisions. */
  private async memberDocs(listId: string): Promise<{ id: string; rev: string; body: MemberBody }[]> {
    const range = docId.membersOf(listId)
    const { rows } = await this.replica.allDocs({
      startkey: range.start,
      endkey: range.end,
      include_docs: true,
    })
    return rows.flatMap((row) =>
      row.doc && isMember(row.doc) ? [{ id: row.id, rev: row.value.rev, body: row.doc }] : [],
    )
  }

  /**
   * Writes each document whose content differs from the replica's: on top of the revision the store
   * reflects, or, when the replica has moved past it unseen, as a branch from it (a conflict).
   */
  private async writeDocs(
    desired: Map<string, DocBody | null>,
    options: {
      dryRun?: boolean
      /**
       * Reading states still at the default (a paper never opened, starred, tagged): not written
       * while the replica has none. Most papers of a library are never touched, and a state
       * document each would double what a first sync moves. An absent state reads as the default
       * (paperFromDocs); once written, a state document is kept up to date like any other, back to
       * the default included (a deleted one would leave the other machines' state as it was). One
       * made elsewhere meanwhile meets this default as a branch, merged from the default.
       */
      untouched?: Set<string>
      /** The replica is known to hold none of these documents: nothing to read. */
      fresh?: boolean
    },
  ): Promise<number> {
    for (const id of desired.keys()) if (!this.scope.sendsDoc(id)) desired.delete(id)
    if (desired.size === 0) return 0
    const ids = [...desired.keys()]
    const puts: Doc[] = []
    const branches: { id: string; base: string; body: DocBody | null }[] = []
    const current = options.fresh
      ? ids.map((id): ReadDoc => ({ id, rev: null, doc: null }))
      : await readByIds(this.replica, ids)
    for (const { id, rev, doc: live } of current) {
      const body = desired.get(id) ?? null
      const currentRev = rev ?? ABSENT
      if (body === null ? live === null : live !== null && sameBody(live, body)) {
        if (!options.dryRun) this.knownRev.set(id, currentRev)
        continue
      }
      if (live === null && options.untouched?.has(id)) {
        if (!options.dryRun) this.knownRev.set(id, currentRev)
        continue
      }
      if (options.dryRun) {
        puts.push({ _id: id })
        continue
      }
      const base = this.knownRev.get(id) ?? currentRev
      if (base === currentRev) {
        puts.push(
          body === null
            ? { _id: id, _rev: currentRev, _deleted: true }
            : { ...body, _id: id, ...(currentRev !== ABSENT ? { _rev: currentRev } : {}) },
        )
      } else branches.push({ id, base, body })
    }
    if (options.dryRun) return puts.length
    const seqBefore = await this.updateSeq()
    const results = await this.replica.bulkDocs(puts)
    await this.skipOwnWrites(seqBefore, branches.length === 0 ? results.filter((r) => r.ok).length : null)
    results.forEach((result, i) => {
      const id = puts[i]?._id as string
      if (result.ok && result.rev) this.knownRev.set(id, result.rev)
      else if (result.status === 409 || result.error === 'conflict') {
        // A pull landed between reading and writing: send it as a branch on the next round.
        const entity = parseDocId(id)?.entity
        if (entity) this.dirty.set(entityKeyString(entity), entity)
      } else throw new Error(`sync: writing ${id} to the replica failed: ${result.reason ?? result.message}`)
    })
    for (const branch of branches) await this.writeBranch(branch.id, branch.base, branch.body)
    return puts.length + branches.length
  }

  /**
   * Moves the inbound checkpoint past the `written` documents just written, if the feed had been
   * applied up to `seqBefore` and nothing else wrote meanwhile (the replica's sequence moved by
   * exactly that many): the store holds them already, and reading them back costs as much as the
   * write (a first push of 50,000 papers wrote 100,000 documents). Not after a branch (`null`): its
   * conflict must come through the feed to be merged.
   */
  private async skipOwnWrites(seqBefore: number, written: number | null): Promise<void> {
    if (written === null || Number(this.state.inboundSeq) !== seqBefore) return
    const seqAfter = await this.updateSeq()
    if (seqAfter === seqBefore + written) this.state = { ...this.state, inboundSeq: seqAfter }
  }

  /** Writes `body` as a child of `base` beside whatever the replica has now: a conflict to merge. */
  private async writeBranch(id: string, base: string, body: DocBody | null): Promise<void> {
    const ancestry = base === ABSENT ? null : await this.revisionsOf(id, base)
    const start = (ancestry?.start ?? 0) + 1
    const hash = createHash('md5')
      .update(`${base}\n${canonical(body)}`)
      .digest('hex')
    const doc: Doc = {
      ...(body ?? {}),
      _id: id,
      _rev: `${start}-${hash}`,
      _revisions: { start, ids: [hash, ...(ancestry?.ids ?? [])] },
      ...(body === null ? { _deleted: true } : {}),
    }
    const [result] = await this.replica.bulkDocs([doc], { new_edits: false })
    if (result && result.error)
      throw new Error(`sync: branching ${id} failed: ${result.reason ?? result.message}`)
    this.knownRev.set(id, doc._rev as string)
  }

  private async revisionsOf(id: string, rev: string): Promise<{ start: number; ids: string[] } | null> {
    const doc = await this.replica.get(id, { rev, revs: true }).catch(notFoundAsNull)
    return doc?._revisions ?? null
  }

  // ---- inbound: replica → store

  /**
   * Applies the pull to the store a batch at a time while replication runs, whenever a batch's worth
   * has arrived: a fresh machine's library appears as it comes, memory holds one batch, and a stop
   * midway keeps what was applied (each batch moves the checkpoint; the rest follows next time).
   * The batch is the documents the replication handed over (`pulled`) while they stand for the
   * feed, else the next of the replica's changes feed. A failure cancels the replication and is
   * thrown by `finished`, after the batch in progress.
   */
  private applyWhilePulling(replication: Sync, pulled: PulledDocs | null): { finished: () => Promise<void> } {
    let arrived = 0
    let applying: Promise<void> | null = null
    let failure: { error: unknown } | null = null
    const applyNext = () => (pulled?.usable ? this.applyPulled(pulled) : this.applyInboundBatch())
    replication.on('change', ({ direction, change }) => {
      if (direction !== 'pull' || failure) return
      pulled?.arrive(change)
      if (applying || change.docs_written - arrived < this.inboundBatchSize()) return
      arrived = change.docs_written
      applying = applyNext()
        .then(
          () => undefined,
          (error: unknown) => {
            failure = { error }
            replication.cancel()
          },
        )
        .finally(() => {
          applying = null
        })
    })
    return {
      finished: async () => {
        await applying
        if (failure) throw failure.error
        // The last of them; what was not proven is read from the feed next.
        if (pulled?.usable) await this.applyPulled(pulled)
      },
    }
  }

  /**
   * Collects what a pull writes into the replica, to apply from (see pulledDocs.ts): null unless the
   * store reflects the whole replica, whose documents (ours, just written) the pull must not bring.
   */
  private async pulledInto(seq: number): Promise<PulledDocs | null> {
    if (Number(this.state.inboundSeq) !== seq) return null
    const { rows } = await this.replica.allDocs({})
    return new PulledDocs(
      this.replica,
      seq,
      rows.map((row) => row.id),
    )
  }

  /** Documents of the next inbound batch: as many as the store has papers, within the bounds. */
  private inboundBatchSize(): number {
    const { least, most } = this.inboundBatch
    return Math.min(most, Math.max(least, this.store.paperCount()))
  }

  /**
   * What the pull handed over since the last call, in store commits of an inbound batch each; the
   * checkpoint moves once all of them are in (a kill before that applies them again from the feed).
   */
  private async applyPulled(pulled: PulledDocs): Promise<void> {
    const taken = await pulled.take()
    if (!taken) return
    for (let i = 0; i < taken.docs.length;) {
      const size = this.inboundBatchSize()
      await this.applyChanges(taken.docs.slice(i, i + size).map((doc) => ({ id: doc._id, doc })))
      i += size
    }
    this.state = { ...this.state, inboundSeq: taken.seq }
    await this.saveState()
  }

  /** Applies the replica's changes since the checkpoint, merging conflicts first. */
  private async applyInbound(): Promise<void> {
    while (await this.applyInboundBatch());
  }

  /** Applies the next batch of the replica's changes feed; false if there was none. */
  private async applyInboundBatch(): Promise<boolean> {
    const batch = await this.replica.changes({
      since: this.state.inboundSeq,
      limit: this.inboundBatchSize(),
      include_docs: true,
      conflicts: true,
      return_docs: true,
    })
    if (batch.results.length === 0) return false
    await this.applyChanges(batch.results)
    this.state = { ...this.state, inboundSeq: batch.last_seq }
    await this.saveState()
    return true
  }

  /** Applies changed documents (each its winning revision, with its conflicts) to the store. */
  private async applyChanges(changes: { id: string; doc?: Doc }[]): Promise<void> {
    const entities = new Map<string, EntityKey>()
    const changed = new Set(changes.map((change) => change.id))
    // The documents as the feed gave them, so that applying does not read them again; a merge
    // writes a new revision, which is read back instead.
    const read = new Map<string, Doc>()
    for (const change of changes) {
      if (change.doc?._conflicts?.length) await this.resolveConflicts(change.doc)
      else {
        if (change.doc) read.set(change.id, change.doc)
        if (this.state.conflicts.includes(change.id))
          // Resolved on another machine.
          this.state = { ...this.state, conflicts: this.state.conflicts.filter((c) => c !== change.id) }
        // Our own write, which the store already holds: nothing to apply.
        else if (this.knownRev.get(change.id) === change.doc?._rev) continue
      }
      const parsed = parseDocId(change.id)
      if (parsed && this.scope.receives(parsed.entity))
        entities.set(entityKeyString(parsed.entity), parsed.entity)
    }
    // A file that arrives after its record: the record waited for it (see applyEntities).
    const files = new Set(changes.flatMap((c) => (c.id.startsWith('pdf:') ? [c.id.slice(4)] : [])))
    if (files.size > 0 && this.pdfs) {
      const { rows } = await this.replica.allDocs({ ...docId.attachments, include_docs: true })
      for (const row of rows)
        if (typeof row.doc?.sha256 === 'string' && files.has(row.doc.sha256)) {
          const key: EntityKey = { kind: 'attachment', id: row.id.slice('attachment:'.length) }
          entities.set(entityKeyString(key), key)
        }
    }
    await this.applyEntities([...entities.values()], changed, read)
  }

  /** Merges each losing revision into the winner, or leaves it for a person; see `mergeBodies`. */
  private async resolveConflicts(winner: Doc): Promise<void> {
    const id = winner._id
    const kind = parseDocId(id)?.kind
    if (!kind) return
    const winnerRevs = (await this.revisionsOf(id, winner._rev as string)) ?? { start: 0, ids: [] }
    let body = contentOf(winner) ?? {}
    const deletions: Doc[] = []
    const unresolved: string[] = []
    for (const rev of winner._conflicts ?? []) {
      const loser = await this.replica.get(id, { rev, revs: true }).catch(notFoundAsNull)
      if (!loser) continue
      const ancestor = await this.commonAncestor(id, winnerRevs, loser._revisions ?? null)
      const result = mergeBodies(kind, ancestor, body, contentOf(loser) ?? {})
      if ('conflict' in result) unresolved.push(...result.conflict)
      else {
        body = result.merged
        deletions.push({ _id: id, _rev: rev, _deleted: true })
      }
    }
    const conflicts = new Set(this.state.conflicts)
    if (unresolved.length > 0) conflicts.add(id)
    else conflicts.delete(id)
    this.state = { ...this.state, conflicts: [...conflicts].sort() }
    if (deletions.length === 0) return
    const writes: Doc[] = [...deletions]
    if (!sameBody(body, winner)) writes.push({ ...body, _id: id, _rev: winner._rev as string })
    const results = await this.replica.bulkDocs(writes)
    const failed = results.find((r) => r.error && r.status !== 409)
    if (failed) throw new Error(`sync: merging ${id} failed: ${failed.reason ?? failed.message}`)
    this.merged++
  }

  private async commonAncestor(
    id: string,
    a: { start: number; ids: string[] },
    b: { start: number; ids: string[] } | null,
  ): Promise<DocBody | null> {
    if (!b) return null
    const revsOf = (r: { start: number; ids: string[] }) => r.ids.map((hash, i) => `${r.start - i}-${hash}`)
    const other = new Set(revsOf(b))
    const shared = revsOf(a).find((rev) => other.has(rev))
    if (!shared) return null
    // Gone if it was compacted away (or never stored here): the merge then assumes an empty ancestor.
    return contentOf(await this.replica.get(id, { rev: shared }).catch(notFoundAsNull))
  }

  /** Recomputes each entity from the replica's documents and commits the changed ones at once. */
  private async applyEntities(
    entities: EntityKey[],
    changed: Set<string>,
    read: Map<string, Doc> = new Map(),
  ): Promise<void> {
    let keys = entities
    const ids = new Set<string>()
    const listIds: string[] = []
    for (const key of keys) {
      if (key.kind === 'paper') ids.add(docId.paper(key.paperId)).add(docId.state(key.paperId))
      else if (key.kind === 'list') {
        ids.add(docId.list(key.listId))
        listIds.push(key.listId)
      } else if (key.kind === 'note') ids.add(docId.note(key.paperId))
      else if (key.kind === 'annotation') ids.add(docId.annotation(key.id))
      else if (key.kind === 'attachment') ids.add(docId.attachment(key.id))
      else ids.add(SETTINGS_DOC_ID)
    }
    // Members removed by this batch are no longer in their list's range: read their deletions too.
    const lists = new Set(listIds)
    for (const id of changed) {
      const parsed = parseDocId(id)
      if (parsed?.kind === 'member' && parsed.entity.kind === 'list' && lists.has(parsed.entity.listId))
        ids.add(id)
    }
    const docs = new Map<string, Doc>()
    const revs = new Map<string, string>()
    for (const id of ids) {
      const doc = read.get(id)
      if (!doc) continue
      ids.delete(id)
      revs.set(id, doc._rev as string)
      if (!doc._deleted) docs.set(id, doc)
    }
    for (const { id, rev, doc } of await readByIds(this.replica, [...ids])) {
      revs.set(id, rev ?? ABSENT)
      if (doc) docs.set(id, doc)
    }
    const members = new Map<string, MemberBody[]>()
    const memberIds = new Map<string, string[]>()
    for (const listId of listIds) {
      const found = await this.memberDocs(listId)
      members.set(
        listId,
        found.map((m) => m.body),
      )
      memberIds.set(
        listId,
        found.map((m) => m.id),
      )
      for (const m of found) revs.set(m.id, m.rev)
    }
    // An attached PDF's file goes into the cache before its record into the store, so that a paper
    // never shows a PDF it cannot open; a record whose file has not arrived waits for it.
    const waiting = new Set<string>()
    for (const key of keys) {
      if (key.kind !== 'attachment') continue
      const doc = docs.get(docId.attachment(key.id))
      const sha256 = doc?.deleted === true ? null : doc?.sha256
      if (typeof sha256 !== 'string' || typeof doc?.size !== 'number') continue
      const placed = this.pdfs ? await placePdf(this.replica, this.pdfs.files, sha256, doc.size) : 'absent'
      const file = docId.pdf(sha256)
      if (placed === 'placed') this.unquarantine(file)
      else {
        // A refused file keeps its record waiting, as one not arrived yet: a good revision brings both.
        if (placed !== 'absent')
          this.quarantine(file, `${placed.problem}; ${docId.attachment(key.id)} waits for a good file`)
        waiting.add(key.id)
      }
    }
    if (waiting.size > 0) keys = keys.filter((key) => !(key.kind === 'attachment' && waiting.has(key.id)))
    const docsOf = (key: EntityKey) => [
      ...docIdsOf(key),
      ...(key.kind === 'list' ? (memberIds.get(key.listId) ?? []) : []),
      // A member deleted by the change is no longer among the list's live members.
      ...(key.kind === 'list'
        ? [...changed].filter((id) => id.startsWith(docId.membersOf(key.listId).start))
        : []),
    ]
    const paperOf = (key: EntityKey) =>
      key.kind === 'annotation'
        ? (docs.get(docId.annotation(key.id))?.paperId as string | undefined)
        : undefined
    // What the store held when the docs were read: an entity changed since then has local changes
    // that must reach the replica first (as a branch), so it is left alone now.
    const seen = new Map(
      keys.map((key) => [entityKeyString(key), this.versionOf(key, this.storeView, paperOf(key))]),
    )
    const now = this.now()
    const skipped: EntityKey[] = []
    const applied = await this.store.update(
      (tx) => {
        const done: { key: EntityKey; version: string }[] = []
        for (const key of keys) {
          const name = entityKeyString(key)
          if (this.dirty.has(name) || this.versionOf(key, tx, paperOf(key)) !== seen.get(name)) {
            skipped.push(key)
            continue
          }
          if (this.applyEntity(tx, key, docs, members, now)) this.applied++
          done.push({ key, version: this.versionOf(key, tx, paperOf(key)) })
        }
        return done
      },
      { textsOf: keys.flatMap((key) => (key.kind === 'paper' ? [key.paperId] : [])) },
    )
    // The store has not seen what just arrived for these: their local changes must branch from the
    // revision before it (the parent, when it is not known better), not be written over it.
    for (const key of skipped) {
      for (const id of docsOf(key)) {
        if (!changed.has(id) || this.knownRev.has(id)) continue
        const current = revs.get(id)
        const ancestry = current && current !== ABSENT ? await this.revisionsOf(id, current) : null
        const parent =
          ancestry && ancestry.ids.length > 1 ? `${ancestry.start - 1}-${ancestry.ids[1]}` : ABSENT
        this.knownRev.set(id, parent)
      }
    }
    for (const { key, version } of applied) {
      for (const id of docsOf(key)) this.knownRev.set(id, revs.get(id) ?? ABSENT)
      // The commit marked it dirty; it equals the replica unless a later change of its group moved it.
      if (this.versionOf(key, this.storeView, paperOf(key)) === version)
        this.dirty.delete(entityKeyString(key))
    }
  }

  /** Puts the entity the documents describe, if it differs from the store's; true if it did. */
  private applyEntity(
    tx: Tx,
    key: EntityKey,
    docs: Map<string, Doc>,
    members: Map<string, MemberBody[]>,
    now: Date,
  ): boolean {
    switch (key.kind) {
      case 'paper': {
        const record = docs.get(docId.paper(key.paperId)) as unknown as PaperBody | undefined
        if (!record) return false // its state came first; applied when the record arrives
        const stateDoc = docs.get(docId.state(key.paperId))
        const state = stateDoc && (contentOf(stateDoc) as unknown as StateBody)
        const existing = tx.paper(key.paperId)
        if (existing) {
          const mine = paperDocs(existing)
          const sameRecord = sameBody(mine.paper as unknown as DocBody, record as unknown as DocBody)
          const sameState = !state || sameBody(mine.state as unknown as DocBody, state as unknown as DocBody)
          if (sameRecord && sameState) return false
        }
        tx.putPaper(
          paperFromDocs(
            key.paperId,
            contentOf(record as unknown as DocBody) as unknown as PaperBody,
            state,
            existing,
            now,
          ),
        )
        return true
      }
      case 'list': {
        const body = docs.get(docId.list(key.listId)) as unknown as ListBody | undefined
        if (!body) return false // members came first; applied when the list arrives
        const existing = tx.list(key.listId)
        const next = listFromDocs(key.listId, body, members.get(key.listId) ?? [], existing, now)
        if (
          existing &&
          sameBody(listDoc(existing) as unknown as DocBody, body as unknown as DocBody) &&
          existing.paperIds.join('\n') === next.paperIds.join('\n')
        )
          return false
        tx.putList(next)
        return true
      }
      case 'note': {
        const body = docs.get(docId.note(key.paperId)) as unknown as NoteBody | undefined
        if (!body) return false
        const existing = tx.note(key.paperId)
        if (existing && sameBody(noteDoc(existing) as unknown as DocBody, body as unknown as DocBody))
          return false
        tx.putNote(noteFromDoc(body, existing))
        return true
      }
      case 'annotation': {
        const body = docs.get(docId.annotation(key.id)) as unknown as AnnotationBody | undefined
        if (!body) return false
        const clean = contentOf(body as unknown as DocBody) as unknown as AnnotationBody
        const existing = tx.annotation(key.id, clean.paperId)
        if (existing && sameBody(annotationDoc(existing) as DocBody, clean as DocBody)) return false
        tx.putAnnotation(annotationFromDoc(key.id, clean, existing))
        return true
      }
      case 'attachment': {
        const doc = docs.get(docId.attachment(key.id))
        if (!doc) return false
        const existing = this.attachmentOf(key.id)
        const next = attachmentFromDoc(key.id, contentOf(doc) ?? {}, (existing?.rev ?? 0) + 1)
        // Not a record Lectern writes: left in the replica, never in the store.
        if (!next || next.paperId !== paperOfAttachment(key.id)) {
          this.quarantine(
            docId.attachment(key.id),
            next
              ? `it names the paper ${next.paperId}, its id another`
              : 'it is not an attachment record (paperId, a sha256, size, pages, origin, addedAt)',
          )
          return false
        }
        this.unquarantine(docId.attachment(key.id))
        if (existing && sameBody(attachmentDoc(existing) as unknown as DocBody, contentOf(doc))) return false
        tx.putAttachment(next)
        return true
      }
      case 'settings': {
        const body = docs.get(SETTINGS_DOC_ID) as unknown as LibrarySettingsBody | undefined
        if (!body) return false
        const current = this.store.settings()
        if (sameBody(settingsDoc(current) as unknown as DocBody, contentOf(body as unknown as DocBody)))
          return false
        tx.setSettings(settingsFromDoc(body, current))
        return true
      }
    }
  }

  /** Leaves a replicated document out of the library, saying why (`status()`, `lectern sync status`). */
  private quarantine(id: string, problem: string): void {
    const others = this.state.quarantined.filter((q) => q.docId !== id)
    this.state = { ...this.state, quarantined: [...others, { docId: id, problem }] }
  }

  private unquarantine(id: string): void {
    if (!this.state.quarantined.some((q) => q.docId === id)) return
    this.state = { ...this.state, quarantined: this.state.quarantined.filter((q) => q.docId !== id) }
  }

  private readonly storeView: StoreView = {
    head: (id) => this.store.head(id),
    list: (id) => this.store.list(id),
    note: (paperId) => this.store.note(paperId),
    annotation: (id, paperId) => this.store.annotations(paperId).find((a) => a.id === id),
  }

  /** A cheap fingerprint of the entity's current state in the store or in a transaction. */
  private versionOf(key: EntityKey, view: StoreView, annotationPaperId: string | undefined): string {
    switch (key.kind) {
      case 'paper':
        return String(view.head(key.paperId)?.rev ?? 0)
      case 'list':
        return String(view.list(key.listId)?.rev ?? 0)
      case 'note':
        return String(view.note(key.paperId)?.rev ?? 0)
      case 'annotation':
        return annotationPaperId === undefined
          ? '0'
          : String(view.annotation(key.id, annotationPaperId)?.rev ?? 0)
      case 'settings':
        return canonical(this.store.settings())
      case 'attachment':
        return String(this.attachmentOf(key.id)?.rev ?? 0)
    }
  }

  private attachmentOf(id: string): Attachment | undefined {
    return this.store.attachments(paperOfAttachment(id)).find((a) => a.id === id)
  }

  // ---- conflicts a person resolves

  private async describeConflict(id: string): Promise<SyncConflict | null> {
    const parsed = parseDocId(id)
    const winner = await this.replica.get(id, { conflicts: true }).catch(notFoundAsNull)
    if (!parsed || !winner?._conflicts?.length) return null
    const revisions = [{ rev: winner._rev as string, winner: true, body: contentOf(winner) ?? {} }]
    for (const rev of winner._conflicts) {
      const loser = await this.replica.get(id, { rev }).catch(notFoundAsNull)
      if (loser) revisions.push({ rev, winner: false, body: contentOf(loser) ?? {} })
    }
    const entity = parsed.kind === 'note' ? 'note' : parsed.kind === 'annotation' ? 'annotation' : 'list'
    const paperId = typeof winner.paperId === 'string' ? winner.paperId : null
    const differing = Object.keys(revisions[0]?.body ?? {}).filter(
      (k) => new Set(revisions.map((r) => canonical(r.body[k]))).size > 1,
    )
    return {
      docId: id,
      entity,
      paperId,
      title: paperId
        ? (this.store.head(paperId)?.title ?? null)
        : typeof winner.name === 'string'
          ? winner.name
          : null,
      fields: differing,
      revisions,
    }
  }

  // ---- plumbing

  /** One sync step at a time: the outbound and inbound paths share `knownRev` and the checkpoint. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.worker.then(work)
    this.worker = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  private async updateSeq(): Promise<number> {
    return Number((await this.replica.info()).update_seq)
  }

  private async saveState(): Promise<void> {
    await writeFileDurably(this.statePath, JSON.stringify(this.state, null, 2))
  }

  /** The state as last saved (for `sync status` without a server). */
  get saved(): Readonly<SyncState> {
    return this.state
  }
}

/** What `versionOf` reads: the store itself, or a transaction's view of it. */
type StoreView = Pick<Tx, 'head' | 'list' | 'note' | 'annotation'>

function docIdsOf(key: EntityKey): string[] {
  switch (key.kind) {
    case 'paper':
      return [docId.paper(key.paperId), docId.state(key.paperId)]
    case 'list':
      return [docId.list(key.listId)]
    case 'note':
      return [docId.note(key.paperId)]
    case 'annotation':
      return [docId.annotation(key.id)]
    case 'settings':
      return [SETTINGS_DOC_ID]
    case 'attachment':
      return [docId.attachment(key.id)]
  }
}

function isMember(doc: Doc): doc is Doc & MemberBody {
  return typeof doc.listId === 'string' && typeof doc.paperId === 'string' && typeof doc.order === 'string'
}

const INITIAL_STATE: SyncState = {
  inboundSeq: 0,
  syncedSeq: null,
  lastSyncAt: null,
  server: null,
  lastError: null,
  conflicts: [],
  quarantined: [],
}

async function readState(path: string): Promise<SyncState> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...INITIAL_STATE }
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    // Written atomically, so unparsable means damaged: start over from seq 0, which re-applies
    // everything once and changes nothing that is already in the store.
    return { ...INITIAL_STATE }
  }
  const s = parsed as Partial<SyncState>
  return {
    inboundSeq: typeof s.inboundSeq === 'number' || typeof s.inboundSeq === 'string' ? s.inboundSeq : 0,
    syncedSeq: typeof s.syncedSeq === 'number' || typeof s.syncedSeq === 'string' ? s.syncedSeq : null,
    lastSyncAt: typeof s.lastSyncAt === 'string' ? s.lastSyncAt : null,
    server: typeof s.server === 'string' ? s.server : null,
    lastError: typeof s.lastError === 'string' ? s.lastError : null,
    conflicts: Array.isArray(s.conflicts)
      ? s.conflicts.filter((c): c is string => typeof c === 'string')
      : [],
    quarantined: Array.isArray(s.quarantined)
      ? s.quarantined.filter(
          (q): q is SyncQuarantined =>
            typeof q === 'object' &&
            q !== null &&
            typeof q.docId === 'string' &&
            typeof q.problem === 'string',
        )
      : [],
  }
}

function notFoundAsNull(error: unknown): null {
  if ((error as { status?: number }).status === 404) return null
  throw error
}

/** Whether a failed request means "not reachable now" (retried quietly) or a problem a person must fix. */
export function problemOf(error: unknown): { state: 'offline' | 'error'; reason: string } {
  const status = (error as { status?: number }).status
  const reason = describe(error)
  if (status !== undefined && status >= 400 && status < 500) return { state: 'error', reason }
  return {
    state:
      status === undefined || /fetch|connect|ECONN|ENOTFOUND|EAI_AGAIN|socket|timed? ?out/i.test(reason)
        ? 'offline'
        : 'error',
    reason,
  }
}

/** The server's words for a document it refused: `forbidden: This list is shared with you read-only.` */
function describeRefusal(event: unknown): string {
  // A sync wraps the refusal as `{ direction, doc }`; one replication gives it as it is.
  const wrapped = (event as { doc?: unknown } | null)?.doc
  const error = wrapped !== null && typeof wrapped === 'object' ? wrapped : event
  const e = error as { error?: unknown; name?: unknown; reason?: unknown; message?: unknown }
  const kind = typeof e.error === 'string' ? e.error : typeof e.name === 'string' ? e.name : 'refused'
  const reason = typeof e.reason === 'string' ? e.reason : typeof e.message === 'string' ? e.message : ''
  return reason ? `${kind}: ${reason}` : kind
}

export function describe(error: unknown): string {
  const e = error as { status?: number; reason?: string; message?: string; name?: string }
  if (e.status === 401) return 'the server refused the login (401): check the user and password'
  if (e.status === 403) return 'the server does not allow this user to use that database (403)'
  return e.reason ?? e.message ?? String(error)
}
