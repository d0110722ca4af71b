import { inKeyOrder, keysInOrder } from '../export/citeKeys'
import type { PaperHead } from '../store/paperParts'
import { isLive, revise } from './entity'
import type { ServiceDeps } from './listService'

/**
 * Papers given their keys per commit. The first start of a large library keys every paper: in one
 * commit that held the event loop for seconds at 50,000 papers (13.6 s under load), in slices of
 * this many each commit is short, and the app answers between them.
 */
export const CITE_KEY_SLICE = 500

/**
 * Gives every paper its citation key once and stores it (see export/citeKeys.ts): later title
 * corrections, new papers and re-exports never change a key already given.
 */
export class CiteKeyService {
  private running: Promise<number> | null = null

  constructor(private readonly deps: ServiceDeps) {}

  /** Whether some live paper has no key yet. */
  anyMissing(ids?: Iterable<string>): boolean {
    const { store } = this.deps
    if (ids) {
      for (const id of ids) {
        const head = store.head(id)
        if (isLive(head) && !head.citeKey) return true
      }
      return false
    }
    for (const head of store.allHeads()) if (isLive(head) && !head.citeKey) return true
    return false
  }

  /**
   * Gives a key to every live paper without one, `CITE_KEY_SLICE` papers a commit, in key order, so
   * that the keys are those one commit would have given; resolves to how many got one. Resumable:
   * a run cut short (the app quit) left whole slices, and the next run goes on from there. A library
   * opened read-only gives none (exports then make the same kind of key for the occasion).
   */
  assignMissing(): Promise<number> {
    if (this.deps.store.readOnly || !this.anyMissing()) return Promise.resolve(0)
    this.running ??= this.assign().finally(() => (this.running = null))
    return this.running
  }

  private async assign(): Promise<number> {
    const { store } = this.deps
    const taken = new Set<string>()
    // Keys that other commits bring meanwhile (sync, a restore) are taken too.
    const stop = store.onCommit((change) => {
      for (const id of change.papers) {
        const key = store.head(id)?.citeKey
        if (key) taken.add(key)
      }
    })
    try {
      let given = 0
      // Papers that arrive during a pass are keyed by the next one (they come later in key order).
      for (;;) {
        const missing: PaperHead[] = []
        for (const head of store.allHeads()) {
          if (head.citeKey) taken.add(head.citeKey)
          else if (isLive(head)) missing.push(head)
        }
        if (missing.length === 0) return given
        const ordered = inKeyOrder(missing)
        let givenThisPass = 0
        for (let start = 0; start < ordered.length; start += CITE_KEY_SLICE) {
          givenThisPass += await this.commitSlice(ordered.slice(start, start + CITE_KEY_SLICE), taken)
          await new Promise((resolve) => setImmediate(resolve))
        }
        given += givenThisPass
        // Every paper of the pass already had a key by the time its slice ran: nothing left to give.
        if (givenThisPass === 0) return given
      }
    } finally {
      stop()
    }
  }

  /** One commit: keys for `slice` (in key order), skipping papers deleted or keyed meanwhile. */
  private commitSlice(slice: PaperHead[], taken: Set<string>): Promise<number> {
    const { store, now } = this.deps
    return store.update((tx) => {
      const at = now()
      let given = 0
      const current = slice.flatMap((paper) => {
        const head = tx.head(paper.id)
        return isLive(head) && !head.citeKey ? [head] : []
      })
      for (const [id, citeKey] of keysInOrder(current, taken)) {
        const head = tx.head(id)
        if (!head) continue
        tx.putHead(revise(head, { citeKey }, at))
        given++
      }
      return given
    })
  }
}
