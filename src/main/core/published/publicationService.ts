import type { PublishedCheckReport } from '../../../shared/api'
import type { Paper, PublishedAs } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { publishedState } from '../../../shared/publishedState'
import { isLive, revise } from '../library/entity'
import type { ServiceDeps } from '../library/listService'
import type { PaperHead } from '../store/paperParts'
import { publishedFromArxiv } from './arxivRecord'
import { searchDblp } from './dblp'
import type { JsonService } from './jsonService'
import { lookUpOpenAlex } from './openAlex'
import { suggestionKey, type Found } from './publishedVersion'
import { lookUpSemanticScholar, S2_BATCH_SIZE } from './semanticScholar'
import type { ServiceKeyValues } from './serviceKeys'

/** A paper checked within this long is not asked about again (found or not): venues change slowly. */
export const RECHECK_AFTER_MS = 30 * 24 * 60 * 60 * 1000

export interface PublicationClients {
  openAlex: () => JsonService
  semanticScholar: () => JsonService
  dblp: () => JsonService
  keys: () => Promise<ServiceKeyValues>
}

export interface CheckOptions {
  /** Ask again even about papers checked within the month. */
  force?: boolean
  signal?: AbortSignal
  onProgress?: (done: number, total: number, detail: string) => void
}

/** A published version is trusted (exports, the published view) when matched by identifier or accepted. */
function isConfirmed(p: PublishedAs | undefined): p is PublishedAs {
  return publishedState(p) === 'published'
}

interface Pending {
  head: PaperHead
  found: Found | null
  /** arXiv's own partial answer (a DOI without venue, or a venue without DOI), used if nothing better comes. */
  fallback: Found | null
  /** Services that could not answer about it: then it is not marked checked, and asked again next time. */
  problems: string[]
}

/**
 * Finds where papers were published, cheapest source first: the arXiv record already fetched, OpenAlex
 * (one free singleton lookup per paper), Semantic Scholar (500 papers a request, with the user's key),
 * DBLP (title and first author, `cs.*` papers; its matches are suggestions). Every answer is stored,
 * "not found" too, and not asked again within the month; a paper a service could not answer about is
 * left unchecked and asked again the next time. Results go into the store beside the arXiv record
 * through its transactions, never over it.
 */
