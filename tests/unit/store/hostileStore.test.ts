import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { bundleOf, restoreBundle } from '../../../src/main/core/store/bundle'
import { examineStore } from '../../../src/main/core/store/doctor'
import { shardOf, textShardOf } from '../../../src/main/core/store/schema'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { createClient } from '../../../src/shared/client'
import { lectern as cli } from '../support/runCli'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** Three papers of the seed digest, one bad record of each kind. */
const HEAD = '2402.07827'
const NOTE = '2402.07456'
const TEXT = '2402.07033'

const open = (dir: string) => Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
const apiOf = (lectern: Lectern) =>
  createClient(
    createDispatch(createHandlers(lectern, 'test'), (e) => {
      throw e
    }),
  )

async function edit(
  file: string,
  change: (data: Record<string, Record<string, Record<string, unknown>>>) => void,
) {
  const data = JSON.parse(await readFile(file, 'utf8'))
  change(data)
  await writeFile(file, JSON.stringify(data))
}

/** A seeded library with a note on NOTE, then one bad record of each kind written into its files. */
async function damagedLibrary(options: { backups: boolean }) {
  const dir = await tempDir()
  const { lectern, api } = await openSeeded(dir)
  await api.call('notes:save', { paperId: NOTE, text: 'my note' })
  await api.call('notes:save', { paperId: HEAD, text: 'note of the damaged paper' })
  await lectern.close()
  if (options.backups) await (await open(dir)).close()
  else await rmBackups(dir)
  const files = {
    head: join(dir, 'papers', `${shardOf(HEAD)}.json`),
    note: join(dir, 'notes', `${shardOf(NOTE)}.json`),
    text: join(dir, 'texts', `${textShardOf(TEXT)}.json`),
  }
  await edit(files.head, (d) => void (d.papers![HEAD]!.appearances = null))
  await edit(files.note, (d) => void (d.notes![NOTE]!.text = 42))
  await edit(files.text, (d) => void (d.texts![TEXT]!.abstract = 42))
  return { dir, files }
}

async function rmBackups(dir: string) {
  const { rm } = await import('node:fs/promises')
  await rm(join(dir, 'backups'), { recursive: true, force: true })
}

