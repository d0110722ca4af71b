import { cp, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Paper } from '../../../src/shared/domain'
import { LibraryStore, type Tx } from '../../../src/main/core/store/libraryStore'
import type { PaperHead } from '../../../src/main/core/store/paperParts'
import { textShardOf } from '../../../src/main/core/store/schema'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** A library of `count` generated papers (spread over most text shards), written and closed. */
async function library(count: number): Promise<{ dir: string; papers: Paper[] }> {
  const dir = await tempDir()
  const papers = generateLibrary(count, 7)
  const store = await LibraryStore.open(dir)
  await store.update((tx) => {
    for (const paper of papers) tx.putPaper(paper)
  })
  return { dir, papers }
}

/** What an import does to each paper: reads the whole paper, writes it back changed. */
function retitle(paper: Paper | undefined, suffix: string): Paper {
  if (!paper) throw new Error('paper missing')
  return {
    ...paper,
    rev: paper.rev + 1,
    title: `${paper.title} ${suffix}`,
    appearances: paper.appearances.map((a) => ({ ...a, summary: [...a.summary, suffix] })),
  }
}

async function filesOf(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const folder of ['papers', 'texts']) {
    for (const name of await readdir(join(dir, folder)))
      files[`${folder}/${name}`] = await readFile(join(dir, folder, name), 'utf8')
  }
  return files
}

