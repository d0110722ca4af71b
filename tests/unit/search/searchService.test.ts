import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { revise, tombstone } from '../../../src/main/core/library/entity'
import type { PaperHead } from '../../../src/main/core/store/paperParts'
import { SearchIndex, unframe } from '../../../src/main/core/search/searchIndex'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { seedPapers } from '../export/seedLibrary'
import { openSeeded } from '../support/openLectern'
import { lectern as cli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

const AYA = '2402.07827'
const COPILOT = '2402.07456'
const ids = (lectern: Lectern, query: string) => lectern.search.query(query).hits.map((h) => h.id)

describe('the library search service', () => {
  it('indexes the papers’ texts (read from texts/), keeps up with commits, and persists the index', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.search.start()
    // Words that occur only in the digests' Korean summaries, which live in the text shards.
    expect(lectern.search.query('BLOOMZ').indexReady).toBe(true)
    expect(ids(lectern, 'BLOOMZ')).toEqual([AYA])
    expect(ids(lectern, 'FRIDAY')).toEqual([COPILOT])

    // A note save re-indexes the paper: the note is found, and so is its summary still.
    await lectern.notes.save(COPILOT, 'Compare with a zettelkasten workflow.')
    expect(ids(lectern, 'zettelkasten')).toEqual([COPILOT])
    expect(ids(lectern, 'FRIDAY zettelkasten')).toEqual([COPILOT])
    await lectern.close()
    const saved = (await stat(join(dir, 'search-index.bin'))).mtimeMs

    // The next start loads the saved index, which already knows the note, instead of rebuilding it.
    const again = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    await again.search.start()
    expect(ids(again, 'zettelkasten')).toEqual([COPILOT])
    await again.close()
    expect((await stat(join(dir, 'search-index.bin'))).mtimeMs).toBe(saved)
  })

  it('rebuilds an index that no longer matches the library', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.search.start()
    await lectern.close()

    // Changed by a process that never started search (a one-shot CLI command, say).
    const cli = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    await cli.notes.save(AYA, 'multilingual instruction tuning, see marginalia')
    await cli.close()

    const app = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    await app.search.start()
    expect(ids(app, 'marginalia')).toEqual([AYA])
    expect(ids(app, 'BLOOMZ')).toEqual([AYA])
    await app.close()
  })

  it('rebuilds an index file that is damaged, of the old JSON format, or cut short, and removes the old file', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.search.start()
    await lectern.close()
    const file = join(dir, 'search-index.bin')
    const good = await readFile(file)
    const damaged = Buffer.from(good)
    damaged[damaged.length - 5] = (damaged[damaged.length - 5] as number) ^ 0x01
    const cases: [string, () => Promise<void>][] = [
      ['a flipped byte', () => writeFile(file, damaged)],
      ['cut short', () => writeFile(file, good.subarray(0, good.length >> 1))],
      [
        'the old JSON file only',
        async () => {
          await rm(file)
          await writeFile(join(dir, 'search-index.json'), '{"fingerprint":"x","index":{}}')
        },
      ],
    ]
    for (const [what, damage] of cases) {
      await damage()
      const again = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
      await again.search.start()
      expect(ids(again, 'BLOOMZ'), what).toEqual([AYA])
      await again.close()
      // Rebuilt and written whole again (its slots may come in another order); the old JSON file is gone.
      const rebuilt = await readFile(file)
      const { label } = unframe(rebuilt).header as { label: string }
      expect(SearchIndex.loadBinary(rebuilt, label).size, what).toBe(SearchIndex.loadBinary(good, label).size)
      await expect(stat(join(dir, 'search-index.json'))).rejects.toThrow(/ENOENT/)
    }
  })

  it('gives up an index build under way when it closes, and builds it again at the next start', async () => {
    const dir = await tempDir()
    const lectern = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    const papers = generateLibrary(2000, 21)
    await lectern.store.update((tx) => {
      for (const paper of papers) tx.putPaper(paper)
    })
    // As the app starts it, in the background; quit at once.
    const building = lectern.startSearch()
    await lectern.close()
    await building
    // Not waited for, so nothing saved (2,000 papers take far longer than the few turns of a close).
    await expect(stat(join(dir, 'search-index.bin'))).rejects.toThrow(/ENOENT/)

    const again = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    await again.search.start()
    const paper = papers[1234]!
    expect(again.search.query(paper.title).indexReady).toBe(true)
    expect(ids(again, paper.title)).toContain(paper.id)
    await again.close()
    expect((await stat(join(dir, 'search-index.bin'))).size).toBeGreaterThan(0)
  })

  it('saves an index that names the library state it holds, also when a commit comes during the save', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.search.start()
    await lectern.notes.save(AYA, 'first note about marginalia')
    // A save under way (in slices), and a commit in the middle of it.
    const saving = lectern.search.flush()
    await new Promise((resolve) => setImmediate(resolve))
    await lectern.notes.save(COPILOT, 'second note about palimpsests')
    await saving
    await lectern.close()
    const saved = (await stat(join(dir, 'search-index.bin'))).mtimeMs
    // A leftover temp file of a save that was killed is not read.
    await writeFile(join(dir, '.search-index.bin.1234.abc.tmp'), 'half a file')

    const again = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    await again.search.start()
    expect(ids(again, 'marginalia')).toEqual([AYA])
    expect(ids(again, 'palimpsests')).toEqual([COPILOT])
    await again.close()
    // Loaded as saved, not rebuilt: the file's state is the library's.
    expect((await stat(join(dir, 'search-index.bin'))).mtimeMs).toBe(saved)
  })

  it('re-reads no text for a commit of head fields it does not search, but finds a new title, tag or note', async () => {
    const { lectern } = await openSeeded(await tempDir())
    try {
      await lectern.search.start()
      const papersOf = vi.spyOn(lectern.store, 'papersOf')
      const reads = () => papersOf.mock.calls.flatMap(([ids]) => [...ids])
      const putHead = (id: string, changes: Partial<PaperHead>) =>
        lectern.store.update((tx) => tx.putHead(revise(tx.head(id)!, changes, new Date())))

      // Citation key and reading state: nothing the search looks at.
      await putHead(COPILOT, { citeKey: 'zzkey2024', status: 'read', starred: true })
      expect(reads()).toEqual([])
      expect(ids(lectern, 'FRIDAY')).toEqual([COPILOT])
      expect(ids(lectern, 'zzkey2024')).toEqual([])

      await putHead(COPILOT, { title: 'Quetzalcoatl Copilot' })
      expect(reads()).toEqual([COPILOT])
      expect(ids(lectern, 'Quetzalcoatl')).toEqual([COPILOT])
      // Its texts were read again, so its summary is still found too.
      expect(ids(lectern, 'Quetzalcoatl FRIDAY')).toEqual([COPILOT])

      await lectern.papers.update({ ids: [AYA], addTags: ['axolotl'] })
      expect(ids(lectern, 'axolotl')).toEqual([AYA])
      await lectern.notes.save(AYA, 'see the marginalia')
      expect(ids(lectern, 'marginalia')).toEqual([AYA])

      // Deleted by a head-only commit: no longer found.
      await lectern.store.update((tx) => tx.putHead(tombstone(tx.head(COPILOT)!, new Date())))
      expect(ids(lectern, 'FRIDAY')).toEqual([])
    } finally {
      await lectern.close()
    }
  })
})

