import { cp, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Paper } from '../../../src/shared/domain'
import { DigestImporter } from '../../../src/main/core/digests/digestImporter'
import { EventBus } from '../../../src/main/core/events'
import { LibraryStore, type Tx } from '../../../src/main/core/store/libraryStore'
import { generateDigest } from '../../fixtures/digests/generateDigest'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** A library of `count` generated papers, written and closed. */
async function library(count: number): Promise<{ dir: string; papers: Paper[] }> {
  const dir = await tempDir()
  const papers = generateLibrary(count, 11)
  const store = await LibraryStore.open(dir)
  await store.update((tx) => {
    for (const paper of papers) tx.putPaper(paper)
  })
  return { dir, papers }
}

function retitled(paper: Paper | undefined, suffix: string): Paper {
  if (!paper) throw new Error('paper missing')
  return { ...paper, rev: paper.rev + 1, title: `${paper.title} ${suffix}` }
}

async function filesOf(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const folder of ['papers', 'texts', 'notes']) {
    for (const name of await readdir(join(dir, folder)).catch(() => [] as string[]))
      files[`${folder}/${name}`] = await readFile(join(dir, folder, name), 'utf8')
  }
  return files
}

/**
 * Runs `check` at every turn of the event loop until `work` settles: what a request arriving
 * meanwhile would have seen.
 */
async function watchWhile<T>(work: Promise<T>, check: () => void): Promise<{ result: T; turns: number }> {
  let done = false
  let turns = 0
  const settled = work.finally(() => (done = true))
  await new Promise<void>((resolve, reject) => {
    const look = () => {
      try {
        check()
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)))
        return
      }
      turns++
      if (done) resolve()
      else setImmediate(look)
    }
    look()
  })
  return { result: await settled, turns }
}

/** Busy for about `ms`: a step long enough for the store to let the event loop turn after it. */
function busy(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // spinning on purpose: the step's own work
  }
}

describe('a change made in steps (updateInSteps)', () => {
  it('writes the same library as the same change made in one go', async () => {
    const { dir, papers } = await library(200)
    const other = await tempDir()
    await cp(dir, other, { recursive: true })
    const ids = papers.slice(0, 150).map((p) => p.id)
    const once = await LibraryStore.open(dir)
    const stepped = await LibraryStore.open(other)

    const inOneGo = await once.update(
      (tx: Tx) => {
        for (const id of ids) tx.putPaper(retitled(tx.paper(id), 'v2'))
        return ids.map((id) => tx.paper(id)?.title)
      },
      { textsOf: ids },
    )
    const inSteps = await stepped.updateInSteps(
      function* (tx) {
        for (const id of ids) {
          tx.putPaper(retitled(tx.paper(id), 'v2'))
          busy(2)
          yield
        }
        return ids.map((id) => tx.paper(id)?.title)
      },
      { textsOf: ids },
    )

    expect(inSteps).toEqual(inOneGo)
    expect([...stepped.papersOf(ids)]).toEqual([...once.papersOf(ids)])
    expect(await filesOf(other)).toEqual(await filesOf(dir))
  })

  it('is all or nothing to readers while it runs, and writes queued meanwhile come after it', async () => {
    const { dir, papers } = await library(120)
    const store = await LibraryStore.open(dir)
    const ids = papers.slice(0, 100).map((p) => p.id)
    const commits: number[] = []
    store.onCommit((change) => commits.push(change.papers.size))
    let started = false
    const changed = () => ids.filter((id) => store.head(id)?.title.endsWith(' v2')).length
    const texts = () => ids.filter((id) => store.paper(id)?.title.endsWith(' v2')).length

    let late: Promise<string | undefined> | null = null
    const { result, turns } = await watchWhile(
      store.updateInSteps(
        function* (tx) {
          started = true
          for (const id of ids) {
            tx.putPaper(retitled(tx.paper(id), 'v2'))
            busy(2)
            yield
          }
          return 'done'
        },
        { textsOf: ids },
      ),
      () => {
        // Every reader sees either none of the change or all of it, heads and texts alike.
        const seen = [changed(), texts()]
        expect([
          [0, 0],
          [ids.length, ids.length],
        ]).toContainEqual(seen)
        // A write asked for in the middle waits for the stepped one, and sees it.
        if (started && !late && seen[0] === 0) late = store.update((tx) => tx.head(ids[0] as string)?.title)
      },
    )
    expect(result).toBe('done')
    // The event loop turned during the steps (about 200 ms of them), not only before and after.
    expect(turns).toBeGreaterThan(3)
    expect(late).not.toBeNull()
    expect(await late).toMatch(/ v2$/)
    expect(commits[0]).toBe(ids.length)
  })

  it('that fails at a step writes nothing of it and loses nothing written before', async () => {
    const { dir, papers } = await library(80)
    const store = await LibraryStore.open(dir)
    const [first, ...rest] = papers.map((p) => p.id) as [string, ...string[]]
    await store.update((tx) => tx.putPaper(retitled(tx.paper(first), 'saved')))
    const before = await filesOf(dir)
    const commits: number[] = []
    store.onCommit((change) => commits.push(change.papers.size))

    await expect(
      store.updateInSteps(
        function* (tx) {
          for (const [i, id] of rest.entries()) {
            if (i === 40) throw new Error('the disk of the source went away')
            tx.putPaper(retitled(tx.paper(id), 'lost'))
            busy(1)
            yield
          }
        },
        { textsOf: rest },
      ),
    ).rejects.toThrow('the disk of the source went away')

    expect(commits).toEqual([])
    expect(await filesOf(dir)).toEqual(before)
    expect(rest.filter((id) => store.paper(id)?.title.endsWith(' lost'))).toEqual([])
    const reopened = await LibraryStore.open(dir)
    expect(reopened.paper(first)?.title).toMatch(/ saved$/)
    // The store goes on: the next write is made.
    await store.update((tx) => tx.putPaper(retitled(tx.paper(rest[0] as string), 'next')))
    expect(store.paper(rest[0] as string)?.title).toMatch(/ next$/)
  })
})

describe('a digest import', () => {
  it('merges in steps, and readers see none or all of its papers', async () => {
    const store = await LibraryStore.open(await tempDir())
    const importer = new DigestImporter({
      store,
      events: new EventBus(),
      now: () => new Date('2031-02-01T00:00:00Z'),
      newId: () => 'unused',
    })
    const days = Array.from({ length: 30 }, (_, i) => {
      const day = new Date(Date.UTC(2031, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
      return { name: `${day}.md`, text: generateDigest(day, 20, i + 1, { startIndex: 700_000 + i * 20 }) }
    })
    const counts = new Set<number>()
    const { result } = await watchWhile(importer.importTexts(days), () => {
      counts.add([...store.allHeads()].length)
    })
    expect(result.added).toBe(600)
    // Parsing turns the loop too; what matters is that no reader saw part of the merge.
    expect([...counts].sort((a, b) => a - b)).toEqual([0, 600])
  })
})
