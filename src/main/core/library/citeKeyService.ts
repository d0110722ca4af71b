import { assignCiteKeys } from '../export/citeKeys'
import { isLive, revise } from './entity'
import type { ServiceDeps } from './listService'

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
   * Gives a key to every live paper without one, in one commit; resolves to how many got one. A
   * library opened read-only gives none (exports then make the same kind of key for the occasion).
   */
  assignMissing(): Promise<number> {
    if (this.deps.store.readOnly || !this.anyMissing()) return Promise.resolve(0)
    this.running ??= this.assign().finally(() => (this.running = null))
    return this.running
  }

  private assign(): Promise<number> {
    const { store, now } = this.deps
    return store.update((tx) => {
      const heads = [...store.allHeads()]
      const taken = new Set(heads.flatMap((h) => (h.citeKey ? [h.citeKey] : [])))
      const keys = assignCiteKeys(heads.filter(isLive), taken)
      const at = now()
      let given = 0
      for (const [id, citeKey] of keys) {
        const head = tx.head(id)
        if (!isLive(head) || head.citeKey) continue
        tx.putHead(revise(head, { citeKey }, at))
        given++
      }
      return given
    })
  }
}
