import type { PageViewport } from 'pdfjs-dist'
import type { AnnotationAnchor } from '../../../shared/domain'
import { itemAt, type PageText } from './pageText'

/** A page whose text layer is on screen: what turns a DOM selection into an anchor and back. */
export interface RenderedText {
  page: number
  /** The page box; its on-screen size over `base` gives the zoom. */
  element: HTMLElement
  layer: HTMLElement
  /** The text layer's spans, `divs[i]` for text item `i` (empty items have no span in the DOM). */
  divs: HTMLElement[]
  /** The items whose span is in the DOM, in order. */
  spans: number[]
  text: PageText
  /** The page's viewport at 100 %. */
  base: PageViewport
}

export type Quad = [number, number, number, number]

export interface SelectedText {
  anchor: AnnotationAnchor
  quote: string
}

/** At most this many rectangles are stored per highlight (the contract's limit). */
const MAX_QUADS = 500

/**
 * The selection as an anchor on one page: character offsets into the page's text and the selected
 * lines' rectangles in PDF user space. A selection running over several pages is cut at the end of
 * its first page (a highlight belongs to one page). Null when nothing on a text layer is selected.
 */
export function anchorFromSelection(
  selection: Selection,
  pages: ReadonlyMap<number, RenderedText>,
): SelectedText | null {
  if (selection.rangeCount === 0 || selection.isCollapsed) return null
  const range = selection.getRangeAt(0)
  const first = pageOf(range.startContainer, pages) ?? pageOf(range.endContainer, pages)
  if (!first) return null
  const clipped = range.cloneRange()
  if (!first.layer.contains(range.startContainer)) clipped.setStart(first.layer, 0)
  if (!first.layer.contains(range.endContainer)) clipped.setEnd(first.layer, first.layer.childNodes.length)

  let start = offsetOfPoint(first, clipped.startContainer, clipped.startOffset)
  let end = offsetOfPoint(first, clipped.endContainer, clipped.endOffset)
  const { text } = first.text
  while (start < end && /\s/.test(text[start] ?? '')) start++
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--
  if (end <= start) return null

  // The rectangles of the trimmed text, so stray line ends do not paint a sliver.
  const trimmed = rangeOfOffsets(first, start, end) ?? clipped
  const quads = quadsOfRange(trimmed, first)
  if (quads.length === 0) return null
  return {
    anchor: { page: first.page, start, end, quads },
    quote: text.slice(start, end).replace(/\s+/g, ' '),
  }
}

function pageOf(node: Node, pages: ReadonlyMap<number, RenderedText>): RenderedText | undefined {
  const element = node instanceof Element ? node : node.parentElement
  const pageElement = element?.closest<HTMLElement>('[data-page-number]')
  const rendered = pageElement ? pages.get(Number(pageElement.dataset.pageNumber)) : undefined
  return rendered?.layer.contains(node) ? rendered : undefined
}

/** The page-text offset of a DOM boundary point inside a text layer. */
export function offsetOfPoint(rendered: RenderedText, node: Node, offset: number): number {
  const { divs, spans, text } = rendered
  const element =
    node.nodeType === Node.TEXT_NODE ? node.parentElement : node instanceof HTMLElement ? node : null
  const span = element?.closest<HTMLElement>('[data-item]')
  if (span && rendered.layer.contains(span)) {
    const index = Number(span.dataset.item)
    const length = text.items[index]?.str.length ?? 0
    // In the span's text node: that character; on the span element itself: before or after its text.
    const inside = node.nodeType === Node.TEXT_NODE ? Math.min(offset, length) : offset === 0 ? 0 : length
    return (text.starts[index] ?? 0) + inside
  }
  // A point between spans: the start of the first span after it, by binary search in document order.
  const point = document.createRange()
  point.setStart(node, offset)
  let lo = 0
  let hi = spans.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const div = divs[spans[mid] ?? 0]
    if (div && point.comparePoint(div, 0) < 0) lo = mid + 1
    else hi = mid
  }
  const next = spans[lo]
  return next === undefined ? text.text.length : (text.starts[next] ?? text.text.length)
}

/** A DOM range over page-text offsets in a rendered text layer (for find and the pending highlight). */
export function rangeOfOffsets(rendered: RenderedText, start: number, end: number): Range | null {
  const from = boundary(rendered, start, 'forward')
  const to = boundary(rendered, end, 'backward')
  if (!from || !to) return null
  const range = document.createRange()
  range.setStart(from.node, from.offset)
  range.setEnd(to.node, to.offset)
  return range.collapsed ? null : range
}

function boundary(
  rendered: RenderedText,
  offset: number,
  direction: 'forward' | 'backward',
): { node: Node; offset: number } | null {
  const { index, at } = itemAt(rendered.text, offset)
  const { divs, text } = rendered
  const step = direction === 'forward' ? 1 : -1
  for (let i = index; i >= 0 && i < divs.length; i += step) {
    const node = divs[i]?.firstChild
    if (!node || !divs[i]?.isConnected) continue
    const length = text.items[i]?.str.length ?? 0
    if (i === index) return { node, offset: Math.min(at, length) }
    return { node, offset: direction === 'forward' ? 0 : length }
  }
  return null
}

/** The range's line rectangles in PDF user space, neighbours on one line merged. */
export function quadsOfRange(range: Range, rendered: RenderedText): Quad[] {
  const box = rendered.element.getBoundingClientRect()
  const zoom = box.width / rendered.base.width
  const rects = [...range.getClientRects()]
    .filter((r) => r.width > 0.5 && r.height > 0.5)
    .map((r) => ({
      left: r.left - box.left,
      right: r.right - box.left,
      top: r.top - box.top,
      bottom: r.bottom - box.top,
    }))
    .filter((r) => r.right > 0 && r.left < box.width && r.bottom > 0 && r.top < box.height)
    .sort((a, b) => a.top - b.top || a.left - b.left)
  const lines: typeof rects = []
  for (const r of rects) {
    const line = lines.find((l) => {
      const overlap = Math.min(l.bottom, r.bottom) - Math.max(l.top, r.top)
      const height = Math.min(l.bottom - l.top, r.bottom - r.top)
      return overlap > height * 0.5 && r.left <= l.right + height && r.right >= l.left - height
    })
    if (line) {
      line.left = Math.min(line.left, r.left)
      line.right = Math.max(line.right, r.right)
      line.top = Math.min(line.top, r.top)
      line.bottom = Math.max(line.bottom, r.bottom)
    } else lines.push({ ...r })
  }
  return lines.slice(0, MAX_QUADS).map((l) => {
    const [x1, y1] = rendered.base.convertToPdfPoint(l.left / zoom, l.top / zoom) as [number, number]
    const [x2, y2] = rendered.base.convertToPdfPoint(l.right / zoom, l.bottom / zoom) as [number, number]
    return [
      round(Math.min(x1, x2)),
      round(Math.min(y1, y2)),
      round(Math.max(x1, x2)),
      round(Math.max(y1, y2)),
    ]
  })
}

/** A quad as percentages of the page box, for drawing at any zoom. */
export function quadToBox(
  quad: Quad,
  base: PageViewport,
): { left: string; top: string; width: string; height: string } {
  const [a, b] = base.convertToViewportPoint(quad[0], quad[1]) as [number, number]
  const [c, d] = base.convertToViewportPoint(quad[2], quad[3]) as [number, number]
  const left = Math.min(a, c)
  const top = Math.min(b, d)
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(3)}%`
  return {
    left: pct(left, base.width),
    top: pct(top, base.height),
    width: pct(Math.abs(c - a), base.width),
    height: pct(Math.abs(d - b), base.height),
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