describe('one bad record of each kind (paper head, note, text)', () => {
  it('is reported by doctor, which changes nothing', async () => {
    const { dir, files } = await damagedLibrary({ backups: false })
    const before = await Promise.all(Object.values(files).map((f) => readFile(f, 'utf8')))
    const report = await examineStore(dir)
    const errors = report.findings.filter((f) => f.severity === 'error')
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: files.head,
          message: expect.stringContaining(`papers record ${HEAD}: appearances: expected a list, found null`),
        }),
        expect.objectContaining({
          file: files.note,
          message: expect.stringContaining(`notes record ${NOTE}: text: expected a string, found number 42`),
        }),
        expect.objectContaining({
          file: files.text,
          message: expect.stringContaining(
            `texts record ${TEXT}: abstract: expected a string, found number 42`,
          ),
        }),
      ]),
    )
    expect(await Promise.all(Object.values(files).map((f) => readFile(f, 'utf8')))).toEqual(before)
    expect(await readdir(dir)).not.toContain('quarantine')
    const doctor = await cli('doctor', '--data', dir)
    expect(doctor.code).toBe(1)
    expect(doctor.stdout).toContain(`papers record ${HEAD}`)
  })

  it('is quarantined on its own: the library opens, lists, searches and exports every other paper', async () => {
    const { dir, files } = await damagedLibrary({ backups: false })
    const lectern = await open(dir)
    const api = apiOf(lectern)
    const ids = (await api.call('papers:list', {})).map((p) => p.id)
    expect(ids).not.toContain(HEAD)
    expect(ids).toContain(NOTE)
    expect(ids).toContain(TEXT)
    expect(ids.length).toBeGreaterThan(5)
    // The note of the bad paper is still there; the bad note is gone, its paper stays.
    expect((await api.call('papers:get', { id: NOTE })).note).toBeNull()
    await lectern.search.start()
    const title = (await api.call('papers:get', { id: TEXT })).paper.title
    const hits = await api.call('search:query', { q: `${title} ` })
    expect(hits.hits.map((h) => h.id)).toContain(TEXT)
    const exported = await api.call('export:papers', { format: 'bibtex' })
    expect(exported.count).toBe(ids.length)
    // The paper whose text was bad shows with its head's title and no abstract.
    const shown = await api.call('papers:get', { id: TEXT })
    expect(shown.paper.title.length).toBeGreaterThan(0)

    const info = await api.call('app:info', {})
    const byId = Object.fromEntries(info.quarantined.map((q) => [q.id, q]))
    expect(Object.keys(byId).sort()).toEqual([HEAD, NOTE, TEXT].sort())
    expect(byId[HEAD]).toMatchObject({ file: files.head, collection: 'papers', restoredFrom: null })
    expect(byId[NOTE]?.problem).toBe('text: expected a string, found number 42')
    for (const q of info.quarantined) {
      const kept = JSON.parse(await readFile(q.quarantinedTo!, 'utf8'))
      expect(kept).toMatchObject({ id: q.id, collection: q.collection, problem: q.problem })
      expect(kept.record).toBeDefined()
    }
    await lectern.close()

    // The head and note files were rewritten without their bad records: the next open is clean.
    const again = await open(dir)
    expect(again.store.quarantined.filter((q) => q.id !== TEXT)).toEqual([])
    await again.close()
    const doctor = await examineStore(dir)
    expect(doctor.findings.filter((f) => f.file !== files.text && f.severity === 'error')).toEqual([])
  })

  it('is put back from the last good backup when that one holds a good version', async () => {
    const { dir } = await damagedLibrary({ backups: true })
    const lectern = await open(dir)
    const api = apiOf(lectern)
    const ids = (await api.call('papers:list', {})).map((p) => p.id)
    expect(ids).toContain(HEAD)
    expect((await api.call('papers:get', { id: NOTE })).note?.text).toBe('my note')
    const info = await api.call('app:info', {})
    const head = info.quarantined.find((q) => q.id === HEAD)
    expect(head?.restoredFrom).toContain(join('backups', 'last-good'))
    await lectern.close()
  })

  it('is printed by a CLI command, naming the record and why', async () => {
    const { dir } = await damagedLibrary({ backups: false })
    const papers = await cli('papers', '--data', dir)
    expect(papers.code).toBe(0)
    expect(papers.stdout).toContain(NOTE)
    expect(papers.stderr).toContain(`papers record ${HEAD} was taken out: appearances: expected a list`)
  })
})

describe('restore', () => {
  it('restores every good record of a bundle and quarantines the bad ones, naming them', async () => {
    const source = await tempDir()
    const { lectern } = await openSeeded(source)
    const bundle = JSON.parse(JSON.stringify(await bundleOf(lectern.store, new Date())))
    await lectern.close()
    bundle.files[`papers/${shardOf(HEAD)}.json`].papers[HEAD].appearances = null
    bundle.files[`texts/${textShardOf(TEXT)}.json`].texts[TEXT].abstract = 42

    const target = await tempDir()
    const result = await restoreBundle(target, bundle, { force: false, now: new Date() })
    expect(result.quarantined.map((q) => [q.file, q.id, q.problem])).toEqual(
      expect.arrayContaining([
        [`papers/${shardOf(HEAD)}.json`, HEAD, 'appearances: expected a list, found null'],
        [`texts/${textShardOf(TEXT)}.json`, TEXT, 'abstract: expected a string, found number 42'],
      ]),
    )
    for (const q of result.quarantined)
      expect(JSON.parse(await readFile(q.quarantinedTo, 'utf8')).id).toBe(q.id)
    expect((await examineStore(target)).findings.filter((f) => f.severity === 'error')).toEqual([])
    const restored = await open(target)
    expect(restored.store.quarantined).toEqual([])
    expect(restored.papers.list({}).map((p) => p.id)).not.toContain(HEAD)
    expect(restored.papers.get(TEXT).paper.id).toBe(TEXT)
    await restored.close()
  })
})