describe('text shards read ahead of a transaction (textsOf)', () => {
  it('gives the same library as reading them when asked for, in memory and on disk', async () => {
    const { dir, papers } = await library(300)
    const ids = papers.slice(0, 200).map((p) => p.id)
    expect(new Set(ids.map(textShardOf)).size).toBeGreaterThan(100)
    const other = await tempDir()
    await cp(dir, other, { recursive: true })

    // Freshly opened: no text is in memory, every shard comes from disk.
    const ahead = await LibraryStore.open(dir)
    const asked = await LibraryStore.open(other)
    const change = (tx: Tx) => {
      for (const id of ids) tx.putPaper(retitle(tx.paper(id), 'v2'))
      return ids.map((id) => tx.paper(id)?.appearances[0]?.summary.at(-1))
    }
    const seenAhead = await ahead.update(change, { textsOf: ids })
    const seenAsked = await asked.update(change)

    expect(seenAhead).toEqual(seenAsked)
    expect(seenAhead.every((s) => s === undefined || s === 'v2')).toBe(true)
    expect([...ahead.papersOf(ids)]).toEqual([...asked.papersOf(ids)])
    expect(await filesOf(dir)).toEqual(await filesOf(other))
    const reopened = await LibraryStore.open(dir)
    expect(reopened.paper(ids[0] as string)?.title).toMatch(/ v2$/)
    expect(reopened.paper(papers[250]?.id as string)).toEqual(papers[250])
  })

  it('runs transactions that arrive together in order, each seeing the one before', async () => {
    const { dir, papers } = await library(120)
    const store = await LibraryStore.open(dir)
    const ids = papers.slice(0, 60).map((p) => p.id)
    // Started together: the first is reading its shards when the others arrive.
    const rounds = ['a', 'b', 'c', 'd'].map((suffix, i) =>
      store.update(
        (tx) => {
          for (const id of ids.slice(i * 10, i * 10 + 40)) tx.putPaper(retitle(tx.paper(id), suffix))
          return suffix
        },
        { textsOf: ids.slice(i * 10, i * 10 + 40) },
      ),
    )
    // One without read-ahead, in the middle of them, on the same papers.
    const plain = store.update((tx) => tx.putPaper(retitle(tx.paper(ids[35] as string), 'plain')))
    expect(await Promise.all(rounds)).toEqual(['a', 'b', 'c', 'd'])
    await plain

    const reopened = await LibraryStore.open(dir)
    const titleOf = (i: number) => reopened.paper(ids[i] as string)?.title ?? ''
    const original = (i: number) => papers[i]?.title ?? ''
    expect(titleOf(0)).toBe(`${original(0)} a`)
    expect(titleOf(15)).toBe(`${original(15)} a b`)
    expect(titleOf(35)).toBe(`${original(35)} a b c d plain`)
    expect(titleOf(45)).toBe(`${original(45)} b c d`)
    expect(titleOf(59)).toBe(`${original(59)} c d`)
    expect(reopened.paper(ids[35] as string)?.appearances[0]?.summary.slice(-5)).toEqual(
      papers[35]?.appearances[0] ? ['a', 'b', 'c', 'd', 'plain'] : undefined,
    )
  })

  it('keeps only the named entries of a shard, yet sees and writes the whole of it', async () => {
    const { dir, papers } = await library(600)
    // Two papers sharing a text file: one named, one not.
    const byShard = new Map<string, Paper[]>()
    for (const p of papers) byShard.set(textShardOf(p.id), [...(byShard.get(textShardOf(p.id)) ?? []), p])
    const [named, unnamed, untouched] = [...byShard.values()].find((ps) => ps.length >= 3) as [
      Paper,
      Paper,
      Paper,
    ]
    const other = await tempDir()
    await cp(dir, other, { recursive: true })
    const ahead = await LibraryStore.open(dir)
    const asked = await LibraryStore.open(other)

    const seen: (string | undefined)[] = []
    const change = function* (tx: Tx) {
      tx.putPaper(retitle(tx.paper(named.id), 'named'))
      yield
      // Not named: its text is read when asked for, as it was before the change.
      seen.push(tx.paper(unnamed.id)?.appearances[0]?.summary.join(' '))
      tx.putPaper(retitle(tx.paper(unnamed.id), 'unnamed'))
      yield
    }
    // Derived data (the search index) reads the commit's papers as it is told of it: the new texts.
    const told: Paper[][] = []
    ahead.onCommit(() => told.push([...ahead.papersOf([named.id, unnamed.id, untouched.id])]))
    const run = ahead.updateInSteps(change, { textsOf: [named.id] })
    // A reader while the commit is in flight sees every text of the shard as it was.
    const during: (Paper | undefined)[] = []
    const look = setInterval(() => during.push(ahead.paper(untouched.id), ahead.paper(unnamed.id)), 1)
    await run
    clearInterval(look)
    await asked.updateInSteps(change)

    expect(during.length).toBeGreaterThan(0)
    expect(seen[0]).toBe(seen[1])
    expect(seen[0]).toBe(unnamed.appearances[0]?.summary.join(' '))
    for (const paper of during)
      expect([untouched, unnamed, retitle(unnamed, 'unnamed')]).toContainEqual(paper)
    // (papersOf gives the texts it remembers first: compared by id.)
    const byId = (ps: Paper[]) => [...ps].sort((a, b) => a.id.localeCompare(b.id))
    expect(told.map(byId)).toEqual([byId([retitle(named, 'named'), retitle(unnamed, 'unnamed'), untouched])])
    expect(await filesOf(dir)).toEqual(await filesOf(other))
    const reopened = await LibraryStore.open(dir)
    expect(reopened.paper(untouched.id)).toEqual(untouched)
    expect(reopened.paper(named.id)).toEqual(retitle(named, 'named'))
    expect(reopened.paper(unnamed.id)).toEqual(retitle(unnamed, 'unnamed'))
  })

  it('fails only the change whose shard cannot be read, naming the file; nothing else is lost', async () => {
    const { dir, papers } = await library(200)
    const store = await LibraryStore.open(dir)
    const [broken, fine] = [
      papers[0] as Paper,
      papers.find((p) => textShardOf(p.id) !== textShardOf(papers[0]?.id ?? '')) as Paper,
    ]
    const brokenPath = join(dir, 'texts', `${textShardOf(broken.id)}.json`)
    // Damaged after the store opened (its check at open passed).
    await writeFile(brokenPath, '{"format":"lectern-texts","version":2,"texts":{')

    const failing = store.update((tx) => tx.putPaper(retitle(tx.paper(broken.id), 'lost')), {
      textsOf: [broken.id],
    })
    const passing = store.update((tx) => tx.putPaper(retitle(tx.paper(fine.id), 'kept')), {
      textsOf: [fine.id],
    })
    await expect(failing).rejects.toThrow(brokenPath)
    await passing

    expect(store.head(broken.id)?.title).toBe(broken.title)
    expect(store.paper(fine.id)?.title).toBe(`${fine.title} kept`)
    // The damaged file was left as it was, for the next open to recover from its backup.
    expect(await readFile(brokenPath, 'utf8')).toBe('{"format":"lectern-texts","version":2,"texts":{')
    // The store keeps working for everything else.
    await store.update((tx) => tx.putHead({ ...(tx.head(fine.id) as PaperHead), starred: true, rev: 99 }))
    const reopened = await LibraryStore.open(dir, { readOnly: true }).catch((error: Error) => error)
    expect(reopened).toBeInstanceOf(Error)
    expect((reopened as Error).message).toContain(brokenPath)
  })

  it('reads a shard that does not exist yet as an empty one', async () => {
    const dir = await tempDir()
    const store = await LibraryStore.open(dir)
    const [paper] = generateLibrary(1, 3)
    await store.update(
      (tx) => {
        expect(tx.paper(paper?.id as string)).toBeUndefined()
        tx.putPaper(paper as Paper)
      },
      { textsOf: [paper?.id as string] },
    )
    expect((await LibraryStore.open(dir)).paper(paper?.id as string)).toEqual(paper)
  })
})
