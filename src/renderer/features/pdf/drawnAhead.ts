/** A page drawn before the reader asked for it, and the scale it was drawn at. */
export interface DrawnPage<C> {
  page: number
  scale: number
  canvas: C
}

/**
 * The opening page the open-ahead drew while the paper was only selected, handed to the reader once:
 * the page adopts the canvas if it was drawn at the scale the reader shows it at, and draws its own
 * otherwise. A canvas nobody adopts goes back through `give` (the pool).
 */
export class DrawnAhead<C> {
  private done = false
  /** The drawing, once finished. */
  private settled: DrawnPage<C> | null = null

  constructor(
    private readonly drawn: Promise<DrawnPage<C> | null>,
    private readonly give: (canvas: C) => void,
  ) {
    void drawn.then((page) => (this.settled = page))
  }

  /**
   * The canvas drawn ahead for `page` at `scale`, now (the page shows with the reader's first frame),
   * or null: not drawn yet, drawn for another page (which may still ask), or taken or let go already.
   * Drawn at another scale, it is let go.
   */
  takeNow(page: number, scale: number): C | null {
    const drawn = this.settled
    if (this.done || !drawn || drawn.page !== page) return null
    this.done = true
    if (drawn.scale === scale) return drawn.canvas
    this.give(drawn.canvas)
    return null
  }

  /** `takeNow` once the drawing has finished (the reader opened while it was being drawn). */
  async take(page: number, scale: number): Promise<C | null> {
    if (this.done) return null
    await this.drawn
    return this.takeNow(page, scale)
  }

  /** The reader closes: a canvas not taken goes back. */
  release(): void {
    if (this.done) return
    this.done = true
    void this.drawn.then((drawn) => drawn && this.give(drawn.canvas))
  }
}
