import { readFile, writeFile } from 'node:fs/promises'
import type { RequestListener } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { parseServerUrl } from '../../../src/main/core/sync/replica'
import { SyncService, type InboundBatch } from '../../../src/main/core/sync/syncService'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { startCouchServer, type CouchServer } from '../support/couchServer'
import { useTempDirs } from '../support/tempDir'

const PAPERS = 400
/** Documents per store commit in these tests (the app's 2,000 would need a far larger library). */
const BATCH = 100
const FIXED: InboundBatch = { least: BATCH, most: BATCH }
/** As the app's: as many documents as the store has papers, from a small batch up to all of them. */
const GROWING: InboundBatch = { least: BATCH / 2, most: 10 * PAPERS }

/**
 * A fresh machine's first pull goes into the store in batches while replication runs, and a pull
 * stopped midway resumes on the next start with nothing lost or doubled. Against express-pouchdb on
 * 127.0.0.1, whose second document fetch of the pull is held until the test lets it go: the
 * replication is then provably still running.
 */
describe('first pull on a fresh machine', () => {
  const tempDir = useTempDirs()
  const closing: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
  })

  /** A server holding a library pushed by another machine, and a gate on the pull's fetches. */
  async function serverWithLibrary() {
    let fetches = 0
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    const gate = { holding: false, release }
    const front =
      (inner: RequestListener): RequestListener =>
      (req, res) => {
        if (req.method === 'POST' && req.url?.includes('/_bulk_get') && ++fetches === 2) {
          gate.holding = true
          void held.then(() => {
            gate.holding = false
            inner(req, res)
          })
        } else inner(req, res)
      }
    const couch: CouchServer = await startCouchServer({ front })
    closing.push(() => couch.stop())
    const server = parseServerUrl(couch.url('library'))
    const source = await tempDir()
    const store = await LibraryStore.open(source)
    const papers = generateLibrary(PAPERS, 7)
    await store.update((tx) => {
      for (const paper of papers) tx.putPaper(paper)
    })
    const sync = await SyncService.open({ store, dataDir: source })
    await sync.syncOnce(server)
    await sync.close()
    return { server, gate, papers: papers.map((p) => ({ id: p.id, title: p.title, starred: p.starred })) }
  }

  async function freshMachine(dataDir: string, inboundBatch: InboundBatch = FIXED) {
    const store = await LibraryStore.open(dataDir)
    // A few documents per request, as the app's 2,000 are of a large library: the pull takes several.
    const sync = await SyncService.open({ store, dataDir, inboundBatch, replication: { batch_size: 100 } })
    closing.push(() => sync.close())
    return { store, sync }
  }

  const heads = (store: LibraryStore) =>
    [...store.allHeads()]
      .map((h) => ({ id: h.id, title: h.title, starred: h.starred }))
      .sort((a, b) => a.id.localeCompare(b.id))

  it('applies the pull to the store in batches while replication still runs', async () => {
    const { server, gate, papers } = await serverWithLibrary()
    const { store, sync } = await freshMachine(await tempDir())
    const commits: { papers: number; whileHeld: boolean }[] = []
    store.onCommit((change) => {
      commits.push({ papers: change.papers.size, whileHeld: gate.holding })
      // The first batch is in the store with the replication held midway: let it go on.
      gate.release()
    })
    const report = await sync.syncOnce(server)
    expect(commits[0]?.whileHeld).toBe(true)
    expect(commits.length).toBeGreaterThan(PAPERS / BATCH)
    expect(Math.max(...commits.map((c) => c.papers))).toBeLessThanOrEqual(BATCH)
    expect(heads(store)).toEqual(papers.sort((a, b) => a.id.localeCompare(b.id)))
    expect(report.pushed).toBe(0)
  }, 120_000)

  it('applies it as replication hands the documents over, reading none of them back from the replica', async () => {
    const { server, gate, papers } = await serverWithLibrary()
    gate.release()
    const { store, sync } = await freshMachine(await tempDir())
    // Every document the replica's changes feed gives Lectern (the replication reads it too, for the
    // push, without the documents).
    let readBack = 0
    const changes = sync.replica.changes.bind(sync.replica)
    sync.replica.changes = ((options) => {
      const feed = changes(options)
      if (options?.include_docs) void feed.then((result) => (readBack += result.results.length))
      return feed
    }) as typeof changes
    let commits = 0
    store.onCommit(() => commits++)
    await sync.syncOnce(server)
    expect(heads(store)).toEqual(papers.sort((a, b) => a.id.localeCompare(b.id)))
    expect(commits).toBeGreaterThan(PAPERS / BATCH)
    expect(readBack).toBe(0)
  }, 120_000)

  it('merges a document the machine held before its first pull, as any conflict', async () => {
    const { server, gate } = await serverWithLibrary()
    gate.release()
    const { store, sync } = await freshMachine(await tempDir())
    // The same paper, imported here too before the first sync: its record is in this replica already.
    const [mine] = generateLibrary(PAPERS, 7)
    if (!mine) throw new Error('no paper generated')
    await store.update((tx) => tx.putPaper({ ...mine, title: 'Imported here first' }))
    await sync.syncOnce(server)
    const doc = await sync.replica.get(`paper:${mine.id}`, { conflicts: true })
    expect(doc._conflicts ?? []).toEqual([])
    expect(store.head(mine.id)?.title).toBe(doc.title)
    expect(heads(store)).toHaveLength(PAPERS)
  }, 120_000)

  it('grows its batches with the store: each commit holds at most as many papers as the store had', async () => {
    const { server, gate, papers } = await serverWithLibrary()
    gate.release()
    const { store, sync } = await freshMachine(await tempDir(), GROWING)
    const commits: { papers: number; before: number }[] = []
    store.onCommit((change) => {
      const now = heads(store).length
      commits.push({ papers: change.papers.size, before: now - change.papers.size })
    })
    await sync.syncOnce(server)
    expect(heads(store)).toEqual(papers.sort((a, b) => a.id.localeCompare(b.id)))
    expect(commits[0]?.papers).toBeLessThanOrEqual(GROWING.least)
    for (const commit of commits)
      expect(commit.papers).toBeLessThanOrEqual(Math.max(GROWING.least, commit.before))
    // Fewer commits than a fixed batch of the least size would take, and later ones larger.
    expect(commits.length).toBeLessThan(PAPERS / GROWING.least)
    expect(Math.max(...commits.map((c) => c.papers))).toBeGreaterThan(GROWING.least)
  }, 120_000)

  it.each([
    ['a fixed', FIXED],
    ['a growing', GROWING],
  ])(
    'resumes a pull with %s batch stopped midway, or killed before its checkpoint, with nothing lost or doubled',
    async (_, batch) => {
      const { server, gate, papers } = await serverWithLibrary()
      const dataDir = await tempDir()
      const statePath = join(dataDir, 'sync', 'state.json')
      const first = await freshMachine(dataDir, batch)
      const stop = new AbortController()
      first.store.onCommit(() => {
        stop.abort()
        gate.release()
      })
      await expect(first.sync.syncOnce(server, { signal: stop.signal })).rejects.toThrow(/stopped/)
      const partly = heads(first.store).length
      expect(partly).toBeGreaterThan(0)
      expect(partly).toBeLessThan(PAPERS)
      await first.sync.close()
      closing.pop()
      // A kill after a store commit and before its checkpoint: the next start applies that batch again.
      const state = JSON.parse(await readFile(statePath, 'utf8')) as { inboundSeq: unknown }
      await writeFile(statePath, JSON.stringify({ ...state, inboundSeq: 0 }))

      // Restarted, the store holds papers already: a growing batch now spans more than the one killed.
      const again = await freshMachine(dataDir, batch)
      expect(heads(again.store)).toHaveLength(partly)
      const report = await again.sync.syncOnce(server)
      expect(heads(again.store)).toEqual(papers.sort((a, b) => a.id.localeCompare(b.id)))
      // Nothing of the pull went back: the server holds what the first machine pushed, once.
      expect(report.pushed).toBe(0)
      const replica = await again.sync.replica.info()
      const { doc_count: onServer } = await (await fetch(server.url)).json()
      expect(replica.doc_count).toBe(onServer)
    },
    120_000,
  )
})
