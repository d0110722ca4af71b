import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Paper } from '../../../src/shared/domain'
import { Lectern } from '../../../src/main/core/lectern'
import { bundleOf, restoreBundle } from '../../../src/main/core/store/bundle'
import { examineStore } from '../../../src/main/core/store/doctor'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { joinPaper, splitPaper } from '../../../src/main/core/store/paperParts'
import { shardOf, textShardOf } from '../../../src/main/core/store/schema'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

const ABSTRACT = 'We study how readers keep years of notes without losing a single one.'

/** A paper with everything a text holds: an arXiv record and two digest appearances. */
function wholePaper(id: string): Paper {
  const at = '2024-02-13T00:00:00.000Z'
  return {
    id,
    rev: 3,
    updatedAt: at,
    arxivId: id,
    url: `https://arxiv.org/abs/${id}`,
    title: 'Durable Notebooks',
    authors: ['Ada Lovelace', 'Kim Minji'],
    authorsElided: false,
    appearances: [
      {
        date: '2024-02-12',
        position: 3,
        votes: 12,
        title: 'Durable notebooks (preprint)',
        authors: ['Ada Lovelace'],
        authorsElided: true,
        summary: ['노트를 잃지 않는 방법을 연구합니다.'],
        media: { kind: 'image', url: 'https://cdn.example.org/t.png' },
      },
      {
        date: '2024-02-13',
        position: 0,
        votes: 40,
        title: 'Durable Notebooks',
        authors: ['Ada Lovelace', 'Kim Minji'],
        authorsElided: false,
        summary: ['첫째 요약.', '둘째 요약.'],
        media: null,
      },
    ],
    meta: {
      id,
      version: 2,
      title: 'Durable Notebooks',
      abstract: ABSTRACT,
      authors: [
        { name: 'Ada Lovelace', affiliations: ['Analytical Engines Ltd'] },
        { name: 'Kim Minji', affiliations: [] },
      ],
      published: '2024-02-10T00:00:00Z',
      updated: '2024-02-11T00:00:00Z',
      primaryCategory: 'cs.DL',
      categories: ['cs.DL', 'cs.HC'],
      doi: '10.1000/xyz',
      journalRef: null,
      comment: '12 pages',
      absUrl: `https://arxiv.org/abs/${id}v2`,
      pdfUrl: `https://arxiv.org/pdf/${id}v2`,
    },
    metaStatus: { state: 'ok', at },
    addedAt: at,
    status: 'reading',
    starred: true,
    tags: ['store'],
    lastOpenedAt: null,
  }
}

/** Writes a library exactly as Lectern 0.1 (schema 1) did: whole papers in papers/NN.json. */
async function writeSchema1Library(dir: string, papers: Paper[]): Promise<void> {
  await mkdir(join(dir, 'papers'), { recursive: true })
  await mkdir(join(dir, 'notes'), { recursive: true })
  const shards = new Map<string, Record<string, Paper>>()
  for (const p of papers) shards.set(shardOf(p.id), { ...shards.get(shardOf(p.id)), [p.id]: p })
  for (const [key, byId] of shards)
    await writeFile(
      join(dir, 'papers', `${key}.json`),
      JSON.stringify({ format: 'lectern-papers', version: 1, papers: byId, attachments: {} }),
    )
  const note = { id: papers[0]!.id, paperId: papers[0]!.id, rev: 1, updatedAt: 'x', text: 'kept' }
  await writeFile(
    join(dir, 'notes', `${shardOf(note.id)}.json`),
    JSON.stringify({
      format: 'lectern-notes',
      version: 1,
      notes: { [note.id]: note },
      annotations: {},
    }),
  )
  await writeFile(
    join(dir, 'library.json'),
    JSON.stringify({ format: 'lectern-library', version: 1, settings: {}, lists: {} }),
  )
}

