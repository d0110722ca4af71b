import type { Database, Doc } from './replica'

/**
 * The documents a pull wrote into the replica, as the replication's 'change' events hand them over,
 * so that they are applied to the store without being read back through the replica's changes feed.
 * That feed reads one document after another from LevelDB, each read waiting its turn on an event
 * loop the replication keeps busy: on a fresh machine's first pull of 50,000 papers it took longer
 * than the replication itself.
 *
 * The documents stand for the feed only where they provably say what it would:
 * - each is the only revision of its document in the replica, so it is the winner, with no conflict:
 *   the replica held none of these ids when the pull began (`held`), and none arrives twice;
 * - they are everything the replica received since `from`: its sequence moved by exactly as many
 *   documents as the pull wrote (LevelDB gives each written document one sequence number).
 * Where that does not hold, they are dropped (`usable` turns false) and the checkpoint stays where
 * the last proven batch left it, so the feed applies the rest as before.
 */
export class PulledDocs {
  private pending: Doc[] = []
  /** Pull documents written so far, counted by the replication: the replica's sequence is `from` plus this. */
  private written = 0
  private readonly seen: Set<string>
  private abandoned = false

  constructor(
    private readonly replica: Database,
    private readonly from: number,
    held: Iterable<string>,
  ) {
    this.seen = new Set(held)
  }

  get usable(): boolean {
    return !this.abandoned
  }

  /** Called for each pull 'change' event, as it comes. */
  arrive(change: { docs_written: number; docs?: Doc[] }): void {
    if (this.abandoned) return
    for (const doc of change.docs ?? []) {
      if (this.seen.has(doc._id)) {
        // A second revision of it: which one wins, and the conflict, are for the feed to say.
        this.abandon()
        return
      }
      this.seen.add(doc._id)
      this.pending.push(doc)
    }
    this.written = change.docs_written
  }

  /**
   * The documents arrived and not taken yet, with the replica sequence that covers them all; null
   * if none, or if the replica's sequence does not match what arrived (a batch written since: they
   * wait for the next call; or another write: the feed's to apply).
   */
  async take(): Promise<{ docs: Doc[]; seq: number } | null> {
    if (this.abandoned || this.pending.length === 0) return null
    const docs = this.pending
    const expected = this.from + this.written
    this.pending = []
    // PouchDB's LevelDB adapter answers from memory, at the call: the sequence as of this event.
    const seq = Number((await this.replica.info()).update_seq)
    if (seq === expected && !this.abandoned) return { docs, seq }
    if (!this.abandoned) this.pending = [...docs, ...this.pending]
    return null
  }

  private abandon(): void {
    this.abandoned = true
    this.pending = []
  }
}
