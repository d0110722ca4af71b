import type { Prepared } from './documentCache'

/** A page drawn before the reader asked for it, and the scale it was drawn at. */
export interface DrawnPage<C> {
  page: number
  scale: number
  canvas: C
}

export interface DrawnAheadOptions<C> {
  /** Takes what was drawn for this reader from the cache. */
  claim: () => Prepared<DrawnPage<C>> | null
  /** Lets go of a canvas (back to the pool). */
  give: (canvas: C) => void
  /** Leaves the page a closing reader shows with the cache, for a reopen there. */
  keep: (drawn: DrawnPage<C>) => void
}

/**
 * The opening page the open-ahead drew while the paper was only selected (or a reader of it left on
 * closing), handed to the reader once: the page adopts the canvas if it was drawn at the scale the
 * reader shows it at, and draws its own otherwise. A canvas nobody adopts goes back through `give`
 * (the pool). What was drawn is claimed from the cache by `claim` on first use, in an effect, so the
 * reader's render stays pure and its first commit can already show the page.
 */
export class DrawnAhead<C> {
  private done = false
  /** What the open-ahead prepared, once claimed (null: nothing was); undefined until then. */
  private prepared: Prepared<DrawnPage<C>> | null | undefined = undefined

  constructor(private readonly options: DrawnAheadOptions<C>) {}

  /** Whether the open-ahead drew (or is drawing) something for this reader. */
  exists(): boolean {
    return this.claimed() !== null
  }

  /**
   * The canvas drawn ahead for `page` at `scale`, now (the page shows with the reader's first frame),
   * or null: not drawn yet, drawn for another page (which may still ask), or taken or let go already.
   * Drawn at another scale, it is let go.
   */
  takeNow(page: number, scale: number): C | null {
    const drawn = this.claimed()?.settled
    if (this.done || !drawn || drawn.page !== page) return null
    this.done = true
    if (drawn.scale === scale) return drawn.canvas
    this.options.give(drawn.canvas)
    return null
  }

  /** `takeNow` once the drawing has finished (the reader opened while it was being drawn). */
  async take(page: number, scale: number): Promise<C | null> {
    const prepared = this.claimed()
    if (this.done || !prepared) return null
    await prepared.result
    return this.takeNow(page, scale)
  }

  /**
   * The reader closes: a canvas it claimed and did not take goes back. One it never claimed stays with
   * the cache (it may be the page this reader just left there with `keep`).
   */
  release(): void {
    if (this.done) return
    this.done = true
    void this.prepared?.result.then((drawn) => drawn && this.options.give(drawn.canvas))
  }

  /** The reader closes showing `drawn` (the page it will reopen at, at its zoom): kept for that reopen. */
  keep(drawn: DrawnPage<C>): void {
    this.options.keep(drawn)
  }

  private claimed(): Prepared<DrawnPage<C>> | null {
    if (this.prepared === undefined) this.prepared = this.options.claim()
    return this.prepared
  }
}
