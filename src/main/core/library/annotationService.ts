import type { Annotation, AnnotationAnchor } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { isLive, revise, tombstone } from './entity'
import type { ServiceDeps } from './listService'

export interface AnnotationInput {
  paperId: string
  /** Present to change an existing annotation. */
  id?: string
  anchor: AnnotationAnchor
  quote: string
  color: Annotation['color']
  comment: string
}

/** Highlights with comments, anchored by page and text offsets; stored in the library, not the PDF. */
export class AnnotationService {
  constructor(private readonly deps: ServiceDeps) {}

  async save(input: AnnotationInput): Promise<Annotation> {
    const { store, now, newId } = this.deps
    const saved = await store.update((tx) => {
      if (!isLive(tx.head(input.paperId)))
        throw new LecternError('not-found', `There is no paper ${input.paperId} in the library`)
      const { id, paperId, ...fields } = input
      if (id !== undefined) {
        const current = tx.annotation(id, paperId)
        if (!isLive(current)) throw new LecternError('not-found', `There is no annotation ${id}`)
        const next = revise(current, fields, now())
        tx.putAnnotation(next)
        return next
      }
      const at = now().toISOString()
      const created: Annotation = { id: newId(), paperId, rev: 1, updatedAt: at, createdAt: at, ...fields }
      tx.putAnnotation(created)
      return created
    })
    return saved
  }

  async remove(paperId: string, id: string): Promise<{ id: string }> {
    await this.deps.store.update((tx) => {
      const current = tx.annotation(id, paperId)
      if (!isLive(current)) throw new LecternError('not-found', `There is no annotation ${id}`)
      tx.putAnnotation(tombstone(current, this.deps.now()))
    })
    return { id }
  }

  async restore(paperId: string, id: string): Promise<Annotation> {
    const restored = await this.deps.store.update((tx) => {
      const current = tx.annotation(id, paperId)
      if (!current) throw new LecternError('not-found', `There is no annotation ${id}`)
      const base = { ...current }
      delete base.deleted
      const next = revise(base, {}, this.deps.now())
      tx.putAnnotation(next)
      return next
    })
    return restored
  }

  /** A paper's note and highlights as Markdown: quotes with page numbers, then comments. */
  exportMarkdown(paperId: string): string {
    const { store } = this.deps
    const paper = store.head(paperId)
    if (!isLive(paper)) throw new LecternError('not-found', `There is no paper ${paperId} in the library`)
    const note = store.note(paperId)
    const highlights = store
      .annotations(paperId)
      .filter(isLive)
      .sort((a, b) => a.anchor.page - b.anchor.page || a.anchor.start - b.anchor.start)
    const lines = [`# ${paper.title}`, '', `${paper.authors.join(', ')} — ${paper.url}`, '']
    if (isLive(note) && note.text.trim() !== '') lines.push('## Note', '', note.text.trim(), '')
    if (highlights.length > 0) {
      lines.push('## Highlights', '')
      for (const h of highlights) {
        lines.push(`> ${h.quote.replace(/\s+/g, ' ').trim()} (p. ${h.anchor.page})`)
        if (h.comment.trim() !== '') lines.push('', h.comment.trim())
        lines.push('')
      }
    }
    return lines.join('\n')
  }
}
