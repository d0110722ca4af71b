import type { PaperSummary } from '../../../shared/api'
import { Recommender, recommendDocFromPaper } from '../recommend'
import { isLive, refreshDerived } from './entity'
import type { ServiceDeps } from './listService'
import type { PaperService } from './paperService'

/**
 * "More like these": TF-IDF similarity over title, abstract and digest summaries, computed locally.
 * Built on first use and kept current from the store's commits.
 */
export class RecommendService {
  private recommender: Recommender | null = null
  private readonly dirty = new Set<string>()

  constructor(
    private readonly deps: ServiceDeps,
    private readonly papers: PaperService,
  ) {
    deps.store.onCommit((change) => {
      for (const id of change.papers) this.dirty.add(id)
    })
  }

  moreLike(seedIds: string[], limit: number): (PaperSummary & { score: number })[] {
    const recommender = this.current()
    const hits = recommender.moreLike(seedIds, { limit })
    const scores = new Map(hits.map((h) => [h.id, h.score]))
    return this.papers
      .summaries(hits.map((h) => h.id))
      .map((row) => ({ ...row, score: scores.get(row.id) ?? 0 }))
  }

  private current(): Recommender {
    if (!this.recommender) {
      this.recommender = new Recommender()
      const docs = []
      for (const paper of this.deps.store.allPapers())
        if (isLive(paper)) docs.push(recommendDocFromPaper(paper))
      this.recommender.build(docs)
      this.dirty.clear()
    }
    const recommender = this.recommender
    const ids = [...this.dirty]
    refreshDerived(ids, this.deps.store.papersOf(ids), {
      upsert: (paper) => recommender.upsert(recommendDocFromPaper(paper)),
      remove: (id) => recommender.remove(id),
    })
    this.dirty.clear()
    return this.recommender
  }
}
