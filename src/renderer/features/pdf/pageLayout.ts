import { lastAtOrBelow } from './lastAtOrBelow'

/**
 * Where each item of a long vertical list sits, computed rather than measured: pages (and thumbnails)
 * are placed at known offsets and only those near the view are mounted, so a 500-page document costs
 * what a 5-page one does.
 */
export interface StackLayout {
  /** Top of item `i` (0-based) and its size, in CSS pixels. */
  tops: number[]
  heights: number[]
  widths: number[]
  /** Height of the whole stack, padding included. */
  total: number
  maxWidth: number
}

export function stackLayout(
  sizes: readonly { width: number; height: number }[],
  options: { padding: number; gap: number },
): StackLayout {
  const tops: number[] = []
  const heights: number[] = []
  const widths: number[] = []
  let y = options.padding
  let maxWidth = 0
  for (const size of sizes) {
    tops.push(y)
    heights.push(size.height)
    widths.push(size.width)
    maxWidth = Math.max(maxWidth, size.width)
    y += size.height + options.gap
  }
  return {
    tops,
    heights,
    widths,
    total: y - (sizes.length > 0 ? options.gap : 0) + options.padding,
    maxWidth,
  }
}

/** The item at height `y`: the last one starting at or above it (0-based; 0 above the first). */
export function indexAt(layout: StackLayout, y: number): number {
  return lastAtOrBelow(layout.tops, y)
}

/** The items overlapping `[from, to]`, as a 0-based inclusive range. */
export function itemsWithin(layout: StackLayout, from: number, to: number): [number, number] {
  if (layout.tops.length === 0) return [0, -1]
  return [indexAt(layout, from), indexAt(layout, to)]
}

/**
 * The items to keep mounted around a view of `viewHeight` scrolled to `scrollTop`: `above` screens
 * above it and `below` screens below it (0-based inclusive range).
 */
export function mountedRange(
  layout: StackLayout,
  view: { scrollTop: number; height: number },
  margins: { above: number; below: number },
): [number, number] {
  return itemsWithin(
    layout,
    view.scrollTop - view.height * margins.above,
    view.scrollTop + view.height * (1 + margins.below),
  )
}

/**
 * The item showing most in the view (0-based): where the reader is. A later item wins only by more
 * than a pixel, so two pages sharing the view evenly give the upper one.
 */
export function mostShown(layout: StackLayout, view: { scrollTop: number; height: number }): number {
  const { scrollTop, height } = view
  const [from, to] = itemsWithin(layout, scrollTop, scrollTop + height)
  let best = from
  let bestShown = -1
  for (let i = from; i <= to; i++) {
    const top = layout.tops[i] ?? 0
    const shown = Math.min(top + (layout.heights[i] ?? 0), scrollTop + height) - Math.max(top, scrollTop)
    if (shown > bestShown + 1) {
      best = i
      bestShown = shown
    }
  }
  return best
}
