import { useEffect, useRef } from 'react'
import { api } from '../../api/client'
import { invalidate } from '../../api/query'
import { messageOf } from './PdfPage'
import { zoomToString, type Zoom } from './zoom'

/**
 * Saves the page and zoom the reader is at (`viewer:save`), a moment after they settle and at once
 * when the viewer closes. `onError` hears of a failed save, and null after a good one.
 */
export function useRememberPlace(
  paperId: string,
  page: number,
  zoom: Zoom,
  onError: (message: string | null) => void,
): void {
  const place = useRef({ page, zoom: zoomToString(zoom) })
  /**
   * The place last saved, at first the one the reader opened at. Saving that again would change
   * nothing but would refetch the paper and re-render the reader while its first page is drawn.
   */
  const saved = useRef({ page, zoom: zoomToString(zoom) })
  useEffect(() => {
    place.current = { page, zoom: zoomToString(zoom) }
    if (place.current.page === saved.current.page && place.current.zoom === saved.current.zoom) return
    const timer = setTimeout(() => {
      const sent = place.current
      api.call('viewer:save', { paperId, ...sent }).then(
        () => {
          saved.current = sent
          onError(null)
        },
        (error: unknown) => onError(`Your place in this PDF was not saved: ${messageOf(error)}`),
      )
    }, 800)
    return () => clearTimeout(timer)
  }, [page, zoom, paperId, onError])
  useEffect(
    () => () => {
      // Closing saves at once; the detail pane's copy of the paper is then out of date.
      void api.call('viewer:save', { paperId, ...place.current }).finally(() => invalidate('papers:get'))
    },
    [paperId],
  )
}
