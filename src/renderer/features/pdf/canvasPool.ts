/** What the pool needs of a canvas (a plain object in the tests). */
export interface Sized {
  width: number
  height: number
}

/**
 * Page canvases to draw into, reused rather than made anew for every render: scrolling and zooming
 * then allocate no new backing stores, and a reopened document finds canvases of its pages' size.
 * The idle canvases hold at most `maxPixels` together (10 M: about 40 MB); past that the oldest are
 * shrunk to nothing, which frees their memory at once rather than at the next garbage collection.
 */
export class CanvasPool<C extends Sized> {
  private idle: C[] = []
  private pixels = 0

  constructor(
    private readonly create: () => C,
    private readonly maxPixels = 10_000_000,
  ) {}

  /** A canvas of exactly this size: an idle one of that size, else any idle one resized, else new. */
  take(width: number, height: number): C {
    const exact = this.idle.findIndex((c) => c.width === width && c.height === height)
    const at = exact >= 0 ? exact : this.idle.length - 1
    const canvas = at >= 0 ? this.idle.splice(at, 1)[0] : undefined
    if (!canvas) return sized(this.create(), width, height)
    this.pixels -= canvas.width * canvas.height
    // Set even when equal: it clears the bitmap and resets the context's state for the next page.
    return sized(canvas, width, height)
  }

  /** Takes back a canvas nobody shows or draws into any more. */
  give(canvas: C): void {
    if (this.idle.includes(canvas)) return
    const area = canvas.width * canvas.height
    if (area === 0 || area > this.maxPixels) return release(canvas)
    this.idle.push(canvas)
    this.pixels += area
    while (this.pixels > this.maxPixels) {
      const oldest = this.idle.shift()
      if (!oldest) break
      this.pixels -= oldest.width * oldest.height
      release(oldest)
    }
  }

  /**
   * Makes a canvas of this size ahead (the first page's, while the document loads), so that the first
   * render finds its backing store allocated.
   */
  reserve(width: number, height: number, allocate: (canvas: C) => void = () => undefined): void {
    if (this.idle.some((c) => c.width === width && c.height === height)) return
    const canvas = sized(this.create(), width, height)
    allocate(canvas)
    this.give(canvas)
  }

  /** Pixels held by idle canvases (for tests and diagnostics). */
  idlePixels(): number {
    return this.pixels
  }
}

function sized<C extends Sized>(canvas: C, width: number, height: number): C {
  canvas.width = width
  canvas.height = height
  return canvas
}

function release(canvas: Sized): void {
  canvas.width = 0
  canvas.height = 0
}
