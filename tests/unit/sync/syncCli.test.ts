import { once } from 'node:events'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { startCouchServer } from '../support/couchServer'
import { lectern, spawnLectern } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

/** `lectern sync` as a person runs it, in child processes, against a loopback Couch server. */
describe('lectern sync', () => {
  const tempDir = useTempDirs()
  let couch: Awaited<ReturnType<typeof startCouchServer>>
  beforeAll(async () => {
    couch = await startCouchServer()
  })
  afterAll(async () => {
    await couch?.stop()
  })

  it('refuses plain http to another machine unless told --insecure', async () => {
    const data = await tempDir()
    const result = await lectern('sync', '--server', 'http://couch.example.org/lib', '--once', '--data', data)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/not encrypted.*--insecure/)
  }, 120_000)

  it('syncs once, reports status, and keeps the password out of every file and message', async () => {
    const data = await tempDir()
    await seedLibrary(data, 20)
    const url = couch.url('cli-status').replace('http://', 'http://reader:s3cret-pw@')
    const synced = await lectern('sync', '--server', url, '--once', '--json', '--data', data)
    expect(synced.stderr).toBe('')
    expect(synced.code).toBe(0)
    const report = JSON.parse(synced.stdout) as { server: string; pushed: number }
    expect(report.server).toBe(couch.url('cli-status'))
    expect(report.pushed).toBeGreaterThan(0)

    const status = await lectern('sync', 'status', '--json', '--data', data)
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout)).toMatchObject({
      server: couch.url('cli-status'),
      pending: 0,
      conflicts: [],
    })
    const note = await lectern('note', generateLibrary(20, 7)[0]!.id, '--set', 'new thought', '--data', data)
    expect(note.code).toBe(0)
    const after = JSON.parse((await lectern('sync', 'status', '--json', '--data', data)).stdout) as {
      pending: number
    }
    expect(after.pending).toBe(1)

    for (const text of [synced.stdout, synced.stderr, status.stdout, status.stderr])
      expect(text).not.toContain('s3cret')
    for (const file of await filesUnder(data)) {
      expect((await readFile(file)).includes('s3cret-pw'), file).toBe(false)
    }
  }, 300_000)

  it('resumes after SIGKILL mid-sync, on the sending and on the receiving machine, without loss or duplicates', async () => {
    const a = await tempDir()
    const b = await tempDir()
    await seedLibrary(a, 600)
    const url = couch.url('cli-kill')
    const killed = { a: await killMidSync(a, url), b: false }
    expect((await lectern('sync', '--server', url, '--once', '--data', a)).code).toBe(0)
    killed.b = await killMidSync(b, url)
    const finished = await lectern('sync', '--server', url, '--once', '--data', b)
    expect(finished.stderr).toBe('')
    // At least one kill landed while the child was still syncing (on a fast machine the other may not).
    expect(killed.a || killed.b).toBe(true)

    const [left, right] = [await snapshot(a), await snapshot(b)]
    expect(right.papers).toHaveLength(600)
    expect(right).toEqual(left)
    expect(new Set(right.list).size).toBe(right.list.length)
  }, 600_000)

  /**
   * Starts `lectern sync --once` and SIGKILLs it a second after its replica appears (while it writes
   * the replica or replicates); true if it was still running then.
   */
  async function killMidSync(data: string, url: string): Promise<boolean> {
    const child = spawnLectern('sync', '--server', url, '--once', '--data', data)
    const exited = once(child, 'exit')
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline && child.exitCode === null) {
      if (await stat(join(data, 'sync', 'replica', 'CURRENT')).catch(() => null)) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const running = child.exitCode === null
    child.kill('SIGKILL')
    await exited
    return running && child.signalCode === 'SIGKILL'
  }
})

async function seedLibrary(dir: string, size: number): Promise<void> {
  const papers = generateLibrary(size, 7)
  const store = await LibraryStore.open(dir)
  const at = '2026-12-01T00:00:00.000Z'
  await store.update((tx) => {
    for (const paper of papers) tx.putPaper(paper)
    tx.putList({
      id: 'reading',
      name: 'Reading',
      order: 0,
      rev: 1,
      updatedAt: at,
      createdAt: at,
      paperIds: papers.slice(0, 100).map((p) => p.id),
    })
    for (const paper of papers.slice(0, 50))
      tx.putNote({ id: paper.id, paperId: paper.id, rev: 1, updatedAt: at, text: `On ${paper.title}` })
  })
  await store.flush()
}

/** What must be the same on both machines: every paper's record and state, the list, the notes. */
async function snapshot(dir: string) {
  const store = await LibraryStore.open(dir)
  const papers = [...store.allPapers()]
    .map(({ rev: _rev, updatedAt: _u, metaStatus: _m, addedAt: _a, ...rest }) => rest)
    .sort((x, y) => x.id.localeCompare(y.id))
  const notes = [...store.allNotes()].map((n) => [n.paperId, n.text]).sort()
  return { papers, list: store.list('reading')?.paperIds ?? [], notes }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}
