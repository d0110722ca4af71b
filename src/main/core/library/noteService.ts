import type { Note } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { isLive, revise } from './entity'
import type { ServiceDeps } from './listService'

/** One markdown note per paper; a save rewrites only the note's own shard. */
export class NoteService {
  constructor(private readonly deps: ServiceDeps) {}

  get(paperId: string): string {
    const note = this.deps.store.note(paperId)
    return isLive(note) ? note.text : ''
  }

  async save(paperId: string, text: string): Promise<{ rev: number; updatedAt: string }> {
    const { store, now } = this.deps
    const note = await store.update((tx) => {
      if (!isLive(tx.head(paperId)))
        throw new LecternError('not-found', `There is no paper ${paperId} in the library`)
      const current = tx.note(paperId)
      if (isLive(current) && current.text === text) return current
      // A note deleted elsewhere comes back to life with its history (rev) kept.
      const base: Note = { ...(current ?? { id: paperId, paperId, text: '', rev: 0, updatedAt: '' }) }
      delete base.deleted
      const next = revise(base, { text }, now())
      tx.putNote(next)
      return next
    })
    return { rev: note.rev, updatedAt: note.updatedAt }
  }
}
