import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** Counts turns of the event loop while `work` runs: work done in slices lets many through. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0
  let ticking = true
  const tick = () => {
    turns++
    if (ticking) setImmediate(tick)
  }
  setImmediate(tick)
  await work()
  ticking = false
  return turns
}

describe('the search index works in slices of the event loop', () => {
  it(
    'builds, indexes a large import, writes and loads the index a slice at a time, answering the same',
    { timeout: 240_000 },
    async () => {
      const dir = await tempDir()
      const lectern = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
      const [first, imported] = [generateLibrary(3000, 21), generateLibrary(3400, 22).slice(3000)]
      await lectern.store.update((tx) => first.forEach((p) => tx.putPaper(p)))
      expect(await turnsDuring(() => lectern.search.start())).toBeGreaterThan(5)

      // 400 papers in one commit: more than are indexed at once, so they are queued and indexed in
      // slices; a flush waits for them before it writes.
      await lectern.store.update((tx) => imported.forEach((p) => tx.putPaper(p)))
      expect(await turnsDuring(() => lectern.search.flush())).toBeGreaterThan(5)
      const probe = imported.map((p) => p.title).slice(0, 20)
      const answers = probe.map((title) => lectern.search.query(`${title} `, 5).hits.map((h) => h.id))
      imported.slice(0, 20).forEach((paper, i) => expect(answers[i]).toContain(paper.id))
      await lectern.close()
      const saved = (await stat(join(dir, 'search-index.bin'))).mtimeMs

      // Loaded (not rebuilt: the file is not written again), in slices too.
      const again = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
      expect(await turnsDuring(() => again.search.start())).toBeGreaterThan(5)
      expect(probe.map((title) => again.search.query(`${title} `, 5).hits.map((h) => h.id))).toEqual(answers)
      expect(again.search.query('is:unread', 1).indexReady).toBe(true)
      await again.close()
      expect((await stat(join(dir, 'search-index.bin'))).mtimeMs).toBe(saved)
    },
  )
})
