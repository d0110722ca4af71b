import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../../src/shared/api'
import { createClient, type ApiClient } from '../../../src/shared/client'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { Lectern } from '../../../src/main/core/lectern'
import type { CouchServer } from '../support/couchServer'
import { requestAsAdmin, startSecuredCouchServer, type Login } from '../../fixtures/securedCouchServer'
import { openSeeded } from '../support/openLectern'
import { lectern as runCli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const ADA: Login = { username: 'ada', password: 'ada-secret-1' } // server admin, shares the list
const BOB: Login = { username: 'bob', password: 'bob-secret-2' } // may write the list
const CY: Login = { username: 'cy', password: 'cy-secret-3' } // may only read it

/**
 * Shared reading lists between three libraries (three data dirs, three users) through a Couch server
 * that enforces per-database security as CouchDB does (tests/fixtures/securedCouchServer.ts): the
 * server, not Lectern, decides who reads and who writes.
 */
describe('shared lists (sync:share, sync:subscribe)', () => {
  const tempDir = useTempDirs()
  let couch: CouchServer
  beforeAll(async () => {
    couch = await startSecuredCouchServer({ admin: ADA, users: [BOB, CY] })
    // CouchDB: a server admin creates each person's database and lets that person in.
    for (const user of [BOB, CY]) {
      await asAdmin('PUT', `/lectern-${user.username}`)
      await asAdmin('PUT', `/lectern-${user.username}/_security`, {
        admins: { names: [], roles: [] },
        members: { names: [user.username], roles: [] },
      })
    }
  })
  afterAll(async () => {
    await couch?.stop()
  })

  async function asAdmin(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: { rows: { id: string }[] } }> {
    const response = await requestAsAdmin(couch, ADA, method, path, body)
    return { status: response.status, body: (await response.json()) as { rows: { id: string }[] } }
  }

  const opened: Lectern[] = []
  // Closed before useTempDirs removes their data dirs (after-hooks run the last registered first).
  afterEach(async () => {
    for (const lectern of opened.splice(0)) await lectern.close()
  })
  async function person(user: Login, options: { seeded: boolean }): Promise<ApiClient> {
    const dataDir = await tempDir()
    let lectern: Lectern
    let api: ApiClient
    if (options.seeded) ({ lectern, api } = await openSeeded(dataDir, { lock: { kind: 'app' } }))
    else {
      lectern = await Lectern.open({ dataDir, lock: { kind: 'app' } })
      api = createClient(
        createDispatch(createHandlers(lectern, 'test'), (e) => {
          throw e
        }),
      )
    }
    opened.push(lectern)
    await api.call('sync:configure', {
      url: couch.url(`lectern-${user.username}`),
      username: user.username,
      password: user.password,
    })
    await waitFor(api, (s) => s.state === 'synced')
    return api
  }

  it('shares a list with a writer and a reader: the server enforces both, marked notes go, personal ones never', async () => {
    const ada = await person(ADA, { seeded: true })
    const papers = (await ada.call('papers:list', {})).map((p) => p.id)
    const [p1, p2, p3, p4, p5] = papers
    if (!p1 || !p2 || !p3 || !p4 || !p5) throw new Error('the seed digest has papers')
    const list = await ada.call('lists:create', { name: 'Reading group' })
    await ada.call('lists:addPapers', { id: list.id, paperIds: [p1, p2, p3] })
    await ada.call('papers:update', { ids: [p1], starred: true })
    await ada.call('notes:save', { paperId: p1, text: 'For the group: read section 3' })
    await ada.call('notes:save', { paperId: p2, text: 'Private: I doubt this result' })
    await ada.call('sync:shareNote', { paperId: p1, shared: true })

    const shared = await ada.call('sync:share', { listId: list.id, readers: ['cy'], writers: ['bob'] })
    const mine = shared.sharedLists.find((l) => l.listId === list.id)
    expect(mine).toMatchObject({ role: 'owner', rights: 'read-write', readers: ['cy'], writers: ['bob'] })
    const url = mine?.url ?? ''
    expect(url).toMatch(/\/lectern-list-/)

    // What the shared database holds: the list, its members, its papers' records, the marked note.
    const db = new URL(url).pathname
    const ids = (await asAdmin('GET', `${db}/_all_docs`)).body.rows.map((r) => r.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        `list:${list.id}`,
        `member:${list.id}:${p1}`,
        `member:${list.id}:${p3}`,
        `paper:${p1}`,
        `paper:${p3}`,
        `note:${p1}`,
      ]),
    )
    expect(ids).not.toContain(`note:${p2}`) // the unmarked note stays personal
    expect(ids).not.toContain(`paper:${p4}`) // not in the list
    expect(ids.filter((id: string) => id.startsWith('state:') || id.startsWith('settings:'))).toEqual([])
    // The server itself refuses strangers and readers' writes.
    const stranger = await fetch(`http://127.0.0.1:${couch.port}${db}`)
    expect(stranger.status).toBe(401)

    // A reader with an empty library subscribes: the list and its papers arrive, read-only.
    const cy = await person(CY, { seeded: false })
    const cyStatus = await cy.call('sync:subscribe', { url })
    expect(cyStatus.sharedLists).toEqual([
      expect.objectContaining({ listId: list.id, role: 'subscriber', rights: 'read-only', reason: null }),
    ])
    expect(await cy.call('lists:list', {})).toEqual([
      expect.objectContaining({ id: list.id, name: 'Reading group', count: 3 }),
    ])
    expect((await cy.call('papers:list', { listId: list.id })).map((p) => p.id)).toEqual([p1, p2, p3])
    expect((await cy.call('papers:get', { id: p1 })).note?.text).toBe('For the group: read section 3')
    expect((await cy.call('papers:get', { id: p2 })).note ?? null).toBeNull()
    // Ada's reading state is hers: the star did not travel.
    expect((await cy.call('papers:get', { id: p1 })).paper.starred).toBe(false)
    // The app refuses to change it, with a clear message.
    await expect(cy.call('lists:addPapers', { id: list.id, paperIds: [p1] })).rejects.toThrow(
      /shared with you read-only/,
    )
    await expect(cy.call('lists:rename', { id: list.id, name: 'Mine now' })).rejects.toThrow(/read-only/)
    // Cy's own database does not get the list: it lives in its shared one.
    const cyIds = async () => (await asAdmin('GET', '/lectern-cy/_all_docs')).body.rows.map((r) => r.id)
    await expect.poll(cyIds, { timeout: 90_000, interval: 500 }).toContain(`paper:${p3}`)
    expect(await cyIds()).not.toContain(`list:${list.id}`)

    // A writer subscribes and adds a paper of his own library: it appears in Ada's list.
    const bob = await person(BOB, { seeded: true })
    const bobStatus = await bob.call('sync:subscribe', { url })
    expect(bobStatus.sharedLists[0]).toMatchObject({ role: 'subscriber', rights: 'read-write' })
    await bob.call('lists:addPapers', { id: list.id, paperIds: [p4] })
    await expect
      .poll(async () => (await ada.call('papers:list', { listId: list.id })).map((p) => p.id), {
        timeout: 90_000,
        interval: 500,
      })
      .toEqual([p1, p2, p3, p4])
    // …and in Cy's, who only reads.
    await expect
      .poll(async () => (await cy.call('papers:list', { listId: list.id })).map((p) => p.id), {
        timeout: 90_000,
        interval: 500,
      })
      .toEqual([p1, p2, p3, p4])

    // Bob's app has all of the list and nothing left to send: a late push of his would otherwise
    // meet the new rights below and turn his list read-only before his change is even made.
    await expect
      .poll(async () => (await bob.call('papers:list', { listId: list.id })).map((p) => p.id), {
        timeout: 90_000,
        interval: 500,
      })
      .toEqual([p1, p2, p3, p4])
    await waitFor(bob, (s) => s.sharedLists[0]?.state === 'synced')

    // Ada takes Bob's right to write. Bob's app still thinks it may; the server refuses his change,
    // which is said, not retried, and undone: the list shows the server's version, read-only.
    await ada.call('sync:share', { listId: list.id, readers: ['cy', 'bob'], writers: [] })
    await bob.call('lists:removePapers', { id: list.id, paperIds: [p2] })
    const refused = await waitFor(
      bob,
      (s) => s.sharedLists[0]?.rights === 'read-only' && s.sharedLists[0].reason !== null,
    )
    expect(refused.sharedLists[0]?.reason).toMatch(/server refused .*forbidden.*read-only/)
    await expect
      .poll(async () => (await bob.call('papers:list', { listId: list.id })).map((p) => p.id), {
        timeout: 90_000,
        interval: 500,
      })
      .toEqual([p1, p2, p3, p4])
    expect((await ada.call('papers:list', { listId: list.id })).map((p) => p.id)).toEqual([p1, p2, p3, p4])
    await expect(bob.call('lists:addPapers', { id: list.id, paperIds: [p5] })).rejects.toThrow(/read-only/)

    // Ada stops sharing: the database is gone. Cy, syncing live, is told; the list and its papers
    // stay in her library until she unsubscribes, which removes the list.
    await ada.call('sync:unshare', { listId: list.id })
    expect((await asAdmin('GET', db)).status).toBe(404)
    expect((await ada.call('sync:status', {})).sharedLists).toEqual([])
    expect((await ada.call('lists:list', {})).map((l) => l.name)).toEqual(['Reading group'])
    // Cy's live pull hears of the deleted database when its next request fails, which can wait for
    // a long poll to end and a retry's back-off (up to 60 s): longer than the other waits.
    const gone = await waitFor(cy, (s) => s.sharedLists[0]?.state === 'gone', 180_000)
    expect(gone.sharedLists[0]?.reason).toMatch(/stopped sharing/)
    expect((await cy.call('papers:list', { listId: list.id })).map((p) => p.id)).toEqual([p1, p2, p3, p4])
    await cy.call('sync:unsubscribe', { listId: list.id })
    expect(await cy.call('lists:list', {})).toEqual([])
    expect((await cy.call('papers:list', {})).map((p) => p.id)).toEqual(expect.arrayContaining([p1, p4]))
  }, 400_000)

  it('from the CLI: shares, subscribes, says the rights, and refuses to change a read-only list', async () => {
    // Both set up their server in the app (Settings › Sync), then close it and use the CLI.
    const adaDir = await tempDir()
    const { lectern: adaApp, api: ada } = await openSeeded(adaDir, { lock: { kind: 'app' } })
    const list = await ada.call('lists:create', { name: 'Journal club' })
    const [p1, p2] = (await ada.call('papers:list', {})).map((p) => p.id)
    if (!p1 || !p2) throw new Error('the seed digest has papers')
    await ada.call('lists:addPapers', { id: list.id, paperIds: [p1] })
    await ada.call('sync:configure', { url: couch.url('lectern-ada-cli'), ...ADA })
    await ada.call('sync:pause', {})
    await adaApp.close()
    const cyDir = await tempDir()
    const cyApp = await Lectern.open({ dataDir: cyDir, lock: { kind: 'app' } })
    const cy = createClient(
      createDispatch(createHandlers(cyApp, 'test'), (e) => {
        throw e
      }),
    )
    await cy.call('sync:configure', { url: couch.url('lectern-cy'), ...CY })
    await cy.call('sync:pause', {})
    await cyApp.close()

    const shared = await runCli('sync', 'share', 'Journal club', '--readers', 'cy', '--data', adaDir)
    expect(shared.stderr).toBe('')
    const url = /sync subscribe (\S+)/.exec(shared.stdout)?.[1] ?? ''
    expect(url).toMatch(/\/lectern-list-/)
    const subscribed = await runCli('sync', 'subscribe', url, '--data', cyDir)
    expect(subscribed.stdout).toContain('Subscribed to “Journal club” (read-only)')
    const status = await runCli('sync', 'status', '--data', cyDir)
    expect(status.stdout).toMatch(/Shared list “Journal club”: subscribed, read-only/)
    const put = await runCli('lists', 'put', 'Journal club', p2, '--data', cyDir)
    expect(put.code).not.toBe(0)
    expect(put.stderr).toMatch(/“Journal club” is shared with you read-only/)
    const lists = await runCli('lists', '--data', cyDir)
    expect(lists.stdout).toContain('Journal club (1)')

    // `lectern sync --once` syncs the shared lists too: Ada's addition reaches Cy's copy.
    expect((await runCli('lists', 'put', 'Journal club', p2, '--data', adaDir)).code).toBe(0)
    const adaSync = await runCli('sync', '--once', '--server', couch.url('lectern-ada-cli'), '--data', adaDir)
    expect(adaSync.stderr).toBe('')
    expect(adaSync.stdout).toContain('Shared list “Journal club”: synced')
    const cySync = await runCli(
      'sync',
      '--once',
      '--json',
      '--server',
      couch.url('lectern-cy'),
      '--data',
      cyDir,
    )
    expect(cySync.code).toBe(0)
    expect((JSON.parse(cySync.stdout) as { sharedLists: unknown[] }).sharedLists).toEqual([
      { name: 'Journal club', url, state: 'synced', reason: null },
    ])
    expect((await runCli('lists', '--data', cyDir)).stdout).toContain('Journal club (2)')
  }, 300_000)

  it('needs a sync server, and refuses a list on another server', async () => {
    const dataDir = await tempDir()
    const { lectern, api } = await openSeeded(dataDir, { lock: { kind: 'app' } })
    opened.push(lectern)
    const list = await api.call('lists:create', { name: 'Solo' })
    await expect(api.call('sync:share', { listId: list.id, readers: [], writers: [] })).rejects.toThrow(
      /Set a sync server first/,
    )
    await api.call('sync:configure', {
      url: couch.url('lectern-cy'),
      username: CY.username,
      password: CY.password,
    })
    await expect(
      api.call('sync:subscribe', { url: 'https://elsewhere.example.org/lectern-list-x' }),
    ).rejects.toThrow(/on another one/)
    // Cy is not a server admin: CouchDB does not let her create a database.
    await expect(api.call('sync:share', { listId: list.id, readers: [], writers: [] })).rejects.toThrow(
      /did not let cy create the shared database \(401/,
    )
  }, 120_000)
})

async function waitFor(
  api: ApiClient,
  done: (status: SyncStatus) => boolean,
  timeout = 90_000,
): Promise<SyncStatus> {
  let last: SyncStatus | null = null
  await expect
    .poll(
      async () => {
        last = await api.call('sync:status', {})
        return done(last)
      },
      { timeout, interval: 300 },
    )
    .toBe(true)
  if (!last) throw new Error('no status')
  return last
}
