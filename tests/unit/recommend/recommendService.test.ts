import { describe, expect, it } from 'vitest'
import { isLive, revise, tombstone } from '../../../src/main/core/library/entity'
import { Lectern } from '../../../src/main/core/lectern'
import { Recommender, recommendDocFromPaper } from '../../../src/main/core/recommend'
import type { PaperHead } from '../../../src/main/core/store/paperParts'
import type { Paper } from '../../../src/shared/domain'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** The answer of a model built in one go over the library as it is now. */
function builtAtOnce(lectern: Lectern, seeds: string[], limit: number) {
  const model = new Recommender()
  const heads = [...lectern.store.allHeads()].filter(isLive).map((h) => h.id)
  model.build([...lectern.store.papersOf(heads)].filter(isLive).map(recommendDocFromPaper))
  return model.moreLike(seeds, { limit })
}

describe('"More like these" while it learns the library', () => {
  it(
    'answers at once while warming, says so, learns in turns of the event loop, and ends equal to a model built in one go',
    { timeout: 180_000 },
    async () => {
      const lectern = await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
      const papers: Paper[] = generateLibrary(6000, 5)
      await lectern.store.update((tx) => papers.forEach((p) => tx.putPaper(p)))
      const seeds = papers.slice(0, 3).map((p) => p.id)

      const first = await lectern.recommendations.moreLike(seeds, 20)
      // Past 5,000 papers the first request does not wait for the whole model.
      expect(first.warming).not.toBeNull()
      expect(first.warming?.total).toBe(6000)
      expect(first.warming?.indexed).toBeLessThan(6000)

      // Changes while it learns: a deletion, a new text, a star (no text change).
      const [gone, retitled, starred] = [papers[10], papers[20], papers[30]] as [Paper, Paper, Paper]
      await lectern.store.update((tx) => {
        tx.putHead(tombstone(tx.head(gone.id) as PaperHead, new Date()))
        const paper = tx.paper(retitled.id) as Paper
        tx.putPaper(revise(paper, { title: `${first.hits[0]?.title ?? ''} revisited` }, new Date()))
      })
      await lectern.papers.update({ ids: [starred.id], starred: true })

      // The build gives the event loop turns: a ticker keeps running while it learns.
      let turns = 0
      let ticking = true
      const tick = () => {
        turns++
        if (ticking) setImmediate(tick)
      }
      setImmediate(tick)
      await lectern.recommendations.warm()
      ticking = false
      expect(turns).toBeGreaterThan(5)

      const warm = await lectern.recommendations.moreLike(seeds, 20)
      expect(warm.warming).toBeNull()
      const want = builtAtOnce(lectern, seeds, 20)
      expect(warm.hits.map((h) => h.id)).toEqual(want.map((h) => h.id))
      warm.hits.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]?.score ?? -1, 9))
      expect(warm.hits.map((h) => h.id)).not.toContain(gone.id)
      await lectern.close()
    },
  )

  it('answers a small library from the whole model at once', async () => {
    const lectern = await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
    const papers = generateLibrary(40, 9)
    await lectern.store.update((tx) => papers.forEach((p) => tx.putPaper(p)))
    const seeds = [papers[0]?.id as string]
    const answer = await lectern.recommendations.moreLike(seeds, 10)
    expect(answer.warming).toBeNull()
    expect(answer.hits.map((h) => h.id)).toEqual(builtAtOnce(lectern, seeds, 10).map((h) => h.id))
    await lectern.close()
  })

  it('answers papers:recommend for a list or ids through the contract, with the warming note', async () => {
    const { lectern, api } = await openSeeded(await tempDir())
    const ids = lectern.papers.list({}).map((p) => p.id)
    const list = await api.call('lists:create', { name: 'Seeds' })
    await api.call('lists:addPapers', { id: list.id, paperIds: ids.slice(0, 3) })
    const byList = await api.call('papers:recommend', { listId: list.id, limit: 5 })
    expect(byList.warming).toBeNull()
    expect(byList.hits.length).toBeGreaterThan(0)
    expect(byList.hits.map((h) => h.id)).not.toContain(ids[0])
    const byIds = await api.call('papers:recommend', { ids: ids.slice(0, 3), limit: 5 })
    expect(byIds).toEqual(byList)
    await expect(api.call('papers:recommend', { ids: ['2999.99999'] })).rejects.toMatchObject({
      code: 'not-found',
    })
    await lectern.close()
  })
})
