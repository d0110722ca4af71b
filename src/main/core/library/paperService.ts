import type { PaperDetail, PaperSummary } from '../../../shared/api'
import type { ReadStatus, ViewerState } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { publishedState } from '../../../shared/publishedState'
import type { PaperHead } from '../store/paperParts'
import { isLive, revise } from './entity'
import type { ListService, ServiceDeps } from './listService'

const LIST_AUTHORS = 3

export type SmartView = 'unread' | 'starred' | 'week' | 'notes' | 'published' | 'preprint'
export interface PaperUpdate {
  ids: string[]
  status?: ReadStatus
  starred?: boolean
  addTags?: string[]
  removeTags?: string[]
  opened?: true
}

/** Read views of papers for the list and the detail pane. */
export class PaperService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly lists: ListService,
  ) {}

  count(): number {
    let n = 0
    for (const paper of this.deps.store.allHeads()) if (isLive(paper)) n++
    return n
  }

  list(options: { listId?: string; digest?: string; smart?: SmartView }): PaperSummary[] {
    const { store } = this.deps
    const membership = this.lists.membership()
    if (options.digest !== undefined) return this.digestDay(options.digest, membership)
    if (options.smart !== undefined) {
      const keep = this.smartFilter(options.smart)
      return this.list({}).filter(keep)
    }
    if (options.listId !== undefined) {
      return this.lists
        .get(options.listId)
        .paperIds.map((id) => store.head(id))
        .filter(isLive)
        .map((p) => this.summarize(p, membership))
    }
    const rows: PaperSummary[] = []
    for (const paper of store.allHeads()) if (isLive(paper)) rows.push(this.summarize(paper, membership))
    return rows.sort(
      (a, b) => (b.date ?? '').localeCompare(a.date ?? '') || (b.votes ?? -1) - (a.votes ?? -1),
    )
  }

  private smartFilter(view: SmartView): (row: PaperSummary) => boolean {
    switch (view) {
      case 'unread':
        return (row) => row.status === 'unread'
      case 'starred':
        return (row) => row.starred
      case 'notes':
        return (row) => row.hasNote
      case 'week': {
        const since = new Date(this.deps.now().getTime() - 7 * 86_400_000).toISOString().slice(0, 10)
        return (row) => (row.date ?? row.addedAt.slice(0, 10)) >= since
      }
      case 'published':
        return (row) => row.published === 'published'
      // Preprint only: no confirmed published version (a pending suggestion is not one yet).
      case 'preprint':
        return (row) => row.published !== 'published'
    }
  }

  /** Applies the user's own changes (status, star, tags, last opened) to several papers at once. */
  async update(change: PaperUpdate): Promise<{ updated: number }> {
    const { store, now } = this.deps
    const updated = await store.update((tx) => {
      let n = 0
      for (const id of new Set(change.ids)) {
        const paper = tx.head(id)
        if (!isLive(paper)) throw new LecternError('not-found', `There is no paper ${id} in the library`)
        const tags = new Set(paper.tags)
        for (const t of change.addTags ?? []) tags.add(t)
        for (const t of change.removeTags ?? []) tags.delete(t)
        const next = {
          status: change.status ?? paper.status,
          starred: change.starred ?? paper.starred,
          tags: [...tags].sort(),
          lastOpenedAt: change.opened ? now().toISOString() : paper.lastOpenedAt,
        }
        const same =
          next.status === paper.status &&
          next.starred === paper.starred &&
          next.lastOpenedAt === paper.lastOpenedAt &&
          next.tags.join(',') === paper.tags.join(',')
        if (same) continue
        tx.putHead(revise(paper, next, now()))
        n++
      }
      return n
    })
    if (updated > 0) this.deps.events.emit('library:changed', { what: ['papers'] })
    return { updated }
  }

  async saveViewer(paperId: string, viewer: ViewerState): Promise<void> {
    await this.deps.store.update((tx) => {
      const paper = tx.head(paperId)
      if (!isLive(paper)) throw new LecternError('not-found', `There is no paper ${paperId} in the library`)
      if (paper.viewer?.page === viewer.page && paper.viewer.zoom === viewer.zoom) return
      tx.putHead(revise(paper, { viewer }, this.deps.now()))
    })
  }

  /** One day's digest in its own order, with that day's votes. */
  private digestDay(date: string, membership: Map<string, string[]>): PaperSummary[] {
    const rows: { position: number; row: PaperSummary }[] = []
    for (const paper of this.deps.store.allHeads()) {
      if (!isLive(paper)) continue
      const day = paper.appearances.find((a) => a.date === date)
      if (day)
        rows.push({
          position: day.position,
          row: { ...this.summarize(paper, membership), date, votes: day.votes },
        })
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

  /** Rows for the given ids, in that order; unknown or deleted ids are left out. */
  summaries(ids: Iterable<string>): PaperSummary[] {
    const membership = this.lists.membership()
    const rows: PaperSummary[] = []
    for (const id of ids) {
      const paper = this.deps.store.head(id)
      if (isLive(paper)) rows.push(this.summarize(paper, membership))
    }
    return rows
  }

  private summarize(paper: PaperHead, membership: Map<string, string[]>): PaperSummary {
    const newest = paper.appearances.reduce<PaperHead['appearances'][number] | undefined>(
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
      published: publishedState(paper.publishedAs),
    }
  }
}
