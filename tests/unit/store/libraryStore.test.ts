import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Paper } from '../../../src/shared/domain'
import { LecternError } from '../../../src/shared/errors'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { shardOf } from '../../../src/main/core/store/schema'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

function paper(id: string): Paper {
  const at = '2024-02-13T00:00:00.000Z'
  return {
    id,
    rev: 1,
    updatedAt: at,
    arxivId: id,
    url: `https://arxiv.org/abs/${id}`,
    title: `Paper ${id}`,
    authors: ['A. Author'],
    authorsElided: false,
    appearances: [],
    meta: null,
    metaStatus: { state: 'none' },
    addedAt: at,
    status: 'unread',
    starred: false,
    tags: [],
    lastOpenedAt: null,
  }
}

describe('LibraryStore', () => {
  it('keeps what was written across a reopen', async () => {
    const dir = await tempDir()
    const store = await LibraryStore.open(dir)
    await store.update((tx) => {
      tx.putPaper(paper('2402.00001'))
      tx.putPaper(paper('2402.00002'))
      tx.putNote({ id: '2402.00001', paperId: '2402.00001', rev: 1, updatedAt: 'x', text: 'hello' })
    })
    const reopened = await LibraryStore.open(dir)
    expect([...reopened.allPapers()].map((p) => p.id).sort()).toEqual(['2402.00001', '2402.00002'])
    expect(reopened.note('2402.00001')?.text).toBe('hello')
    expect(await readdir(dir)).not.toContain('journal.json')
  })

  it('writes only the shard that changed', async () => {
    const dir = await tempDir()
    const store = await LibraryStore.open(dir)
    await store.update((tx) => tx.putPaper(paper('2402.00001')))
    const files = await readdir(join(dir, 'papers'))
    expect(files).toEqual([`${shardOf('2402.00001')}.json`])
  })

  it('leaves memory and disk untouched when a transaction throws', async () => {
    const dir = await tempDir()
    const store = await LibraryStore.open(dir)
    await store.update((tx) => tx.putPaper(paper('2402.00001')))
    const before = await readFile(join(dir, 'papers', `${shardOf('2402.00001')}.json`), 'utf8')
    await expect(
      store.update((tx) => {
        tx.putPaper({ ...paper('2402.00001'), title: 'changed' })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(store.paper('2402.00001')?.title).toBe('Paper 2402.00001')
    expect(await readFile(join(dir, 'papers', `${shardOf('2402.00001')}.json`), 'utf8')).toBe(before)
    // and the queue still works afterwards
    await store.update((tx) => tx.putPaper(paper('2402.00003')))
    expect(store.paper('2402.00003')).toBeDefined()
  })

  it('refuses a file it cannot parse, naming it, and leaves it as it was', async () => {
    const dir = await tempDir()
    await LibraryStore.open(dir)
    await writeFile(join(dir, 'library.json'), '{"broken')
    const error = await LibraryStore.open(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LecternError)
    expect((error as LecternError).code).toBe('store-corrupt')
    expect((error as LecternError).message).toContain(join(dir, 'library.json'))
    expect(await readFile(join(dir, 'library.json'), 'utf8')).toBe('{"broken')
  })

  it('refuses a file from a newer Lectern without touching it', async () => {
    const dir = await tempDir()
    const future = JSON.stringify({ format: 'lectern-library', version: 99, settings: {}, lists: {} })
    await LibraryStore.open(dir)
    await writeFile(join(dir, 'library.json'), future)
    await expect(LibraryStore.open(dir)).rejects.toMatchObject({ code: 'store-future-version' })
    expect(await readFile(join(dir, 'library.json'), 'utf8')).toBe(future)
  })

  it('rolls a committed multi-file write forward after a crash before the renames', async () => {
    const dir = await tempDir()
    await LibraryStore.open(dir)
    // A crash after the journal was made durable but before any rename.
    const target = join(dir, 'papers', `${shardOf('2402.00009')}.json`)
    const temp = join(dir, 'papers', `.${shardOf('2402.00009')}.json.123.abc.tmp`)
    await writeFile(
      temp,
      JSON.stringify({
        format: 'lectern-papers',
        version: 1,
        papers: { '2402.00009': paper('2402.00009') },
        attachments: {},
      }),
    )
    await writeFile(join(dir, 'journal.json'), JSON.stringify({ moves: [{ from: temp, to: target }] }))
    const store = await LibraryStore.open(dir)
    expect(store.paper('2402.00009')?.title).toBe('Paper 2402.00009')
    expect(await readdir(dir)).not.toContain('journal.json')
  })

  it('drops the temp files of a write that crashed before its journal', async () => {
    const dir = await tempDir()
    await LibraryStore.open(dir)
    await writeFile(join(dir, 'papers', '.00.json.123.abc.tmp'), 'partial')
    const store = await LibraryStore.open(dir)
    expect([...store.allPapers()]).toEqual([])
    expect(await readdir(join(dir, 'papers'))).toEqual([])
  })
})
