import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { serialize } from '../../../src/main/core/store/durableFile'
import { encodeInSlices } from '../../../src/main/core/store/encodeInSlices'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

const sameBytes = async (data: unknown) =>
  expect((await encodeInSlices(data)).equals(Buffer.from(serialize(data)))).toBe(true)

describe('a store file encoded a slice at a time', () => {
  it('is byte for byte what JSON.stringify writes, whatever the file holds', async () => {
    const nullProto = Object.assign(Object.create(null) as object, { b: 1, a: [1, { c: 'ü' }] })
    const records: Record<string, unknown> = {}
    for (let i = 0; i < 300; i++)
      records[`id${i}`] = { id: `id${i}`, title: `T\u00e9\u{1F600} "${i}"\n`, n: i }
    records.gone = undefined
    records.fn = () => 1
    await sameBytes({ format: 'x', version: 2, papers: records, attachments: {}, notes: nullProto })
    await sameBytes({
      skipped: undefined,
      at: new Date(0),
      list: [1, 2],
      empty: {},
      nested: { deep: { a: 1 } },
    })
    await sameBytes({})
    await sameBytes({ only: undefined })
    await sameBytes([{ a: 1 }])
    await sameBytes('text')
    await sameBytes(null)
    await sameBytes({ withToJSON: { toJSON: () => 'custom', a: 1 } })
  })

  it("is what the store wrote for each of a library's files", async () => {
    const dir = await tempDir()
    const store = await LibraryStore.open(dir)
    await store.update((tx) => generateLibrary(600, 5).forEach((paper) => tx.putPaper(paper)))
    let compared = 0
    for (const [path, data] of Object.entries(store.files())) {
      // library.json is written at its first change only.
      const bytes = await readFile(join(dir, path)).catch(() => null)
      if (!bytes) continue
      expect((await encodeInSlices(data)).equals(bytes)).toBe(true)
      compared++
    }
    expect(compared).toBeGreaterThan(64)
  })

  it('lets a save queued meanwhile commit after a large commit, both loadable on the next open', async () => {
    const dir = await tempDir()
    const store = await LibraryStore.open(dir)
    const papers = generateLibrary(3000, 8)
    // The import's commit encodes every file (a slice at a time); the note save waits for it.
    const imported = store.update((tx) => papers.forEach((paper) => tx.putPaper(paper)))
    let noteSaved = false
    const saved = store
      .update((tx) =>
        tx.putNote({ id: papers[0]!.id, paperId: papers[0]!.id, rev: 1, updatedAt: 'now', text: 'n' }),
      )
      .then(() => (noteSaved = true))
    await imported
    await saved
    expect(noteSaved).toBe(true)
    const again = await LibraryStore.open(dir)
    expect([...again.allHeads()].length).toBe(papers.length)
    expect(again.note(papers[0]!.id)?.text).toBe('n')
    expect(again.paper(papers[2999]!.id)).toEqual(papers[2999])
    expect(again.quarantined).toEqual([])
  })
})
