import type { Entity, Paper } from '../../../shared/domain'

/** A new revision of an entity: the changes applied, rev bumped, updatedAt stamped. */
export function revise<T extends Entity>(entity: T, changes: Partial<Omit<T, keyof Entity>>, now: Date): T {
  return { ...entity, ...changes, rev: entity.rev + 1, updatedAt: now.toISOString() }
}

export function tombstone<T extends Entity>(entity: T, now: Date): T {
  return { ...entity, deleted: true, rev: entity.rev + 1, updatedAt: now.toISOString() }
}

export function isLive<T extends Entity>(entity: T | undefined): entity is T & { deleted?: undefined } {
  return entity !== undefined && entity.deleted !== true
}

/**
 * Brings derived data (the search index, the recommender) up to date with papers that changed:
 * `papers` are the whole papers of `ids` that still exist; live ones are upserted, the rest removed.
 */
export function refreshDerived(
  ids: readonly string[],
  papers: Iterable<Paper>,
  target: { upsert(paper: Paper): void; remove(id: string): void },
): void {
  const live = new Set<string>()
  for (const paper of papers) {
    if (!isLive(paper)) continue
    target.upsert(paper)
    live.add(paper.id)
  }
  for (const id of ids) if (!live.has(id)) target.remove(id)
}
