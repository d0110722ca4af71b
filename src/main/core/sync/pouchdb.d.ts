// PouchDB 9 ships no type declarations: the little of it that Lectern calls, typed loosely (bodies
// are `Record<string, unknown>`) so that the sync code checks what it reads instead of trusting it.
declare module 'pouchdb' {
  namespace PouchDB {
    interface Doc {
      _id: string
      _rev?: string
      _deleted?: boolean
      _conflicts?: string[]
      _revisions?: { start: number; ids: string[] }
      [key: string]: unknown
    }
    interface Row {
      id: string
      key: string
      value: { rev: string; deleted?: boolean }
      doc?: Doc | null
      error?: string
    }
    interface BulkResult {
      ok?: boolean
      id?: string
      rev?: string
      error?: string | boolean
      status?: number
      reason?: string
      message?: string
    }
    interface Change {
      id: string
      seq: number | string
      changes: { rev: string }[]
      deleted?: boolean
      doc?: Doc
    }
    interface ChangesResult {
      results: Change[]
      last_seq: number | string
    }
    interface ChangesFeed extends Promise<ChangesResult> {
      on(event: 'change', listener: (change: Change) => void): ChangesFeed
      on(event: 'error', listener: (error: unknown) => void): ChangesFeed
      cancel(): void
    }
    interface ReplicationResult {
      ok: boolean
      docs_read: number
      docs_written: number
      doc_write_failures: number
      errors: unknown[]
      last_seq: number | string
    }
    /** A replication's 'change' event: its result so far, and the documents this batch wrote. */
    interface ReplicationChange extends ReplicationResult {
      docs?: Doc[]
    }
    interface SyncResult {
      push: ReplicationResult
      pull: ReplicationResult
    }
    /** One direction of a sync: its `requestError` comes before the `paused` that waits to retry. */
    interface Replication {
      on(event: 'requestError', listener: (error: unknown) => void): Replication
      on(event: 'paused', listener: (error?: unknown) => void): Replication
      on(event: 'active', listener: () => void): Replication
    }
    interface Sync extends Promise<SyncResult> {
      readonly push: Replication
      readonly pull: Replication
      on(
        event: 'change',
        listener: (info: { direction: 'push' | 'pull'; change: ReplicationChange }) => void,
      ): Sync
      on(event: 'paused' | 'active', listener: (error?: unknown) => void): Sync
      on(event: 'error' | 'denied', listener: (error: unknown) => void): Sync
      on(event: 'complete', listener: (info: unknown) => void): Sync
      cancel(): void
    }
    interface Database {
      readonly name: string
      info(): Promise<{ db_name: string; doc_count: number; update_seq: number | string }>
      get(id: string, options?: { rev?: string; revs?: boolean; conflicts?: boolean }): Promise<Doc>
      allDocs(options: {
        keys?: string[]
        startkey?: string
        endkey?: string
        include_docs?: boolean
        conflicts?: boolean
        limit?: number
      }): Promise<{ rows: Row[]; total_rows: number }>
      bulkDocs(docs: Doc[], options?: { new_edits?: boolean }): Promise<BulkResult[]>
      /** A document's attachment: a Buffer under Node. */
      getAttachment(docId: string, name: string): Promise<Uint8Array>
      changes(options: {
        since?: number | string
        limit?: number
        include_docs?: boolean
        conflicts?: boolean
        live?: boolean
        doc_ids?: string[]
        return_docs?: boolean
        /** 'all_docs': every leaf revision of a document, conflicts too (else the winner's). */
        style?: 'all_docs'
      }): ChangesFeed
      /** Of these revisions by id, those the database lacks. */
      revsDiff(revs: Record<string, string[]>): Promise<Record<string, { missing: string[] }>>
      sync(
        remote: Database,
        options?: {
          live?: boolean
          retry?: boolean
          batch_size?: number
          batches_limit?: number
          /** The next wait before a retry, from the last one (0 at first), in ms. */
          back_off_function?: (delay: number) => number
        },
      ): Sync
      close(): Promise<void>
      destroy(): Promise<void>
    }
    interface Options {
      adapter?: string
      auto_compaction?: boolean
      skip_setup?: boolean
      auth?: { username: string; password: string }
      prefix?: string
    }
  }
  interface PouchDBStatic {
    new (name: string, options?: PouchDB.Options): PouchDB.Database
    defaults(options: PouchDB.Options): PouchDBStatic
  }
  const PouchDB: PouchDBStatic
  export default PouchDB
}
