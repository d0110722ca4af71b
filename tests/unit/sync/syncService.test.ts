import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Lectern } from '../../../src/main/core/lectern'
import { parseServerUrl, type SyncServer } from '../../../src/main/core/sync/replica'
import { SyncService } from '../../../src/main/core/sync/syncService'
import type { ApiClient } from '../../../src/shared/client'
import { startCouchServer } from '../support/couchServer'
import { openMachine } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

/**
 * Two Lectern data dirs syncing through a real Couch-protocol server (express-pouchdb on loopback).
 * "Offline" is simply not calling sync: each machine changes its own store and replica meanwhile.
 */
describe('sync between two machines through a Couch server', () => {
  const tempDir = useTempDirs()
  let couch: Awaited<ReturnType<typeof startCouchServer>>
  beforeAll(async () => {
    couch = await startCouchServer()
  })
  afterAll(async () => {
    await couch?.stop()
  })

  interface Machine {
    lectern: Lectern
    api: ApiClient
    sync: SyncService
  }
  const open: Machine[] = []

  async function machine(options: { seeded: boolean }): Promise<Machine> {
    const dataDir = await tempDir()
    const { lectern, api } = await openMachine(dataDir, options)
    const sync = await SyncService.open({ store: lectern.store, dataDir })
    const m = { lectern, api, sync }
    open.push(m)
    return m
  }

  async function closeAll(): Promise<void> {
    for (const m of open.splice(0)) {
      await m.sync.close()
      await m.lectern.close()
    }
  }

  let dbCount = 0
  const newServer = (): SyncServer => parseServerUrl(couch.url(`library${++dbCount}`))

  /** What a person sees of a library, for comparing two machines. */
  async function view(m: Machine) {
    const papers = await m.api.call('papers:list', {})
    const lists = await m.api.call('lists:list', {})
    const listed = await Promise.all(
      lists.map(async (l) => ({
        name: l.name,
        papers: (await m.api.call('papers:list', { listId: l.id })).map((p) => p.id),
      })),
    )
    const notes = await Promise.all(
      papers.map(async (p) => [p.id, (await m.api.call('papers:get', { id: p.id })).note?.text ?? '']),
    )
    return {
      papers: papers
        .map((p) => ({ id: p.id, title: p.title, status: p.status, starred: p.starred, tags: p.tags }))
        .sort((a, b) => a.id.localeCompare(b.id)),
      lists: listed,
      notes: notes.filter(([, text]) => text !== ''),
    }
  }

  it('brings a library to an empty machine, then converges after edits on both sides offline', async () => {
    const server = newServer()
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    const first = await a.sync.syncOnce(server)
    expect(first.pushed).toBeGreaterThan(0)
    await b.sync.syncOnce(server)
    expect(await view(b)).toEqual(await view(a))
    const [p1, p2] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1 || !p2) throw new Error('the seed digest has papers')

    // Offline: a star and a list on A; a tag, a status and a note on B, on the same paper.
    await a.api.call('papers:update', { ids: [p1], starred: true })
    const list = await a.api.call('lists:create', { name: 'To read' })
    await a.api.call('lists:addPapers', { id: list.id, paperIds: [p1, p2] })
    await b.api.call('papers:update', { ids: [p1], addTags: ['important'], status: 'read' })
    await b.api.call('notes:save', { paperId: p2, text: 'Written on B' })

    await a.sync.syncOnce(server)
    await b.sync.syncOnce(server)
    await a.sync.syncOnce(server)
    const seenByA = await view(a)
    expect(seenByA).toEqual(await view(b))
    expect(seenByA.papers.find((p) => p.id === p1)).toMatchObject({
      starred: true,
      tags: ['important'],
      status: 'read',
    })
    expect(seenByA.lists).toEqual([{ name: 'To read', papers: [p1, p2] }])
    expect(seenByA.notes).toEqual([[p2, 'Written on B']])
    expect((await a.sync.status()).pending).toBe(0)
    expect((await b.sync.status()).conflicts).toEqual([])
    await closeAll()
  })

  it('counts what waits to be sent, store changes and replica changes, each document once, none once synced', async () => {
    const server = newServer()
    const a = await machine({ seeded: true })
    await a.sync.syncOnce(server)
    expect((await a.sync.status()).pending).toBe(0)
    const [p1, p2] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1 || !p2) throw new Error('the seed digest has papers')
    // Each star is written to the replica (its reading state), and not sent.
    const star = async (id: string, starred: boolean) => {
      await a.api.call('papers:update', { ids: [id], starred })
      await a.sync.reconcileNow()
      return (await a.sync.status()).pending
    }
    // Not yet in the replica: the store's change is counted (after a sync, only changed entities are compared).
    await a.api.call('papers:update', { ids: [p1], starred: true })
    expect((await a.sync.status()).pending).toBe(1)
    expect(await star(p1, true)).toBe(1)
    expect(await star(p2, true)).toBe(2)
    expect(await star(p1, false)).toBe(2)
    await a.sync.syncOnce(server)
    expect((await a.sync.status()).pending).toBe(0)
    expect(await star(p2, false)).toBe(1)
    await closeAll()
  })

  it('deletes on the other machine what one machine deleted', async () => {
    const server = newServer()
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    const [p1] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1) throw new Error('the seed digest has papers')
    const list = await a.api.call('lists:create', { name: 'Short-lived' })
    await a.api.call('lists:addPapers', { id: list.id, paperIds: [p1] })
    const highlight = await a.api.call('annotations:save', {
      paperId: p1,
      anchor: { page: 1, start: 0, end: 5, quads: [[0, 0, 10, 10]] },
      quote: 'Hello',
      color: 'yellow',
      comment: 'keep?',
    })
    await a.sync.syncOnce(server)
    await b.sync.syncOnce(server)
    expect((await b.api.call('lists:list', {})).map((l) => l.name)).toEqual(['Short-lived'])
    expect((await b.api.call('papers:get', { id: p1 })).annotations.map((x) => x.id)).toEqual([highlight.id])

    await b.api.call('lists:delete', { id: list.id })
    await b.api.call('annotations:delete', { paperId: p1, id: highlight.id })
    await b.sync.syncOnce(server)
    await a.sync.syncOnce(server)
    expect(await a.api.call('lists:list', {})).toEqual([])
    expect((await a.api.call('papers:get', { id: p1 })).annotations).toEqual([])
    await closeAll()
  })

  it('writes no reading state for a paper nobody touched; a later change writes it, and goes back to the default everywhere', async () => {
    const server = newServer()
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    const [p1, p2] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1 || !p2) throw new Error('the seed digest has papers')
    await a.api.call('papers:update', { ids: [p1], starred: true })
    await a.sync.syncOnce(server)
    const ids = async (m: Machine) => (await m.sync.replica.allDocs({})).rows.map((r) => r.id)
    const states = (await ids(a)).filter((id) => id.startsWith('state:'))
    expect(states).toEqual([`state:${p1}`])
    expect((await ids(a)).filter((id) => id.startsWith('paper:')).length).toBeGreaterThan(1)

    await b.sync.syncOnce(server)
    expect(await view(b)).toEqual(await view(a))
    expect((await b.api.call('papers:get', { id: p2 })).paper).toMatchObject({
      status: 'unread',
      starred: false,
    })

    // A paper first touched on B, and A's star taken back: both reach A.
    await b.api.call('papers:update', { ids: [p2], status: 'reading' })
    await b.api.call('papers:update', { ids: [p1], starred: false })
    await b.sync.syncOnce(server)
    await a.sync.syncOnce(server)
    expect((await a.api.call('papers:get', { id: p2 })).paper.status).toBe('reading')
    expect((await a.api.call('papers:get', { id: p1 })).paper.starred).toBe(false)

    // Deleting a paper whose state was never written still reaches the other machine.
    const untouched = (await a.api.call('papers:list', {}))
      .map((p) => p.id)
      .find((id) => id !== p1 && id !== p2)
    if (!untouched) throw new Error('the seed digest has three papers')
    expect(await ids(a)).not.toContain(`state:${untouched}`)
    await a.lectern.store.update((tx) => {
      const paper = tx.paper(untouched)
      if (!paper) throw new Error(`${untouched} is in the store`)
      tx.putPaper({ ...paper, deleted: true, rev: paper.rev + 1 })
    })
    await a.sync.syncOnce(server)
    await b.sync.syncOnce(server)
    expect(b.lectern.store.paper(untouched)?.deleted).toBe(true)
    expect(await view(b)).toEqual(await view(a))
    expect((await a.sync.status()).pending).toBe(0)
    expect((await b.sync.status()).pending).toBe(0)
    await closeAll()
  })

  it('keeps both texts of a note edited on both machines offline, lists the conflict, and resolves it', async () => {
    const server = newServer()
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    const [p1] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1) throw new Error('the seed digest has papers')
    await a.api.call('notes:save', { paperId: p1, text: 'First draft' })
    await a.sync.syncOnce(server)
    await b.sync.syncOnce(server)

    await a.api.call('notes:save', { paperId: p1, text: 'Edited on A' })
    await b.api.call('notes:save', { paperId: p1, text: 'Edited on B' })
    await a.sync.syncOnce(server)
    await b.sync.syncOnce(server)
    await a.sync.syncOnce(server)

    for (const m of [a, b]) {
      const { conflicts } = await m.sync.status()
      expect(conflicts).toHaveLength(1)
      const [conflict] = conflicts
      expect(conflict).toMatchObject({
        docId: `note:${p1}`,
        entity: 'note',
        paperId: p1,
        fields: expect.arrayContaining(['text']),
      })
      expect(conflict?.title).toBeTruthy()
      // Nothing lost: both texts are kept, and the store shows the same winner on both machines.
      expect(conflict?.revisions.map((r) => r.body.text).sort()).toEqual(['Edited on A', 'Edited on B'])
      const shown = (await m.api.call('papers:get', { id: p1 })).note?.text
      expect(shown).toBe(conflict?.revisions.find((r) => r.winner)?.body.text)
    }

    // A person chooses the text that is not shown now; the choice reaches the other machine.
    const [conflict] = (await b.sync.status()).conflicts
    const chosen = conflict?.revisions.find((r) => !r.winner)
    if (!conflict || !chosen) throw new Error('the conflict has a losing revision')
    await b.sync.resolve(conflict.docId, { keep: chosen.rev })
    expect((await b.api.call('papers:get', { id: p1 })).note?.text).toBe(chosen.body.text)
    await b.sync.syncOnce(server)
    await a.sync.syncOnce(server)
    for (const m of [a, b]) {
      expect((await m.api.call('papers:get', { id: p1 })).note?.text).toBe(chosen.body.text)
      expect((await m.sync.status()).conflicts).toEqual([])
    }
    await closeAll()
  })

  it('shows a change on the other machine while it syncs live, both ways', async () => {
    const server = newServer()
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    await a.sync.syncOnce(server)
    const [p1] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1) throw new Error('the seed digest has papers')
    const stop = new AbortController()
    const errors: string[] = []
    const live = b.sync.syncLive(server, { signal: stop.signal, onError: (message) => errors.push(message) })
    try {
      await waitFor(async () => (await b.api.call('papers:list', {})).length > 0)
      await a.api.call('papers:update', { ids: [p1], starred: true })
      await a.sync.syncOnce(server)
      await waitFor(async () => (await b.api.call('papers:get', { id: p1 })).paper.starred)
      // A change made on the live machine goes out by itself.
      await b.api.call('notes:save', { paperId: p1, text: 'Written while live' })
      await waitFor(async () => {
        await a.sync.syncOnce(server)
        return (await a.api.call('papers:get', { id: p1 })).note?.text === 'Written while live'
      })
    } finally {
      stop.abort()
      await live
    }
    expect(errors).toEqual([])
    await closeAll()
  })

  it('says why when the server cannot be reached, and keeps the changes pending', async () => {
    const a = await machine({ seeded: true })
    // A port nothing listens on: taken from a listener that was opened and closed.
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise((resolve) => probe.close(resolve))
    const server = parseServerUrl(`http://127.0.0.1:${port}/library`)
    await expect(a.sync.syncOnce(server)).rejects.toThrow()
    const status = await a.sync.status()
    expect(status.lastError).toMatch(/ECONNREFUSED|connect|fetch/i)
    expect(status.lastSyncAt).toBeNull()
    expect(status.pending).toBeGreaterThan(0)
    await closeAll()
  })

  it('keeps papers added to the same list on both machines, in the same order everywhere', async () => {
    const server = newServer()
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    const ids = (await a.api.call('papers:list', {})).map((p) => p.id)
    const [p1, p2, p3, p4] = ids
    if (!p1 || !p2 || !p3 || !p4) throw new Error('the seed digest has four papers')
    const list = await a.api.call('lists:create', { name: 'Group' })
    await a.api.call('lists:addPapers', { id: list.id, paperIds: [p1, p2] })
    await a.sync.syncOnce(server)
    await b.sync.syncOnce(server)

    await a.api.call('lists:addPapers', { id: list.id, paperIds: [p3] })
    await b.api.call('lists:addPapers', { id: list.id, paperIds: [p4], index: 1 })
    await a.sync.syncOnce(server)
    await b.sync.syncOnce(server)
    await a.sync.syncOnce(server)

    const onA = (await a.api.call('papers:list', { listId: list.id })).map((p) => p.id)
    const onB = (await b.api.call('papers:list', { listId: list.id })).map((p) => p.id)
    expect(onA).toEqual(onB)
    expect(onA).toEqual([p1, p4, p2, p3])
    await closeAll()
  })
})

/** Polls `check` until it holds; generous, for a loaded machine (this is not a timing assertion). */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('waited too long for the change to arrive')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
