import type { MetaFetchReport } from '../../../shared/api'
import { arxivAbsUrl, parseArxivRef } from '../../../shared/arxivId'
import type { ArxivMetadata, Paper } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { isLive, revise, tombstone } from '../library/entity'
import type { ServiceDeps } from '../library/listService'
import type { ArxivClient, ArxivResult, FetchProgress } from './arxivClient'

export interface MetadataOptions {
  signal?: AbortSignal
  onProgress?: (progress: FetchProgress) => void
}

/**
 * Keeps papers' arXiv records. The queue is the set of papers whose state is `queued`, kept in the
 * store itself, so it survives restarts and a crash mid-fetch loses nothing: each batch of answers
 * is saved as it arrives. Only bibliographic fields change; the user's state never does.
 */
export class MetadataService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly client: () => ArxivClient,
  ) {}

  /** arXiv papers still waiting for their record. */
  queued(): string[] {
    const ids: string[] = []
    for (const paper of this.deps.store.allHeads()) {
      if (isLive(paper) && paper.arxivId && paper.metaStatus.state === 'queued') ids.push(paper.id)
    }
    return ids
  }

  /** Every arXiv paper without a record: queued, failed, or never asked. */
  missing(): string[] {
    const ids: string[] = []
    for (const paper of this.deps.store.allHeads()) {
      if (isLive(paper) && paper.arxivId && paper.metaStatus.state !== 'ok') ids.push(paper.id)
    }
    return ids
  }

  async fetch(ids: string[] | 'missing', options: MetadataOptions = {}): Promise<MetaFetchReport> {
    const { store, now } = this.deps
    const wanted = ids === 'missing' ? this.missing() : [...new Set(ids)]
    for (const id of wanted) {
      const paper = store.head(id)
      if (!isLive(paper)) throw new LecternError('not-found', `There is no paper ${id} in the library`)
      if (!paper.arxivId)
        throw new LecternError('invalid-input', `${id} is not an arXiv paper, so it has no arXiv record`)
    }
    const report: MetaFetchReport = {
      requested: wanted.length,
      fetched: [],
      failed: [],
      pending: [],
      newVersions: [],
    }
    if (wanted.length === 0) return report

    // Queue first, durably: if the process dies mid-fetch, the next run picks these up again.
    await store.update((tx) => {
      for (const id of wanted) {
        const paper = tx.head(id)
        if (paper && paper.metaStatus.state !== 'queued')
          tx.putHead(revise(paper, { metaStatus: { state: 'queued' } }, now()))
      }
    })
    const onBatch = async (results: Map<string, ArxivResult>) => {
      await store.update(
        (tx) => {
          for (const [id, result] of results) {
            const paper = tx.paper(id)
            if (!isLive(paper)) continue
            tx.putPaper(this.apply(paper, result, report))
          }
        },
        { textsOf: results.keys() },
      )
    }
    await this.client().fetchMetadata(wanted, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      onBatch,
    })
    return report
  }

  /** Adds a paper by arXiv id or link; an existing paper is returned as it is. */
  async add(ref: string, options: MetadataOptions = {}): Promise<{ id: string; created: boolean }> {
    const parsed = parseArxivRef(ref)
    if (!parsed)
      throw new LecternError(
        'invalid-input',
        `"${ref}" is not an arXiv id or an arXiv / Hugging Face paper link`,
      )
    const { store, now } = this.deps
    const created = await store.update(
      (tx) => {
        const existing = tx.head(parsed.id)
        if (isLive(existing)) return false
        const at = now().toISOString()
        const paper: Paper = {
          id: parsed.id,
          rev: (existing?.rev ?? 0) + 1,
          updatedAt: at,
          arxivId: parsed.id,
          url: arxivAbsUrl(parsed.id),
          title: `arXiv:${parsed.id}`,
          authors: [],
          authorsElided: false,
          appearances: [],
          meta: null,
          metaStatus: { state: 'queued' },
          addedAt: at,
          status: 'unread',
          starred: false,
          tags: [],
          lastOpenedAt: null,
        }
        tx.putPaper(paper)
        return true
      },
      { textsOf: [parsed.id] },
    )
    if (!created) return { id: parsed.id, created }
    const report = await this.fetch([parsed.id], options)
    const refused = report.failed[0]
    if (refused) {
      // arXiv says there is no such paper: do not keep an empty record of it.
      await store.update((tx) => {
        const paper = tx.head(parsed.id)
        if (paper) tx.putHead(tombstone(paper, now()))
      })
      throw new LecternError('not-found', refused.reason)
    }
    return { id: parsed.id, created }
  }

  private apply(paper: Paper, result: ArxivResult, report: MetaFetchReport): Paper {
    const at = this.deps.now()
    if (result.ok) {
      report.fetched.push(paper.id)
      const previous = paper.meta?.version
      if (previous !== undefined && result.meta.version > previous) report.newVersions.push(paper.id)
      return revise(paper, fromRecord(result.meta, at), at)
    }
    // A failure never touches an earlier record: the paper keeps what it had.
    const state = result.transient ? 'queued' : 'failed'
    ;(state === 'queued' ? report.pending : report.failed).push({ id: paper.id, reason: result.reason })
    return revise(paper, { metaStatus: { state, reason: result.reason, at: at.toISOString() } }, at)
  }
}

function fromRecord(meta: ArxivMetadata, at: Date): Partial<Paper> {
  return {
    meta,
    title: meta.title,
    authors: meta.authors.map((a) => a.name),
    authorsElided: false,
    metaStatus: { state: 'ok', at: at.toISOString() },
  }
}
