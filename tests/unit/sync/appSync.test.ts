import { chmod, readdir, readFile, stat } from 'node:fs/promises'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../../src/shared/api'
import { createClient, type ApiClient } from '../../../src/shared/client'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { Lectern } from '../../../src/main/core/lectern'
import { examineStore } from '../../../src/main/core/store/doctor'
import { parseServerUrl } from '../../../src/main/core/sync/replica'
import { SyncService } from '../../../src/main/core/sync/syncService'
import { startCouchServer, type CouchServer } from '../support/couchServer'
import { openSeeded } from '../support/openLectern'
import { lectern as runCli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const ADMIN = { username: 'ada', password: 'correct horse 7' }

/**
 * Sync inside the running app, through the contract (`sync:*`), against express-pouchdb on loopback
 * that checks logins as CouchDB does.
 */
describe('in-app sync (sync:* routes)', () => {
  const tempDir = useTempDirs()
  let couch: CouchServer
  beforeAll(async () => {
    couch = await startCouchServer({ admin: ADMIN })
  })
  afterAll(async () => {
    await couch?.stop()
  })

  interface App {
    lectern: Lectern
    api: ApiClient
    dataDir: string
    /** Paper ids whose note changed, per `library:changed` event. */
    changes: string[][]
  }
  const open: App[] = []

  async function app(options: { seeded: boolean }): Promise<App> {
    const dataDir = await tempDir()
    let lectern: Lectern
    let api: ApiClient
    if (options.seeded) ({ lectern, api } = await openSeeded(dataDir))
    else {
      lectern = await Lectern.open({ dataDir, lock: { kind: 'app' } })
      api = createClient(
        createDispatch(createHandlers(lectern, 'test'), (e) => {
          throw e
        }),
      )
    }
    const changes: string[][] = []
    lectern.events.subscribe((event) => {
      if (event.name === 'library:changed') changes.push(event.data.notes ?? [])
    })
    const made = { lectern, api, dataDir, changes }
    open.push(made)
    return made
  }

  async function closeAll(): Promise<void> {
    for (const a of open.splice(0)) await a.lectern.close()
  }

  let dbCount = 0
  const newDb = () => couch.url(`app${++dbCount}`)

  it('is off until a server is set, and refuses plain http to another machine unless told', async () => {
    const a = await app({ seeded: false })
    expect(await a.api.call('sync:status', {})).toMatchObject({ state: 'off', server: null, pending: 0 })
    await expect(a.api.call('sync:configure', { url: 'http://couch.example.org/lib' })).rejects.toThrow(
      /not encrypted/,
    )
    await expect(a.api.call('sync:configure', { url: 'https://couch.example.org' })).rejects.toThrow(
      /name the database/,
    )
    expect((await a.api.call('sync:status', {})).state).toBe('off')
    await closeAll()
  }, 120_000)

  it('syncs with the login given, keeps the password only in a 0600 file, and never in the library or a backup', async () => {
    const a = await app({ seeded: true })
    const url = newDb()
    const configured = await a.api.call('sync:configure', { url, ...loginOf(ADMIN) })
    expect(configured).toMatchObject({ server: url, username: ADMIN.username, loginKeptBy: 'file-mode' })
    const status = await waitForState(a.api, 'synced')
    expect(status.pending).toBe(0)
    expect(status.lastSyncAt).not.toBeNull()
    expect(JSON.stringify(status)).not.toContain(ADMIN.password)

    const login = join(a.dataDir, 'sync', 'login.json')
    if (process.platform !== 'win32') {
      expect((await stat(login)).mode & 0o777).toBe(0o600)
      const loginWarnings = async () =>
        (await examineStore(a.dataDir)).findings.filter((f) => f.file === login)
      expect(await loginWarnings()).toEqual([])
      await chmod(login, 0o644)
      expect((await loginWarnings()).map((f) => f.message)).toEqual([expect.stringContaining('mode 0644')])
      await chmod(login, 0o600)
    }
    for (const file of await filesUnder(a.dataDir)) {
      if (file === login) continue
      expect((await readFile(file)).includes(ADMIN.password), file).toBe(false)
    }
    const backup = await a.api.call('library:backup', {})
    expect(JSON.stringify(backup)).not.toContain(ADMIN.password)

    // Saved again with the user name alone (Settings never shows the password): the password is kept.
    const again = await a.api.call('sync:configure', { url, username: ADMIN.username })
    expect(again.state).toBe('syncing')
    expect((await waitForState(a.api, 'synced')).username).toBe(ADMIN.username)
    await closeAll()
  }, 180_000)

  it('says a wrong password is refused, and syncs once the right one is given', async () => {
    const a = await app({ seeded: true })
    const url = newDb()
    await a.api.call('sync:configure', { url, username: ADMIN.username, password: 'wrong password' })
    const refused = await waitForState(a.api, 'error')
    expect(refused.reason).toMatch(/refused the login \(401\)/)
    expect(refused.pending).toBeGreaterThan(0)

    await a.api.call('sync:configure', { url, ...loginOf(ADMIN) })
    expect((await waitForState(a.api, 'synced')).pending).toBe(0)
    await closeAll()
  }, 180_000)

  it('pauses and resumes; a change made while paused waits, then goes out', async () => {
    const a = await app({ seeded: true })
    const url = newDb()
    await a.api.call('sync:configure', { url, ...loginOf(ADMIN) })
    await waitForState(a.api, 'synced')
    expect((await a.api.call('sync:pause', {})).state).toBe('paused')
    const [p1] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1) throw new Error('the seed digest has papers')
    await a.api.call('notes:save', { paperId: p1, text: 'Written while paused' })
    expect(await a.api.call('sync:status', {})).toMatchObject({ state: 'paused', pending: 1 })
    await a.api.call('sync:resume', {})
    await waitFor(async () => {
      const s = await a.api.call('sync:status', {})
      return s.state === 'synced' && s.pending === 0
    })
    await closeAll()
  }, 180_000)

  it('shows a note written on one machine on the other, both syncing in the app', async () => {
    const url = newDb()
    const a = await app({ seeded: true })
    const b = await app({ seeded: false })
    await a.api.call('sync:configure', { url, ...loginOf(ADMIN) })
    await b.api.call('sync:configure', { url, ...loginOf(ADMIN) })
    await waitFor(async () => (await b.api.call('papers:list', {})).length > 0)
    const [p1] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1) throw new Error('the seed digest has papers')
    await a.api.call('notes:save', { paperId: p1, text: 'Seen on the other machine' })
    await waitFor(
      async () => (await b.api.call('papers:get', { id: p1 })).note?.text === 'Seen on the other machine',
    )
    // The other machine's UI is told, so its views refetch.
    expect(b.changes.some((notes) => notes.length > 0)).toBe(true)
    await closeAll()
  }, 240_000)

  it('goes offline when the server goes down mid-sync, and catches up when it is back', async () => {
    const server = await startCouchServer()
    let back: CouchServer | null = null
    try {
      const url = server.url('library')
      const a = await app({ seeded: true })
      await a.api.call('sync:configure', { url })
      await waitForState(a.api, 'synced')
      const [p1] = (await a.api.call('papers:list', {})).map((p) => p.id)
      if (!p1) throw new Error('the seed digest has papers')

      await server.close()
      await a.api.call('notes:save', { paperId: p1, text: 'Written while the server was down' })
      const offline = await waitForState(a.api, 'offline')
      expect(offline.reason).toBeTruthy()
      expect(offline.pending).toBeGreaterThan(0)

      back = await startCouchServer({ dir: server.dir, port: server.port })
      await waitFor(async () => {
        const s = await a.api.call('sync:status', {})
        return s.state === 'synced' && s.pending === 0
      }, 120_000)
      await closeAll()

      // Another machine finds the note on the server.
      const b = await app({ seeded: false })
      const sync = await SyncService.open({ store: b.lectern.store, dataDir: b.dataDir })
      await sync.syncOnce(parseServerUrl(url))
      await sync.close()
      expect((await b.api.call('papers:get', { id: p1 })).note?.text).toBe(
        'Written while the server was down',
      )
    } finally {
      await closeAll()
      await (back ?? server).stop()
    }
  }, 300_000)

  it('answers its status during a sync that waits on a server, and closes without waiting for it', async () => {
    // A server that takes connections and never answers them.
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => void sockets.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    try {
      const a = await app({ seeded: true })
      await a.api.call('sync:configure', { url: `http://127.0.0.1:${port}/library` })
      await waitFor(async () => sockets.size > 0)
      expect(await a.api.call('sync:status', {})).toMatchObject({ state: 'syncing', lastSyncAt: null })
      // Quitting the app cancels the replication instead of waiting on the server.
      await closeAll()
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  }, 120_000)

  it('reports a library synced by `lectern sync` (no server set in the app), and the CLI uses the login the app kept', async () => {
    const url = newDb()
    const a = await app({ seeded: true })
    const sync = await SyncService.open({ store: a.lectern.store, dataDir: a.dataDir })
    await sync.syncOnce(parseServerUrl(url, { credentials: ADMIN }))
    await sync.close()
    expect(await a.api.call('sync:status', {})).toMatchObject({ state: 'off', server: url, pending: 0 })

    await a.api.call('sync:configure', { url, ...loginOf(ADMIN) })
    await waitForState(a.api, 'synced')
    const [p1] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1) throw new Error('the seed digest has papers')
    await a.api.call('sync:pause', {})
    await a.api.call('notes:save', { paperId: p1, text: 'Sent by the CLI' })
    await closeAll()
    // No login given: the one kept for this server is used (and never printed).
    const synced = await runCli('sync', '--server', url, '--once', '--json', '--data', a.dataDir)
    expect(synced.stderr).toBe('')
    expect(synced.code).toBe(0)
    expect(JSON.parse(synced.stdout)).toMatchObject({ server: url, pushed: 1 })
    expect(synced.stdout).not.toContain(ADMIN.password)
    const status = await runCli('sync', 'status', '--data', a.dataDir)
    expect(status.code).toBe(0)
    expect(status.stdout).toContain('Pending: 0')
  }, 240_000)

  it('lists a note edited on both machines as a conflict with both texts, and resolves it with a merged text', async () => {
    const url = newDb()
    const server = parseServerUrl(url, { credentials: ADMIN })
    const a = await app({ seeded: true })
    const b = await app({ seeded: false })
    const [p1] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1) throw new Error('the seed digest has papers')
    const syncA = await SyncService.open({ store: a.lectern.store, dataDir: a.dataDir })
    const syncB = await SyncService.open({ store: b.lectern.store, dataDir: b.dataDir })
    await a.api.call('notes:save', { paperId: p1, text: 'Draft' })
    await syncA.syncOnce(server)
    await syncB.syncOnce(server)
    await a.api.call('notes:save', { paperId: p1, text: 'Edited on A' })
    await b.api.call('notes:save', { paperId: p1, text: 'Edited on B' })
    await syncA.syncOnce(server)
    await syncB.syncOnce(server)
    await syncA.close()
    await syncB.close()

    await b.api.call('sync:configure', { url, ...loginOf(ADMIN) })
    const [conflict] = (await waitForState(b.api, 'synced')).conflicts
    expect(conflict).toMatchObject({ docId: `note:${p1}`, entity: 'note', paperId: p1 })
    expect(conflict?.revisions.map((r) => r.body.text).sort()).toEqual(['Edited on A', 'Edited on B'])
    const resolved = await b.api.call('sync:resolve', { docId: `note:${p1}`, text: 'Edited on A and B' })
    expect(resolved.conflicts).toEqual([])
    expect((await b.api.call('papers:get', { id: p1 })).note?.text).toBe('Edited on A and B')
    await expect(b.api.call('sync:resolve', { docId: `note:${p1}`, keep: '1-x' })).rejects.toThrow(
      /no conflict/,
    )
    await closeAll()
  }, 240_000)
})

function loginOf(login: { username: string; password: string }) {
  return { username: login.username, password: login.password }
}

async function waitForState(api: ApiClient, state: SyncStatus['state']): Promise<SyncStatus> {
  let last: SyncStatus | null = null
  await waitFor(async () => {
    last = await api.call('sync:status', {})
    return last.state === state
  })
  return last as unknown as SyncStatus
}

/** Polls `check` until it holds; generous, for a loaded machine (this is not a timing assertion). */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('waited too long')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}