export class PublicationService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly clients: PublicationClients,
  ) {}

  /** Every live arXiv paper. */
  all(): string[] {
    const ids: string[] = []
    for (const head of this.deps.store.allHeads()) if (isLive(head) && head.arxivId) ids.push(head.id)
    return ids
  }

  async check(ids: string[] | 'all', opts: CheckOptions = {}): Promise<PublishedCheckReport> {
    const { store, now } = this.deps
    const wanted = ids === 'all' ? this.all() : [...new Set(ids)]
    const report: PublishedCheckReport = {
      requested: wanted.length,
      found: [],
      suggested: [],
      notFound: [],
      alreadyKnown: [],
      recentlyChecked: [],
      pending: [],
    }
    const todo: Pending[] = []
    const started = now().getTime()
    for (const id of wanted) {
      const head = store.head(id)
      if (!isLive(head)) throw new LecternError('not-found', `There is no paper ${id} in the library`)
      if (!head.arxivId) throw new LecternError('invalid-input', `${id} is not an arXiv paper`)
      if (opts.force !== true) {
        if (isConfirmed(head.publishedAs)) {
          report.alreadyKnown.push(id)
          continue
        }
        const last = head.publicationCheck ? Date.parse(head.publicationCheck.checkedAt) : NaN
        if (started - last < RECHECK_AFTER_MS) {
          report.recentlyChecked.push(id)
          continue
        }
      }
      todo.push({ head, found: null, fallback: null, problems: [] })
    }
    if (todo.length === 0) return report

    let settled = 0
    const progress = (detail: string) => opts.onProgress?.(settled, todo.length, detail)
    const open = () => todo.filter((p) => p.found === null)
    const settle = async (batch: Pending[]) => {
      settled += batch.length
      await this.save(batch, report)
    }
    const wait = (service: string) => (ms: number) =>
      progress(`asking ${service}; next request in ${Math.ceil(ms / 1000)} s`)

    // 1. arXiv's record: a DOI and a journal reference together settle it without a request.
    for (const p of todo) {
      const own = publishedFromArxiv(p.head.meta)
      if (own?.complete) p.found = own.found
      else if (own) p.fallback = own.found
    }
    await settle(todo.filter((p) => p.found !== null))

    const keys = await this.clients.keys()
    // 2. OpenAlex, one paper at a time (keyless use is allowed in small amounts, so it is tried anyway).
    const openAlex = this.clients.openAlex()
    let openAlexDown: string | null = null
    for (const p of open()) {
      if (openAlexDown) {
        p.problems.push(openAlexDown)
        continue
      }
      progress(`asking OpenAlex about ${p.head.id}`)
      try {
        p.found = await lookUpOpenAlex(openAlex, p.head.arxivId as string, {
          apiKey: keys.openalex,
          signal: opts.signal,
          onWait: wait('OpenAlex'),
        })
      } catch (error) {
        const problem = `OpenAlex: ${this.reason(error, opts.signal)}`
        p.problems.push(problem)
        // Unreachable (after its retries) or refusing: not asked about the rest in this run.
        if (error instanceof LecternError) openAlexDown = problem
      }
      if (p.found) await settle([p])
    }

    // 3. Semantic Scholar, only with the user's own key, 500 papers a request.
    const s2Key = keys['semantic-scholar']
    if (s2Key) {
      const s2 = this.clients.semanticScholar()
      const rest = open()
      for (let i = 0; i < rest.length; i += S2_BATCH_SIZE) {
        const batch = rest.slice(i, i + S2_BATCH_SIZE)
        progress(`asking Semantic Scholar about ${batch.length} papers`)
        try {
          const answers = await lookUpSemanticScholar(
            s2,
            batch.map((p) => p.head.arxivId as string),
            { apiKey: s2Key, signal: opts.signal, onWait: wait('Semantic Scholar') },
          )
          for (const p of batch) p.found = answers.get(p.head.arxivId as string) ?? null
        } catch (error) {
          const problem = `Semantic Scholar: ${this.reason(error, opts.signal)}`
          for (const p of batch) p.problems.push(problem)
        }
        await settle(batch.filter((p) => p.found !== null))
      }
    }

    // 4. DBLP for computer science papers: a title-and-author match, offered as a suggestion.
    const dblp = this.clients.dblp()
    let dblpDown: string | null = null
    for (const p of open()) {
      if (!isComputerScience(p.head)) continue
      if (dblpDown) {
        p.problems.push(dblpDown)
        continue
      }
      progress(`asking DBLP about ${p.head.id}`)
      try {
        const match = await searchDblp(
          dblp,
          { title: p.head.meta?.title ?? p.head.title, firstAuthor: p.head.authors[0] ?? '' },
          { signal: opts.signal, onWait: wait('DBLP') },
        )
        // A suggestion the user turned down is never offered again.
        const rejected = p.head.publicationCheck?.rejected ?? []
        if (match && !rejected.includes(suggestionKey(match))) p.found = match
      } catch (error) {
        const problem = `DBLP: ${this.reason(error, opts.signal)}`
        p.problems.push(problem)
        if (error instanceof LecternError) dblpDown = problem
      }
      if (p.found) await settle([p])
    }

    // What is left: arXiv's partial answer, or not found (or not answered: left unchecked).
    const last = open()
    for (const p of last) if (p.fallback && p.problems.length === 0) p.found = p.fallback
    await settle(last)
    return report
  }

  /** Accepts or rejects a title-and-author suggestion; a rejection is remembered for good. */
  async decide(id: string, decision: 'accept' | 'reject'): Promise<PublishedAs | null> {
    const { store, now } = this.deps
    const result = await store.update((tx) => {
      const head = tx.head(id)
      if (!isLive(head)) throw new LecternError('not-found', `There is no paper ${id} in the library`)
      const suggestion = head.publishedAs
      if (!suggestion || suggestion.confidence !== 'title-author')
        throw new LecternError('invalid-input', `${id} has no suggested published version to ${decision}`)
      const at = now()
      if (decision === 'accept') {
        const accepted: PublishedAs = { ...suggestion, accepted: true }
        tx.putHead(revise(head, { publishedAs: accepted }, at))
        return accepted
      }
      const { publishedAs: _dropped, ...rest } = head
      const rejected = [...new Set([...(head.publicationCheck?.rejected ?? []), suggestionKey(suggestion)])]
      const checkedAt = head.publicationCheck?.checkedAt ?? at.toISOString()
      tx.putHead(revise(rest as PaperHead, { publicationCheck: { checkedAt, rejected } }, at))
      return null
    })
    return result
  }

  private reason(error: unknown, signal: AbortSignal | undefined): string {
    if (signal?.aborted || (error instanceof LecternError && error.code === 'cancelled')) throw error
    return error instanceof Error ? error.message : String(error)
  }

  /** Stores each settled paper's answer (found, suggested, not found) with the time of the check. */
  private async save(batch: Pending[], report: PublishedCheckReport): Promise<void> {
    if (batch.length === 0) return
    const { store, now } = this.deps
    const at = now()
    const checkedAt = at.toISOString()
    await store.update((tx) => {
      for (const p of batch) {
        const head = tx.head(p.head.id)
        if (!isLive(head)) continue
        if (!p.found && p.problems.length > 0) {
          report.pending.push({ id: head.id, reason: p.problems.join('; ') })
          continue
        }
        const changes: Partial<Paper> = {
          publicationCheck: { checkedAt, rejected: head.publicationCheck?.rejected ?? [] },
        }
        if (p.found) {
          // A suggestion the user already accepted stays accepted when found again.
          const accepted =
            p.found.confidence === 'title-author' &&
            head.publishedAs?.accepted === true &&
            suggestionKey(head.publishedAs) === suggestionKey(p.found)
          const publishedAs: PublishedAs = { ...p.found, ...(accepted ? { accepted: true } : {}), checkedAt }
          changes.publishedAs = publishedAs
          ;(isConfirmed(publishedAs) ? report.found : report.suggested).push({ id: head.id, publishedAs })
        } else report.notFound.push(head.id)
        tx.putHead(revise(head, changes, at))
      }
    })
  }
}

function isComputerScience(head: PaperHead): boolean {
  const categories = head.meta ? [head.meta.primaryCategory ?? '', ...head.meta.categories] : []
  return categories.some((c) => c.startsWith('cs.'))
}