const FIDDLER = '2402.07033'

describe('searching for a paper by id, link or DOI', () => {
  it('finds the paper named by arXiv id (any version), arXiv or Hugging Face link, or DOI, first', async () => {
    const { lectern } = await seedPapers(await tempDir(), { metadata: true })
    for (const ready of [false, true]) {
      if (ready) await lectern.search.start()
      for (const q of [
        FIDDLER,
        `${FIDDLER}v1`,
        `arXiv:${FIDDLER}`,
        `https://arxiv.org/abs/${FIDDLER}v2`,
        `https://arxiv.org/pdf/${FIDDLER}`,
        `https://huggingface.co/papers/${FIDDLER}`,
        `10.48550/arXiv.${FIDDLER}`,
      ]) {
        const result = lectern.search.query(q)
        expect([q, result.hits.map((h) => h.id), result.total]).toEqual([q, [FIDDLER], 1])
      }
      expect(ids(lectern, 'https://doi.org/10.5555/lectern.2402.06859')).toEqual(['2402.06859'])
      // With more words, the named paper leads and the words' own hits follow.
      const mixed = ids(lectern, `${AYA} FRIDAY `)
      expect(mixed).toEqual([AYA, COPILOT])
      expect(lectern.search.query(`${AYA} FRIDAY `).total).toBe(2)
      // Filters still apply; a paper not in the library is simply not found (not "everything").
      expect(ids(lectern, `${FIDDLER} is:read`)).toEqual([])
      expect(ids(lectern, '2101.00001')).toEqual([])
    }
    await lectern.close()
  })

  it('finds old-style ids', async () => {
    const lectern = await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
    await lectern.digests.importPaths([join(import.meta.dirname, '../../fixtures/digests/ids.md')])
    await lectern.search.start()
    expect(ids(lectern, 'hep-th/9901001')).toEqual(['hep-th/9901001'])
    expect(ids(lectern, 'https://arxiv.org/abs/math.GT/0309136v1')).toEqual(['math.GT/0309136'])
    await lectern.close()
  })
})

