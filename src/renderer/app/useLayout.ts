import { useEffect, useState } from 'react'

/**
 * How many panes fit, as mail clients do it: all three on a wide window; below 900 px the sidebar
 * folds away behind a button (list + details); below 600 px one pane at a time, the list or the
 * paper's details, with a way back.
 */
export type Layout = 'wide' | 'medium' | 'narrow'

export const MEDIUM_BELOW = 900
export const NARROW_BELOW = 600

export function layoutFor(width: number): Layout {
  return width < NARROW_BELOW ? 'narrow' : width < MEDIUM_BELOW ? 'medium' : 'wide'
}

export function useLayout(): { layout: Layout; width: number } {
  const [width, setWidth] = useState(() => window.innerWidth)
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth)
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [])
  return { layout: layoutFor(width), width }
}
