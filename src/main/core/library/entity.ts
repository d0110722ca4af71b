import type { Entity } from '../../../shared/domain'

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
