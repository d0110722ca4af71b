import { useCallback, useRef, useState } from 'react'
import type { ViewSize } from './readerFrame'
import { Visibility } from './renderQueue'

export interface ScrollArea {
  /** The scrolling element, while it is mounted (for effects and handlers, not for rendering). */
  scroller: () => HTMLDivElement | null
  /** What the scrolling element is given as its (callback) ref. */
  attach: (element: HTMLDivElement | null) => (() => void) | undefined
  /** Its inner size, once measured (or as guessed before that). */
  view: ViewSize | null
  /** Pages on screen, and pages within a screen of it (rendered ahead); null until mounted. */
  observers: { visible: Visibility; near: Visibility } | null
  /** Where it is scrolled to, at most once a frame. */
  scrollTop: number
}

/**
 * The document's scroll area: its size, its scroll position, and the observers pages use. `guess`
 * gives its size before it is measured, so that pages can be laid out in the first render.
 */
export function useScrollArea(guess?: () => ViewSize): ScrollArea {
  const element = useRef<HTMLDivElement | null>(null)
  const [view, setView] = useState<ViewSize | null>(() => guess?.() ?? null)
  const [observers, setObservers] = useState<ScrollArea['observers']>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const attach = useCallback((area: HTMLDivElement | null) => {
    element.current = area
    if (!area) return
    const visible = new Visibility(area, '0px')
    const near = new Visibility(area, '100% 0px')
    setObservers({ visible, near })
    const resize = new ResizeObserver(() => {
      const measured = { width: area.clientWidth, height: area.clientHeight }
      // A right guess stays the same object: nothing laid out from it is laid out again.
      setView((known) =>
        known?.width === measured.width && known.height === measured.height ? known : measured,
      )
    })
    resize.observe(area)
    let frame = 0
    const onScroll = () => {
      if (frame) return
      frame = requestAnimationFrame(() => {
        frame = 0
        setScrollTop(area.scrollTop)
      })
    }
    area.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      visible.disconnect()
      near.disconnect()
      resize.disconnect()
      area.removeEventListener('scroll', onScroll)
      cancelAnimationFrame(frame)
    }
  }, [])
  const scroller = useCallback(() => element.current, [])
  return { scroller, attach, view, observers, scrollTop }
}