describe('how many papers a search matched', () => {
  it('says the total and whether the hits were cut, for text and filter-only queries', async () => {
    const { lectern } = await openSeeded(await tempDir())
    await lectern.search.start()
    const all = lectern.search.query('is:unread', 'all')
    expect([all.hits.length, all.total, all.truncated]).toEqual([16, 16, false])
    const cut = lectern.search.query('is:unread', 5)
    expect([cut.hits.length, cut.total, cut.truncated]).toEqual([5, 16, true])
    const model = lectern.search.query('model ', 'all')
    expect(model.total).toBe(model.hits.length)
    expect(model.total).toBeGreaterThan(2)
    const top = lectern.search.query('model ', 2)
    expect([top.hits.length, top.total, top.truncated]).toEqual([2, model.total, true])
    expect(top.hits.map((h) => h.id)).toEqual(model.hits.slice(0, 2).map((h) => h.id))
    await lectern.close()
  })

  it('without rows, filter-only hits come as the first page of ids and a count; word hits keep their rows', async () => {
    const { lectern, api } = await openSeeded(await tempDir())
    await lectern.search.start()
    const withRows = lectern.search.query('is:unread', 5)
    const idsOnly = await api.call('search:query', { q: 'is:unread', limit: 5, rows: false })
    expect(idsOnly.hits).toEqual([])
    expect(idsOnly.ids).toEqual(withRows.hits.map((h) => h.id))
    expect(withRows.ids).toEqual(idsOnly.ids)
    expect([idsOnly.total, idsOnly.truncated]).toEqual([16, true])
    // An arXiv id names a paper: pinned first, as an id alone.
    const named = lectern.search.query(AYA, 5, { rows: false })
    expect([named.ids, named.hits, named.total]).toEqual([[AYA], [], 1])
    // Words are ranked and marked: their hits still bring rows with their terms.
    const words = lectern.search.query('is:unread model ', 'all', { rows: false })
    expect(words.hits.map((h) => h.id)).toEqual(words.ids)
    expect(words.ids).toEqual(lectern.search.query('is:unread model ', 'all').ids)
    expect(words.hits.every((h) => h.terms.length > 0)).toBe(true)
    await lectern.close()
  })

  it(
    'lectern search --json returns every match of is:unread in a 5,000-paper library, or says the total with --limit',
    { timeout: 240_000 },
    async () => {
      const dir = await tempDir()
      const lectern = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
      // As a fresh import leaves them: all unread.
      const papers = generateLibrary(5000, 20).map((p) => ({ ...p, status: 'unread' as const }))
      await lectern.store.update((tx) => {
        for (const paper of papers) tx.putPaper(paper)
      })
      await lectern.close()
      const all = await cli('search', 'is:unread', '--json', '--data', dir)
      expect(all.code).toBe(0)
      const result = JSON.parse(all.stdout) as { total: number; truncated: boolean; hits: { id: string }[] }
      expect([result.total, result.truncated, result.hits.length]).toEqual([5000, false, 5000])
      expect(new Set(result.hits.map((h) => h.id)).size).toBe(5000)
      const limited = JSON.parse(
        (await cli('search', 'is:unread', '--limit', '20', '--json', '--data', dir)).stdout,
      )
      expect([limited.total, limited.truncated, limited.hits.length]).toEqual([5000, true, 20])
      const byId = JSON.parse((await cli('search', papers[1234]!.id, '--json', '--data', dir)).stdout)
      expect(byId.hits.map((h: { id: string }) => h.id)).toEqual([papers[1234]!.id])
    },
  )
})
