import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import { useCallback, useMemo } from 'react'
import { mostShown, mountedRange, stackLayout, type StackLayout } from './pageLayout'
import type { PageSize } from './PdfPage'
import { resolveScale, type Zoom } from './zoom'

/** Space around and between pages, in CSS pixels. */
export const PAGE_PADDING = 16
const PAGE_GAP = 12
/** Pages mounted around the view, in screens (the near observer draws those within one screen). */
const MOUNTED = { above: 1.5, below: 1.5 }

/** The scale a zoom setting means in the scroll area, or null until page 1 and the area are measured. */
export function scaleIn(
  zoom: Zoom,
  first: PageSize | null,
  view: { width: number; height: number } | null,
): number | null {
  if (!first || !view) return null
  return resolveScale(zoom, first, {
    width: view.width - 2 * PAGE_PADDING,
    height: view.height - 2 * PAGE_PADDING,
  })
}

export interface PageStack {
  /** Where each page sits at the current scale; null until the scale is known. */
  layout: StackLayout | null
  /** The stack's width: the widest page, or the view when wider. */
  width: number
  /** Left edge of page `i` (0-based), centred. */
  leftOf: (i: number) => number
  /** Pages (1-based) to mount: those near the view. */
  mounted: number[]
  /** The page showing most, where the reader is. */
  currentPage: number
}

/**
 * Page virtualization: pages sit at computed offsets in one tall stack, and only those within a
 * screen and a half of the view are mounted, so a 500-page document costs what a 5-page one does.
 */
export function usePageStack({
  doc,
  sizeOf,
  scale,
  view,
  scrollTop,
  startPage,
}: {
  doc: PDFDocumentProxy
  sizeOf: (page: number) => PageSize
  scale: number | null
  view: { width: number; height: number } | null
  scrollTop: number
  /** The page to report as current before anything is laid out. */
  startPage: number
}): PageStack {
  const layout = useMemo(() => {
    if (scale === null) return null
    const scaled = Array.from({ length: doc.numPages }, (_, i) => {
      const size = sizeOf(i + 1)
      return { width: size.width * scale, height: size.height * scale }
    })
    return stackLayout(scaled, { padding: PAGE_PADDING, gap: PAGE_GAP })
  }, [doc, sizeOf, scale])
  const width = layout ? Math.max(view?.width ?? 0, layout.maxWidth + 2 * PAGE_PADDING) : 0
  const leftOf = useCallback(
    (i: number) => (layout ? (width - (layout.widths[i] ?? 0)) / 2 : 0),
    [layout, width],
  )
  const height = view?.height ?? 0
  const [first, last] = layout ? mountedRange(layout, { scrollTop, height }, MOUNTED) : [0, -1]
  const currentPage = useMemo(() => {
    if (!layout || height === 0) return Math.min(Math.max(1, startPage), doc.numPages)
    return mostShown(layout, { scrollTop, height }) + 1
  }, [layout, scrollTop, height, startPage, doc])
  return { layout, width, leftOf, mounted: pageNumbers(first, last), currentPage }
}

/** Page numbers from 0-based indices `first` to `last`. */
function pageNumbers(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i + 1)
}