describe('papers split into heads and texts (schema 2)', () => {
  it('split and join give back the same paper, with or without an arXiv record', () => {
    const paper = wholePaper('2402.00001')
    const { head, text } = splitPaper(paper)
    expect(JSON.stringify(head)).not.toContain(ABSTRACT)
    expect(JSON.stringify(head)).not.toContain('첫째')
    expect(joinPaper(head, text)).toEqual(paper)
    const bare = { ...paper, meta: null, appearances: [] }
    expect(joinPaper(splitPaper(bare).head, splitPaper(bare).text)).toEqual(bare)
  })

  it('opens a schema-1 library: papers come back whole, the files are split, the old ones kept', async () => {
    const dir = await tempDir()
    const papers = ['2402.00001', '2402.00002', '2402.00077', 'hep-th/9901001'].map(wholePaper)
    await writeSchema1Library(dir, papers)
    const v1File = join(dir, 'papers', `${shardOf(papers[0]!.id)}.json`)
    const v1Text = await readFile(v1File, 'utf8')

    const store = await LibraryStore.open(dir)
    for (const p of papers) expect(store.paper(p.id)).toEqual(p)
    expect(store.note(papers[0]!.id)?.text).toBe('kept')

    const migrated = JSON.parse(await readFile(v1File, 'utf8')) as { version: number }
    expect(migrated.version).toBe(2)
    expect(JSON.stringify(migrated)).not.toContain(ABSTRACT)
    const texts = await readFile(join(dir, 'texts', `${textShardOf(papers[0]!.id)}.json`), 'utf8')
    expect(texts).toContain(ABSTRACT)
    expect(texts).toContain('첫째 요약.')
    expect(
      await readFile(join(dir, 'backups', 'pre-v2', 'papers', `${shardOf(papers[0]!.id)}.json`), 'utf8'),
    ).toBe(v1Text)

    // Opening again finds nothing to migrate and changes nothing.
    const before = (await stat(v1File)).mtimeMs
    const again = await LibraryStore.open(dir)
    expect([...again.allPapers()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...papers].sort((a, b) => a.id.localeCompare(b.id)),
    )
    expect((await stat(v1File)).mtimeMs).toBe(before)
    expect((await examineStore(dir)).findings).toEqual([])
  })

  it('a change of the user’s own state rewrites the head shard and leaves the text shard alone', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    const id = '2402.07827'
    const textFile = join(dir, 'texts', `${textShardOf(id)}.json`)
    const textBefore = await readFile(textFile, 'utf8')
    const headFile = join(dir, 'papers', `${shardOf(id)}.json`)
    const headBefore = await readFile(headFile, 'utf8')
    await lectern.papers.update({ ids: [id], starred: true, status: 'read', addTags: ['keep'] })
    expect(await readFile(headFile, 'utf8')).not.toBe(headBefore)
    expect(await readFile(textFile, 'utf8')).toBe(textBefore)
    const { paper } = lectern.papers.get(id)
    expect(paper).toMatchObject({ starred: true, status: 'read', tags: ['keep'] })
    expect(paper.appearances[0]?.summary.length).toBeGreaterThan(0)
    await lectern.close()
  })

  it('a lost text file is reported by doctor, and its papers still open with their heads', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    const id = '2402.07827'
    const title = lectern.papers.get(id).paper.title
    await lectern.close()
    const textFile = join(dir, 'texts', `${textShardOf(id)}.json`)
    await rm(textFile)
    const doctor = await examineStore(dir)
    expect(doctor.findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining(`paper ${id} has no text`),
      }),
    )
    const reopened = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    const { paper } = reopened.papers.get(id)
    expect(paper.title).toBe(title)
    expect(paper.appearances[0]).toMatchObject({ title, summary: [] })
    await reopened.close()
  })

  it('a backup bundle carries the texts, and a restore brings them back', async () => {
    const from = await tempDir()
    const { lectern } = await openSeeded(from)
    const before = lectern.papers.get('2402.07827').paper
    const bundle = await bundleOf(lectern.store, new Date())
    await lectern.close()
    expect(Object.keys(bundle.files).some((path) => path.startsWith('texts/'))).toBe(true)

    const to = await tempDir()
    await restoreBundle(to, JSON.parse(JSON.stringify(bundle)), { force: false, now: new Date() })
    const restored = await Lectern.open({ dataDir: to, lock: { kind: 'cli' } })
    expect(restored.papers.get('2402.07827').paper).toEqual(before)
    await restored.close()
  })
})
