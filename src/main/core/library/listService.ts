import type { ListSummary } from '../../../shared/api'
import type { ReadingList } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import type { EventBus } from '../events'
import type { LibraryStore } from '../store/libraryStore'
import { isLive, revise, tombstone } from './entity'

export interface ServiceDeps {
  store: LibraryStore
  events: EventBus
  now: () => Date
  newId: () => string
}

/** Reading lists: named, ordered collections of papers; a paper may be in many. */
export class ListService {
  constructor(private readonly deps: ServiceDeps) {}

  all(): ListSummary[] {
    return this.deps.store
      .allLists()
      .filter(isLive)
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
      .map(summarize)
  }

  /** Which live lists hold each paper, for list rows and filters. */
  membership(): Map<string, string[]> {
    const byPaper = new Map<string, string[]>()
    for (const list of this.deps.store.allLists().filter(isLive)) {
      for (const paperId of list.paperIds) {
        const ids = byPaper.get(paperId)
        if (ids) ids.push(list.id)
        else byPaper.set(paperId, [list.id])
      }
    }
    return byPaper
  }

  get(id: string): ReadingList {
    const list = this.deps.store.list(id)
    if (!isLive(list)) throw new LecternError('not-found', `There is no reading list with id ${id}`)
    return list
  }

  async create(name: string): Promise<ListSummary> {
    const { store, now, newId } = this.deps
    const list = await store.update((tx) => {
      this.assertNameFree(name)
      const at = now().toISOString()
      const order = Math.max(
        0,
        ...store
          .allLists()
          .filter(isLive)
          .map((l) => l.order + 1),
      )
      const created: ReadingList = {
        id: newId(),
        rev: 1,
        updatedAt: at,
        createdAt: at,
        name,
        order,
        paperIds: [],
      }
      tx.putList(created)
      return created
    })
    return summarize(list)
  }

  async rename(id: string, name: string): Promise<ListSummary> {
    const list = await this.deps.store.update((tx) => {
      const current = this.get(id)
      if (current.name !== name) this.assertNameFree(name)
      const renamed = revise(current, { name }, this.deps.now())
      tx.putList(renamed)
      return renamed
    })
    return summarize(list)
  }

  async remove(id: string): Promise<{ id: string }> {
    await this.deps.store.update((tx) => tx.putList(tombstone(this.get(id), this.deps.now())))
    return { id }
  }

  async restore(id: string): Promise<ListSummary> {
    const list = await this.deps.store.update((tx) => {
      const dead = this.deps.store.list(id)
      if (!dead) throw new LecternError('not-found', `There is no reading list with id ${id}`)
      if (isLive(dead)) return dead
      this.assertNameFree(dead.name)
      const { deleted: _deleted, ...rest } = dead
      const restored = revise(rest as ReadingList, {}, this.deps.now())
      tx.putList(restored)
      return restored
    })
    return summarize(list)
  }

  async addPapers(id: string, paperIds: string[], index?: number): Promise<ListSummary> {
    const list = await this.deps.store.update((tx) => {
      const current = this.get(id)
      const missing = paperIds.find((p) => !isLive(tx.head(p)))
      if (missing !== undefined)
        throw new LecternError('not-found', `There is no paper ${missing} in the library`)
      const moving = new Set(paperIds)
      const kept = current.paperIds.filter((p) => !moving.has(p))
      // `index` counts positions in the list as it was shown, so translate it past the moved papers.
      const before =
        index === undefined
          ? kept.length
          : current.paperIds.slice(0, index).filter((p) => !moving.has(p)).length
      const next = revise(
        current,
        { paperIds: [...kept.slice(0, before), ...new Set(paperIds), ...kept.slice(before)] },
        this.deps.now(),
      )
      tx.putList(next)
      return next
    })
    return summarize(list)
  }

  async removePapers(id: string, paperIds: string[]): Promise<ListSummary> {
    const list = await this.deps.store.update((tx) => {
      const current = this.get(id)
      const removing = new Set(paperIds)
      const next = revise(
        current,
        { paperIds: current.paperIds.filter((p) => !removing.has(p)) },
        this.deps.now(),
      )
      tx.putList(next)
      return next
    })
    return summarize(list)
  }

  async reorder(ids: string[]): Promise<ListSummary[]> {
    const live = this.deps.store.allLists().filter(isLive)
    const given = new Set(ids)
    if (given.size !== ids.length || live.length !== ids.length || live.some((l) => !given.has(l.id))) {
      throw new LecternError('invalid-input', 'lists:reorder needs every reading list exactly once')
    }
    await this.deps.store.update((tx) => {
      ids.forEach((listId, order) => {
        const list = this.get(listId)
        if (list.order !== order) tx.putList(revise(list, { order }, this.deps.now()))
      })
    })
    return this.all()
  }

  private assertNameFree(name: string): void {
    const taken = this.deps.store
      .allLists()
      .filter(isLive)
      .some((l) => l.name.toLocaleLowerCase() === name.toLocaleLowerCase())
    if (taken) throw new LecternError('conflict', `A reading list named "${name}" already exists`)
  }
}

function summarize(list: ReadingList): ListSummary {
  return { id: list.id, name: list.name, order: list.order, count: list.paperIds.length }
}
