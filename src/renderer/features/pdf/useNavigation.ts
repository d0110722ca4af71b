import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import { useCallback, useLayoutEffect, useRef, useState } from 'react'
import type { Annotation } from '../../../shared/domain'
import type { StackLayout } from './pageLayout'
import type { Destination } from './SideStrip'
import { PAGE_PADDING } from './usePageStack'

export interface Navigation {
  /** Scrolls so that `fraction` of the way down page `n` sits `offset` pixels below the top. */
  scrollToPage: (n: number, fraction?: number, offset?: number) => void
  /** A PDF y on a page as a fraction of the page's height (0 for none). */
  fractionOf: (n: number, pdfY: number | null) => Promise<number>
  /** Goes to an outline entry or thumbnail. */
  go: (destination: Destination) => void
}

export function useNavigation({
  doc,
  layout,
  scrollElement,
}: {
  doc: PDFDocumentProxy
  layout: StackLayout | null
  scrollElement: () => HTMLDivElement | null
}): Navigation {
  const scrollToPage = useCallback(
    (n: number, fraction = 0, offset = PAGE_PADDING / 2) => {
      const scroller = scrollElement()
      if (!scroller || !layout) return
      scroller.scrollTop = (layout.tops[n - 1] ?? 0) + fraction * (layout.heights[n - 1] ?? 0) - offset
    },
    [layout, scrollElement],
  )
  const fractionOf = useCallback(
    async (n: number, pdfY: number | null): Promise<number> => {
      if (pdfY === null) return 0
      const page = await doc.getPage(n)
      const viewport = page.getViewport({ scale: 1 })
      const [, y] = viewport.convertToViewportPoint(0, pdfY) as [number, number]
      return Math.min(1, Math.max(0, y / viewport.height))
    },
    [doc],
  )
  const go = useCallback(
    (destination: Destination) => {
      void fractionOf(destination.page, destination.top).then((fraction) =>
        scrollToPage(destination.page, fraction),
      )
    },
    [fractionOf, scrollToPage],
  )
  return { scrollToPage, fractionOf, go }
}

/** Where a document opens: a highlight, a page (a search hit), or where the reader left it. */
export interface OpenAt {
  annotationId?: string
  page?: number
}

/**
 * Scrolls to where the document opens, once it is laid out, and focuses the pages so keys scroll
 * them. Returns the highlight to draw attention to, once it is in view.
 */
export function useOpenAt({
  at,
  annotations,
  restoredPage,
  pageCount,
  layout,
  navigation,
  scrollElement,
}: {
  at: OpenAt
  annotations: readonly Annotation[]
  restoredPage: number
  pageCount: number
  layout: StackLayout | null
  navigation: Navigation
  scrollElement: () => HTMLDivElement | null
}): string | null {
  const opened = useRef(false)
  const [flash, setFlash] = useState<string | null>(null)
  const { fractionOf, scrollToPage } = navigation
  useLayoutEffect(() => {
    if (opened.current || !layout) return
    let frame = 0
    const open = () => {
      const element = scrollElement()
      // Pages laid out in the reader's first commit (a document already loaded) come before the
      // dialog is shown (its showModal is an effect of its own, run after this one), and a hidden
      // element keeps no scroll position: wait until it is shown.
      if (!element || element.clientHeight === 0) {
        frame = requestAnimationFrame(open)
        return
      }
      opened.current = true
      const target = at.annotationId ? annotations.find((a) => a.id === at.annotationId) : undefined
      const page = Math.min(Math.max(1, at.page ?? restoredPage), pageCount)
      if (target) {
        const top = Math.max(...target.anchor.quads.map((q) => q[3]))
        void fractionOf(target.anchor.page, Number.isFinite(top) ? top : null).then((fraction) => {
          scrollToPage(target.anchor.page, fraction, element.clientHeight / 3)
          setFlash(target.id)
        })
      } else if (page > 1) scrollToPage(page)
      element.focus({ preventScroll: true })
    }
    open()
    return () => cancelAnimationFrame(frame)
  }, [layout, at, annotations, restoredPage, pageCount, fractionOf, scrollToPage, scrollElement])
  return flash
}
