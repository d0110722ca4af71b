import { describe, expect, it } from 'vitest'
import { assignCiteKeys } from '../../../src/main/core/export/citeKeys'
import { CITE_KEY_SLICE } from '../../../src/main/core/library/citeKeyService'
import { Lectern } from '../../../src/main/core/lectern'
import { shardOf } from '../../../src/main/core/store/schema'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** A Lectern on a fresh dir holding `count` generated papers, none of them keyed yet. */
async function openWithPapers(count: number) {
  const dataDir = await tempDir()
  const lectern = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
  const papers = generateLibrary(count, 3).map(({ citeKey: _key, ...paper }) => paper)
  await lectern.store.update((tx) => papers.forEach((paper) => tx.putPaper(paper)))
  return { lectern, papers, dataDir }
}

const storedKeys = (lectern: Lectern) =>
  new Map([...lectern.store.allHeads()].map((head) => [head.id, head.citeKey]))

describe('citation keys given a slice at a time', () => {
  it('are stored one paper file a commit, and are the keys one pass over the whole library gives', async () => {
    const { lectern, papers } = await openWithPapers(CITE_KEY_SLICE * 2 + 100)
    const commits: string[][] = []
    lectern.store.onCommit((change) => commits.push([...change.papers]))
    try {
      expect(await lectern.citeKeys.assignMissing()).toBe(papers.length)
      const files = commits.map((ids) => new Set(ids.map((id) => shardOf(id))))
      expect(files.every((file) => file.size === 1)).toBe(true)
      expect(new Set(files.flatMap((file) => [...file])).size).toBe(commits.length)
      expect(commits.flat().length).toBe(papers.length)
      expect(storedKeys(lectern)).toEqual(assignCiteKeys(papers, new Set()))
      expect(lectern.citeKeys.anyMissing()).toBe(false)
    } finally {
      await lectern.close()
    }
  })

  it('stop at close: no commit comes after close() resolves, and the next open goes on', async () => {
    const { lectern, papers, dataDir } = await openWithPapers(CITE_KEY_SLICE * 2 + 100)
    let commits = 0
    let closed = false
    let afterClose = 0
    lectern.store.onCommit(() => {
      commits++
      if (closed) afterClose++
    })
    const run = lectern.citeKeys.assignMissing()
    await lectern.close()
    closed = true
    const given = await run
    expect(afterClose).toBe(0)
    expect(given).toBeLessThan(papers.length)
    expect(commits).toBeLessThan(64)
    const again = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
    try {
      expect(await again.citeKeys.assignMissing()).toBe(papers.length - given)
      expect(again.citeKeys.anyMissing()).toBe(false)
    } finally {
      await again.close()
    }
  })

  it('go on where a run cut short stopped, keeping the keys it gave', async () => {
    const { lectern, papers } = await openWithPapers(CITE_KEY_SLICE + 200)
    try {
      // What a run stopped part-way left: the papers of some files keyed, the others not.
      const whole = assignCiteKeys(papers, new Set())
      const kept = [...whole].filter(([id]) => shardOf(id) < '20')
      await lectern.store.update((tx) => {
        for (const [id, citeKey] of kept) tx.putHead({ ...tx.head(id)!, citeKey })
      })
      expect(await lectern.citeKeys.assignMissing()).toBe(papers.length - kept.length)
      const keys = storedKeys(lectern)
      for (const [id, key] of kept) expect(keys.get(id)).toBe(key)
      expect(new Set(keys.values()).size).toBe(papers.length)
      expect([...keys.values()].every((key) => typeof key === 'string')).toBe(true)
    } finally {
      await lectern.close()
    }
  })

  it('key papers that arrive while a run is under way, without giving a key twice', async () => {
    const { lectern, papers } = await openWithPapers(CITE_KEY_SLICE * 2)
    const [late] = generateLibrary(1, 99).map(({ citeKey: _key, ...paper }) => ({
      ...paper,
      id: '2999.00001',
      arxivId: '2999.00001',
      // Keyed like the first paper of the library: it must get another key.
      title: papers[0]!.title,
      authors: papers[0]!.authors,
      meta: papers[0]!.meta,
      appearances: papers[0]!.appearances,
      addedAt: '2999-01-01T00:00:00Z',
    }))
    let arrived: Promise<void> | null = null
    const stop = lectern.store.onCommit(() => {
      // Arrives right after the run's first slice, once.
      arrived ??= lectern.store.update((tx) => tx.putPaper(late!))
    })
    try {
      expect(await lectern.citeKeys.assignMissing()).toBe(papers.length + 1)
      await arrived
      const keys = [...storedKeys(lectern).values()]
      expect(keys.every((key) => typeof key === 'string')).toBe(true)
      expect(new Set(keys).size).toBe(keys.length)
      expect(lectern.store.head(late!.id)?.citeKey).toMatch(/[b-z]$/)
    } finally {
      stop()
      await lectern.close()
    }
  })
})
