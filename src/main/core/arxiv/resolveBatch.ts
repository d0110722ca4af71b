import { parseArxivId } from '../../../shared/arxivId'
import type { ArxivMetadata } from '../../../shared/domain'
import type { ParsedAtomFeed } from './parseAtom'

/** `transient`: arXiv could not be asked (network, 5xx storm, timeout); asking later may succeed. */
export type ArxivResult = { ok: true; meta: ArxivMetadata } | { ok: false; reason: string; transient?: true }

export interface BatchResolution {
  /** Final answers for ids of this batch. */
  settled: Map<string, ArxivResult>
  /** Ids to ask about again, batch by batch (always fewer than were asked). */
  requeue: string[][]
}

/**
 * Matches a feed to the ids asked for. Entries come in any order; an id arXiv leaves out, or answers
 * with an empty entry, does not exist there. An Error entry replaces the whole answer, so the ids it
 * did not name are asked again without the rejected one (or, if it named none, in halves until it can
 * be pinned on a single id).
 */
export function resolveBatch(batch: string[], feed: ParsedAtomFeed): BatchResolution {
  const asked = new Set(batch)
  const settled = new Map<string, ArxivResult>()
  for (const meta of feed.entries) {
    if (asked.has(meta.id) && !settled.has(meta.id)) settled.set(meta.id, { ok: true, meta })
  }

  let unattributed: string | null = null
  for (const error of feed.errors) {
    const id = error.id === null ? null : (parseArxivId(error.id)?.id ?? error.id)
    if (id !== null && asked.has(id)) {
      if (!settled.has(id)) settled.set(id, { ok: false, reason: describeError(error.kind, error.message) })
    } else if (error.kind === 'rejected') {
      unattributed ??= error.message
    }
  }

  const rest = batch.filter((id) => !settled.has(id))
  const answerReplaced = feed.errors.some((e) => e.kind === 'rejected')
  let requeue: string[][] = []
  if (!answerReplaced || rest.length === 0) {
    for (const id of rest) settled.set(id, { ok: false, reason: `arXiv has no paper ${id}` })
  } else if (rest.length < batch.length) {
    requeue = [rest]
  } else if (rest.length === 1) {
    settled.set(rest[0] as string, {
      ok: false,
      reason: describeError('rejected', unattributed ?? 'unspecified error'),
    })
  } else {
    requeue = halves(rest)
  }
  return { settled: inBatchOrder(batch, settled), requeue }
}

function inBatchOrder(batch: string[], settled: Map<string, ArxivResult>): Map<string, ArxivResult> {
  const ordered = new Map<string, ArxivResult>()
  for (const id of batch) {
    const result = settled.get(id)
    if (result) ordered.set(id, result)
  }
  return ordered
}

function describeError(kind: 'rejected' | 'malformed', message: string): string {
  return kind === 'rejected'
    ? `arXiv rejected the id: ${message}`
    : `arXiv sent an unusable record: ${message}`
}

export function halves<T>(items: T[]): T[][] {
  const mid = Math.ceil(items.length / 2)
  return [items.slice(0, mid), items.slice(mid)].filter((part) => part.length > 0)
}
