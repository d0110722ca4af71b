import { inKeyOrderSteps, keysInOrder } from '../export/citeKeys'
import { inSlices, nextTurn } from '../inSlices'
import type { PaperHead } from '../store/paperParts'
import { shardOf } from '../store/schema'
import { isLive, revise } from './entity'
import type { ServiceDeps } from './listService'

/** Papers whose keys are made in one turn of the event loop (a few milliseconds). */
export const CITE_KEY_SLICE = 500

/**
 * Gives every paper its citation key once and stores it (see export/citeKeys.ts): later title
 * corrections, new papers and re-exports never change a key already given.
 */
export class CiteKeyService {
  private running: Promise<number> | null = null
  private stopped = false

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
   * Gives a key to every live paper without one; resolves to how many got one. The first start of a
   * large library keys every paper: in one commit that held the event loop for seconds at 50,000
   * papers (13.6 s under load). Here the keys are made in key order `CITE_KEY_SLICE` papers a turn,
   * then stored one paper file a commit, so that each commit is short and the files are written as
   * often as by one commit of all (a commit of 500 papers in key order rewrote every file). A run
   * cut short (the app quit) left whole files keyed; the next run goes on from there. A library
   * opened read-only gives none (exports then make the same kind of key for the occasion).
   */
  assignMissing(): Promise<number> {
    if (this.stopped || this.deps.store.readOnly || !this.anyMissing()) return Promise.resolve(0)
    this.running ??= this.assign().finally(() => (this.running = null))
    return this.running
  }

  /**
   * Ends a run under way at its next turn and waits for it: a run spans many turns and commits, and
   * none may write once the app has let go of its data folder. What is stored stays; the rest is
   * keyed at the next start.
   */
  async stop(): Promise<void> {
    this.stopped = true
    await this.running?.catch(() => undefined)
  }

  private async assign(): Promise<number> {
    const { store } = this.deps
    const taken = new Set<string>()
    /** Keys made and not stored yet, by key, for the paper they are for. */
    const pending = new Map<string, string>()
    // Keys that other commits bring meanwhile (sync, a restore) are taken; a paper whose pending key
    // one of them took waits for the next pass.
    const stop = store.onCommit((change) => {
      for (const id of change.papers) {
        const key = store.head(id)?.citeKey
        if (!key) continue
        taken.add(key)
        if (pending.get(key) !== id) pending.delete(key)
      }
    })
    try {
      let given = 0
      // Papers that arrive during a pass are keyed by the next one (they come later in key order).
      for (;;) {
        // Each step of the pass that goes over every paper runs in slices: at 50,000 papers each
        // held the event loop for tens of milliseconds, the sort for over a hundred.
        const missing = await inSlices(missingSteps(store.allHeads(), taken))
        if (missing.length === 0) return given
        const ordered = await inSlices(inKeyOrderSteps(missing))
        if (this.stopped) return given
        for (let start = 0; start < ordered.length; start += CITE_KEY_SLICE) {
          for (const [id, key] of keysInOrder(ordered.slice(start, start + CITE_KEY_SLICE), taken))
            pending.set(key, id)
          await nextTurn()
          if (this.stopped) return given
        }
        const byFile = await inSlices(byFileSteps(pending))
        let givenThisPass = 0
        for (const keys of byFile.values()) {
          givenThisPass += await this.commitKeys(keys, pending)
          await nextTurn()
          if (this.stopped) return given + givenThisPass
        }
        pending.clear()
        given += givenThisPass
      }
    } finally {
      stop()
    }
  }

  /**
   * One commit of `keys` ([key, paper id]) still pending, skipping papers deleted or keyed meanwhile.
   * A file holds about 800 papers at 50,000: their new heads are made in steps, a slice a turn.
   */
  private commitKeys(keys: [string, string][], pending: ReadonlyMap<string, string>): Promise<number> {
    const { store, now } = this.deps
    return store.updateInSteps(function* (tx) {
      const at = now()
      let given = 0
      for (const [citeKey, id] of keys) {
        const head = tx.head(id)
        if (pending.get(citeKey) !== id || !isLive(head) || head.citeKey) continue
        tx.putHead(revise(head, { citeKey }, at))
        given++
        yield
      }
      return given
    })
  }
}

/** Papers looked at between two yields of the steps below. */
const HEADS_A_STEP = 2048

/** The live papers without a key; the keys of the others are added to `taken`. */
function* missingSteps(heads: Iterable<PaperHead>, taken: Set<string>): Generator<void, PaperHead[], void> {
  const missing: PaperHead[] = []
  let seen = 0
  for (const head of heads) {
    if (head.citeKey) taken.add(head.citeKey)
    else if (isLive(head)) missing.push(head)
    if (++seen % HEADS_A_STEP === 0) yield
  }
  return missing
}

/** `pending` ([key, paper id]) by the paper file of each paper. */
function* byFileSteps(
  pending: ReadonlyMap<string, string>,
): Generator<void, Map<string, [string, string][]>, void> {
  const byFile = new Map<string, [string, string][]>()
  let seen = 0
  for (const [key, id] of pending) {
    const file = byFile.get(shardOf(id))
    if (file) file.push([key, id])
    else byFile.set(shardOf(id), [[key, id]])
    if (++seen % HEADS_A_STEP === 0) yield
  }
  return byFile
}
