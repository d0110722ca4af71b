import type { PaperDetail, PaperSummary } from '../../../shared/api'
import type { Paper } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { isLive } from './entity'
import type { ListService, ServiceDeps } from './listService'

const LIST_AUTHORS = 3

/** Read views of papers for the list and the detail pane. */
export class PaperService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly lists: ListService,
  ) {}

  count(): number {
    let n = 0
    for (const paper of this.deps.store.allPapers()) if (isLive(paper)) n++
    return n
  }

  list(options: { listId?: string; digest?: string }): PaperSummary[] {
    const { store } = this.deps
    const membership = this.lists.membership()
    if (options.digest !== undefined) return this.digestDay(options.digest, membership)
    if (options.listId !== undefined) {
      return this.lists
        .get(options.listId)
        .paperIds.map((id) => store.paper(id))
        .filter(isLive)
        .map((p) => this.summarize(p, membership))
    }
    const rows: PaperSummary[] = []
    for (const paper of store.allPapers()) if (isLive(paper)) rows.push(this.summarize(paper, membership))
    return rows.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || (b.votes ?? -1) - (a.votes ?? -1))
  }

  /** One day's digest in its own order, with that day's votes. */
  private digestDay(date: string, membership: Map<string, string[]>): PaperSummary[] {
    const rows: { position: number; row: PaperSummary }[] = []
    for (const paper of this.deps.store.allPapers()) {
      if (!isLive(paper)) continue
      const day = paper.appearances.find((a) => a.date === date)
      if (day) rows.push({ position: day.position, row: { ...this.summarize(paper, membership), date, votes: day.votes } })
    }
    return rows.sort((a, b) => a.position - b.position).map((r) => r.row)
  }

  get(id: string): PaperDetail {
    const { store } = this.deps
    const paper = store.paper(id)
    if (!isLive(paper)) throw new LecternError('not-found', `There is no paper ${id} in the library`)
    const note = store.note(id)
    return {
      paper,
      note: isLive(note) ? note : null,
      annotations: store.annotations(id).filter(isLive),
      attachments: store.attachments(id).filter(isLive),
      listIds: this.lists.membership().get(id) ?? [],
    }
  }

  private summarize(paper: Paper, membership: Map<string, string[]>): PaperSummary {
    const newest = paper.appearances.reduce<Paper['appearances'][number] | undefined>(
      (best, a) => (!best || a.date > best.date ? a : best),
      undefined,
    )
    const note = this.deps.store.note(paper.id)
    return {
      id: paper.id,
      title: paper.title,
      authors: paper.authors.slice(0, LIST_AUTHORS),
      authorCount: paper.authors.length,
      authorsElided: paper.authorsElided,
      date: newest?.date ?? null,
      votes: newest?.votes ?? null,
      status: paper.status,
      starred: paper.starred,
      tags: paper.tags,
      listIds: membership.get(paper.id) ?? [],
      hasNote: isLive(note) && note.text.trim() !== '',
      hasPdf: this.deps.store.attachments(paper.id).some(isLive),
      metaState: paper.metaStatus.state,
      addedAt: paper.addedAt,
      lastOpenedAt: paper.lastOpenedAt,
    }
  }
}
