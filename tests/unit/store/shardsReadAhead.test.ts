import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** A library whose papers fill many shards, written and closed; its papers' shard files, in order. */
async function library(): Promise<{ dir: string; shards: string[] }> {
  const dir = await tempDir()
  const papers = generateLibrary(300, 11)
  const store = await LibraryStore.open(dir)
  await store.update((tx) => {
    for (const paper of papers) tx.putPaper(paper)
  })
  await store.snapshot('2026-01-01')
  const shards = (await readdir(join(dir, 'papers'))).filter((name) => name.endsWith('.json')).sort()
  return { dir, shards }
}

describe('the papers shards, read ahead of their parsing', () => {
  it('open as before: every paper of every shard', async () => {
    const { dir, shards } = await library()
    expect(shards.length).toBeGreaterThan(8)
    const store = await LibraryStore.open(dir)
    expect(Object.keys(store.files()).filter((file) => file.startsWith('papers/'))).toHaveLength(
      shards.length,
    )
    expect([...store.allHeads()]).toHaveLength(300)
  })

  it('an unreadable shard among them fails the open naming it, and the reads started after it are let go', async () => {
    const { dir, shards } = await library()
    // Folders where the files were: reading them fails (EISDIR). The second one's read is in flight
    // when the first one's fails the open, and is never awaited.
    const [bad, next] = [shards[2], shards[4]].map((name) => join(dir, 'papers', name as string))
    for (const path of [bad as string, next as string]) {
      await rm(path)
      await mkdir(path)
    }
    await expect(LibraryStore.open(dir)).rejects.toThrow(bad)
  })

  it('a corrupt shard among them is restored from its backup, the others opened as they are', async () => {
    const { dir, shards } = await library()
    await writeFile(join(dir, 'papers', shards[3] as string), 'not JSON')
    const store = await LibraryStore.open(dir)
    expect(store.recovered.map((r) => r.file)).toEqual([join(dir, 'papers', shards[3] as string)])
    expect([...store.allHeads()]).toHaveLength(300)
  })
})