describe('a hostile or malformed journal', () => {
  async function withJournal(journal: unknown) {
    const dir = await tempDir()
    await (await open(dir)).close()
    const outside = await tempDir()
    const victim = join(outside, 'victim.txt')
    const payload = join(outside, 'payload.txt')
    await writeFile(victim, 'keep me')
    await writeFile(payload, 'overwritten')
    const text = typeof journal === 'string' ? journal : JSON.stringify(journal)
    await writeFile(
      join(dir, 'journal.json'),
      text.replaceAll('VICTIM', victim).replaceAll('PAYLOAD', payload),
    )
    return { dir, victim, payload }
  }

  it('naming a file outside the data dir is refused, reported by doctor, and never replayed', async () => {
    const { dir, victim, payload } = await withJournal({ moves: [{ from: 'PAYLOAD', to: 'VICTIM' }] })
    const doctor = await examineStore(dir)
    expect(doctor.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: join(dir, 'journal.json'),
        message: expect.stringContaining('which is not a library file'),
      }),
    ])
    const lectern = await open(dir)
    expect(await readFile(victim, 'utf8')).toBe('keep me')
    expect(await readFile(payload, 'utf8')).toBe('overwritten')
    expect(lectern.store.journalProblem?.problem).toContain(victim)
    const aside = lectern.store.journalProblem?.setAsideTo
    expect(aside).toContain(join(dir, 'quarantine'))
    expect(await readFile(aside!, 'utf8')).toContain(victim)
    expect(await readdir(dir)).not.toContain('journal.json')
    expect((await apiOf(lectern).call('app:info', {})).journalRefused?.problem).toContain(victim)
    await lectern.close()
  })

  for (const [what, journal] of [
    ['a store file moved onto another', { moves: [{ from: 'library.json', to: 'papers/00.json' }] }],
    [
      'a relative path out of the data dir',
      { moves: [{ from: 'papers/.00.json.1.a.tmp', to: '../victim.txt' }] },
    ],
    ['a temp in another folder', { moves: [{ from: '../.00.json.1.a.tmp', to: 'papers/00.json' }] }],
    ['no list of moves', { moves: null }],
    ['moves that are not pairs of names', { moves: [{ from: 1, to: ['x'] }] }],
    ['a JSON array', []],
  ] as const) {
    it(`with ${what} does not block the open, and is not replayed`, async () => {
      const { dir, victim } = await withJournal(journal)
      await mkdir(join(dir, 'papers'), { recursive: true })
      const doctor = await examineStore(dir)
      expect(doctor.findings.map((f) => f.file)).toEqual([join(dir, 'journal.json')])
      const lectern = await open(dir)
      expect(lectern.store.journalProblem).not.toBeNull()
      expect(await readFile(victim, 'utf8')).toBe('keep me')
      expect(lectern.lists.all()).toEqual([])
      await lectern.close()
    })
  }

  it('that does not parse (never committed) is removed and the open goes on', async () => {
    const { dir } = await withJournal('{"moves": [')
    const lectern = await open(dir)
    expect(lectern.store.journalProblem).toBeNull()
    expect(await readdir(dir)).not.toContain('journal.json')
    await lectern.close()
  })
})

describe('a lock file of the wrong shape', () => {
  for (const lock of [
    '{}',
    'null',
    '[]',
    '{"pid":"1","hostname":7}',
    JSON.stringify({
      pid: 1,
      hostname: 'x',
      startedAt: 'y',
      kind: 'app',
      endpoint: { url: 'http://evil.example', token: 't' },
    }),
  ]) {
    it(`(${lock.slice(0, 30)}) is reported by doctor and taken over at open`, async () => {
      const dir = await tempDir()
      await (await open(dir)).close()
      await writeFile(join(dir, 'lectern.lock'), lock)
      // Only the shape is under test here (doctor also warns about a lock file open to others).
      await chmod(join(dir, 'lectern.lock'), 0o600)
      const doctor = await examineStore(dir)
      expect(doctor.findings).toEqual([
        expect.objectContaining({ severity: 'warning', file: join(dir, 'lectern.lock') }),
      ])
      const lectern = await open(dir)
      expect(JSON.parse(await readFile(join(dir, 'lectern.lock'), 'utf8')).pid).toBe(process.pid)
      await lectern.close()
    })
  }
})
