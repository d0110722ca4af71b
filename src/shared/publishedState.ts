import type { PublishedAs } from './domain'

/**
 * What a paper's published version counts as: `published` when matched by identifier or accepted by
 * the user (exports, the published view and the list use it), `suggested` while a title-and-author
 * match waits for a decision, null when none is known.
 */
export function publishedState(p: PublishedAs | undefined | null): 'published' | 'suggested' | null {
  if (!p) return null
  return p.confidence === 'identifier' || p.accepted === true ? 'published' : 'suggested'
}
