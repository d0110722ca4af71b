import { useCallback, useEffect, useLayoutEffect, useRef } from 'react'
import { indexAt, type StackLayout } from './pageLayout'
import type { ScrollArea } from './useScrollArea'
import { clampScale, stepScale, type Zoom } from './zoom'

/** Where the cursor (or the top middle of the view) was on the page, kept across a zoom. */
interface ZoomAnchor {
  page: number
  fy: number
  fx: number
  dy: number
  dx: number
}

type At = { clientX: number; clientY: number }

/**
 * Zooming that keeps the point under the cursor (or the top of the view) where it is: by the menu,
 * by +/− and by Ctrl + wheel (or pinch on a trackpad), which zoom the document and not the window.
 */
export function useZoom({
  setZoom,
  scale,
  layout,
  leftOf,
  observers,
  scrollElement,
}: {
  setZoom: (zoom: Zoom) => void
  scale: number | null
  layout: StackLayout | null
  leftOf: (i: number) => number
  /** Set when the scroll area mounts: the wheel listener goes on it then. */
  observers: ScrollArea['observers']
  scrollElement: () => HTMLDivElement | null
}): { changeZoom: (next: Zoom, at?: At) => void; zoomBy: (direction: 1 | -1, at?: At) => void } {
  const anchor = useRef<ZoomAnchor | null>(null)
  const changeZoom = useCallback(
    (next: Zoom, at?: At) => {
      const scroller = scrollElement()
      if (scroller && layout) {
        const box = scroller.getBoundingClientRect()
        const dy = at ? at.clientY - box.top : 0
        const dx = at ? at.clientX - box.left : scroller.clientWidth / 2
        const i = indexAt(layout, scroller.scrollTop + dy)
        anchor.current = {
          page: i,
          fy: (scroller.scrollTop + dy - (layout.tops[i] ?? 0)) / (layout.heights[i] ?? 1),
          fx: (scroller.scrollLeft + dx - leftOf(i)) / (layout.widths[i] ?? 1),
          dy,
          dx,
        }
      }
      setZoom(next)
    },
    [layout, leftOf, scrollElement, setZoom],
  )
  useLayoutEffect(() => {
    const kept = anchor.current
    const scroller = scrollElement()
    if (!kept || !scroller || !layout) return
    anchor.current = null
    const i = kept.page
    scroller.scrollTop = (layout.tops[i] ?? 0) + kept.fy * (layout.heights[i] ?? 0) - kept.dy
    scroller.scrollLeft = leftOf(i) + kept.fx * (layout.widths[i] ?? 0) - kept.dx
  }, [layout, leftOf, scrollElement])
  const zoomBy = useCallback(
    (direction: 1 | -1, at?: At) => {
      if (scale !== null) changeZoom({ scale: stepScale(scale, direction) }, at)
    },
    [scale, changeZoom],
  )
  useEffect(() => {
    const scroller = scrollElement()
    if (!scroller || scale === null) return
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return
      event.preventDefault()
      const factor = Math.exp(-event.deltaY / (event.deltaMode === 1 ? 20 : 400))
      changeZoom({ scale: clampScale(scale * factor) }, event)
    }
    scroller.addEventListener('wheel', onWheel, { passive: false })
    return () => scroller.removeEventListener('wheel', onWheel)
  }, [scale, changeZoom, observers, scrollElement])
  return { changeZoom, zoomBy }
}
