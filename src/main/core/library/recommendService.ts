import type { PaperSummary, RecommendWarming } from '../../../shared/api'
import type { Paper } from '../../../shared/domain'
import { Recommender, recommendDocFromPaper } from '../recommend'
import { searchDocMayHaveChanged } from '../search/searchDoc'
import { isLive, refreshDerived } from './entity'
import type { ServiceDeps } from './listService'
import type { PaperService } from './paperService'
import { inSlices, nextTurn } from '../inSlices'

/**
 * A library this small is learnt in well under a second: its first request waits for the whole model
 * (the event loop turning meanwhile) rather than answer from part of it.
 */
const WAIT_FOR_WHOLE_MODEL = 5_000

export interface Recommendations {
  hits: (PaperSummary & { score: number })[]
  /** Null once every paper is learnt; until then the hits come from the papers learnt so far. */
  warming: RecommendWarming | null
}

/**
 * "More like these": TF-IDF similarity over title, abstract and digest summaries, computed locally.
 * Learning 50,000 papers takes 9–15 s of work (reading every text shard and tokenizing), so the model
 * is built on first use in slices of at most `SLICE_MS`, answering meanwhile from what it has learnt;
 * the store's commits keep it current, one paper at a time.
 */
export class RecommendService {
  private recommender: Recommender | null = null
  private building: { total: number; done: Promise<void> } | null = null
  private readonly dirty = new Set<string>()

  constructor(
    private readonly deps: ServiceDeps,
    private readonly papers: PaperService,
  ) {
    deps.store.onCommit((change) => {
      // While the model is built, any change of a paper's revision must be learnt from its commit
      // (see buildSteps); after, only a change of what it reads.
      for (const id of change.papers)
        if (this.building || searchDocMayHaveChanged(change, id, deps.store.head(id))) this.dirty.add(id)
    })
  }

  async moreLike(seedIds: string[], limit: number): Promise<Recommendations> {
    const recommender = this.model()
    if (this.building && this.building.total <= WAIT_FOR_WHOLE_MODEL) await this.building.done
    this.applyDirty(recommender)
    // Seeds not learnt yet are learnt now, so that a warming model can answer for them.
    const unseen = seedIds.filter((id) => !recommender.has(id))
    if (unseen.length > 0) this.learn(recommender, this.deps.store.papersOf(unseen))
    const hits = recommender.moreLike(seedIds, { limit })
    const scores = new Map(hits.map((h) => [h.id, h.score]))
    const rows = this.papers
      .summaries(hits.map((h) => h.id))
      .map((row) => ({ ...row, score: scores.get(row.id) ?? 0 }))
    const building = this.building
    return { hits: rows, warming: building ? { indexed: recommender.size, total: building.total } : null }
  }

  /** Starts learning the library (if it has not started); resolves once every paper is learnt. */
  warm(): Promise<void> {
    this.model()
    return this.building?.done ?? Promise.resolve()
  }

  private model(): Recommender {
    if (this.recommender) return this.recommender
    const recommender = (this.recommender = new Recommender())
    // The build reads the library as it is now; what changes from here on is marked dirty.
    this.dirty.clear()
    const ids: string[] = []
    for (const head of this.deps.store.allHeads()) if (isLive(head)) ids.push(head.id)
    const steps = this.buildSteps(recommender, ids)
    this.building = {
      total: ids.length,
      done: (async () => {
        // From the next turn: the request that asked first is answered from what is learnt so far.
        await nextTurn()
        await inSlices(steps)
        this.building = null
      })(),
    }
    return recommender
  }

  /**
   * One step per paper, in text-shard order (`papersOf` reads each shard once). A paper changed
   * since the build began is learnt from its commit instead (`dirty`), never from this older copy.
   */
  private *buildSteps(recommender: Recommender, ids: string[]): Generator<void, void, void> {
    for (const paper of this.deps.store.papersOf(ids)) {
      const head = this.deps.store.head(paper.id)
      if (isLive(head) && head.rev === paper.rev && !recommender.has(paper.id))
        recommender.upsert(recommendDocFromPaper(paper))
      yield
    }
  }

  private applyDirty(recommender: Recommender): void {
    const ids = [...this.dirty]
    this.dirty.clear()
    refreshDerived(ids, this.deps.store.papersOf(ids), {
      upsert: (paper) => recommender.upsert(recommendDocFromPaper(paper)),
      remove: (id) => recommender.remove(id),
    })
  }

  private learn(recommender: Recommender, papers: Iterable<Paper>): void {
    for (const paper of papers) if (isLive(paper)) recommender.upsert(recommendDocFromPaper(paper))
  }
}
