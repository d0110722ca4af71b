import { describe, expect, it } from 'vitest'
import { openReplica, readByIds, type Database } from '../../../src/main/core/sync/replica'
import { useTempDirs } from '../support/tempDir'

/** `readByIds` must say what `allDocs({ keys, include_docs })` says, one `get` per id. */
describe('readByIds', () => {
  const tempDir = useTempDirs()

  async function replicaWith(count: number): Promise<Database> {
    const db = await openReplica(await tempDir())
    const docs = Array.from({ length: count }, (_, i) => ({ _id: `paper:${i}`, title: `Paper ${i}` }))
    await db.bulkDocs(docs)
    return db
  }

  it('reads the same documents and revisions as allDocs, in the order asked, across parallel batches', async () => {
    const db = await replicaWith(150)
    try {
      await db.bulkDocs([{ ...(await db.get('paper:7')), title: 'Edited' }])
      const ids = Array.from({ length: 150 }, (_, i) => `paper:${149 - i}`)
      const read = await readByIds(db, ids)
      const { rows } = await db.allDocs({ keys: ids, include_docs: true })
      expect(read.map((r) => r.id)).toEqual(ids)
      expect(read).toEqual(rows.map((row) => ({ id: row.key, rev: row.value.rev, doc: row.doc })))
      expect(read.find((r) => r.id === 'paper:7')?.doc?.title).toBe('Edited')
      expect(read.find((r) => r.id === 'paper:7')?.rev).toMatch(/^2-/)
    } finally {
      await db.close()
    }
  })

  it('gives missing ids no revision and deleted documents their deletion revision without a body', async () => {
    const db = await replicaWith(3)
    try {
      const gone = await db.get('paper:1')
      const [deletion] = await db.bulkDocs([{ _id: 'paper:1', _rev: gone._rev, _deleted: true }])
      const read = await readByIds(db, ['paper:0', 'nothing:here', 'paper:1', 'paper:2'])
      expect(read.map((r) => [r.id, r.rev === null, r.doc === null])).toEqual([
        ['paper:0', false, false],
        ['nothing:here', true, true],
        ['paper:1', false, true],
        ['paper:2', false, false],
      ])
      expect(read[2]?.rev).toBe(deletion?.rev)
      expect(await readByIds(db, [])).toEqual([])
    } finally {
      await db.close()
    }
  })
})
