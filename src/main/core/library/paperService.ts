import type { PaperDetail, PaperSummary, PaperView } from '../../../shared/api'
import type { ReadStatus, ViewerState } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { smartFilter, type SmartView } from '../../../shared/smartViews'
import { publishedState } from '../../../shared/publishedState'
import type { PaperHead } from '../store/paperParts'
import { isLive, revise } from './entity'
import { LibraryOrder, newestAppearance } from './libraryOrder'
import type { ListService, ServiceDeps } from './listService'

const LIST_AUTHORS = 3

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
  private readonly order: LibraryOrder

  constructor(
    private readonly deps: ServiceDeps,
    private readonly lists: ListService,
  ) {
    this.order = new LibraryOrder(deps.store)
  }

  count(): number {
    return this.order.ids().length
  }

  /**
   * Makes the library's order (a sort of every paper, kept between calls) now rather than at the first
   * listing: browser mode does it before it gives its URL and the app before its window loads, as at
   * 50,000 papers it took the page's first request hundreds of ms.
   */
  prepareOrder(): void {
    this.order.ids()
  }

  list(options: {
    listId?: string
    digest?: string
    smart?: SmartView
    offset?: number
    limit?: number
  }): PaperSummary[] {
    const { store } = this.deps
    const { offset = 0, limit } = options
    const page = <T>(rows: T[]): T[] =>
      offset === 0 && limit === undefined
        ? rows
        : rows.slice(offset, limit === undefined ? undefined : offset + limit)
    const membership = this.lists.membership()
    if (options.digest !== undefined) return page(this.digestDay(options.digest, membership))
    if (options.smart !== undefined) {
      const keep = smartFilter(options.smart, this.deps.now())
      return page(this.list({}).filter(keep))
    }
    if (options.listId !== undefined) {
      return page(
        this.lists
          .get(options.listId)
          .paperIds.map((id) => store.head(id))
          .filter(isLive),
      ).map((p) => this.summarize(p, membership))
    }
    // The order is kept between calls, so that a page (the first screenful) costs only its own rows.
    const rows: PaperSummary[] = []
    for (const id of this.order.ids().slice(offset, limit === undefined ? undefined : offset + limit)) {
      const head = store.head(id)
      if (isLive(head)) rows.push(this.summarize(head, membership))
    }
    return rows
  }

  /** A view's paper ids in its order (`papers:view`); a day's view with that day's votes. */
  view(options: { listId?: string; digest?: string }): PaperView {
    if (options.digest !== undefined) {
      const rows = this.digestDay(options.digest, new Map())
      return { ids: rows.map((r) => r.id), votes: rows.map((r) => r.votes) }
    }
    if (options.listId !== undefined) {
      const ids = this.lists.get(options.listId).paperIds.filter((id) => isLive(this.deps.store.head(id)))
      return { ids, votes: null }
    }
    throw new LecternError('invalid-input', 'papers:view needs a listId, a digest day or recommendFor')
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

  /**
   * Rows for the given ids, in that order; unknown or deleted ids are left out. `membership` (the
   * lists' `membership()`) can be taken once for many calls.
   */
  summaries(ids: Iterable<string>, membership = this.lists.membership()): PaperSummary[] {
    const rows: PaperSummary[] = []
    for (const id of ids) {
      const paper = this.deps.store.head(id)
      if (isLive(paper)) rows.push(this.summarize(paper, membership))
    }
    return rows
  }

  private summarize(paper: PaperHead, membership: Map<string, string[]>): PaperSummary {
    const newest = newestAppearance(paper)
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
      hasNote: isLive(note) && HAS_TEXT.test(note.text),
      hasPdf: this.deps.store.attachments(paper.id).some(isLive),
      metaState: paper.metaStatus.state,
      addedAt: paper.addedAt,
      lastOpenedAt: paper.lastOpenedAt,
      published: publishedState(paper.publishedAs),
    }
  }
}

/** Not blank: tested without the copy `trim` makes (rows are made a thousand at a time). */
const HAS_TEXT = /\S/
