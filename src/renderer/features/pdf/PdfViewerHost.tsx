import { useLayoutEffect, useState, type ComponentType } from 'react'
import { connection } from '../../api/client'
import {
  OPEN_PDF_EVENT,
  openRequestOf,
  PRELOAD_PDF_EVENT,
  preloadRequestOf,
  type OpenPdfRequest,
} from './openPdf'
import type { PdfViewerProps } from './PdfViewer'
import { startPdfWorker } from './pdfWorkerScript'
import { parseZoom } from './zoom'

/** The viewer, once its code has loaded. */
let loadedViewer: ComponentType<PdfViewerProps> | null = null
// pdf.js is large: it loads with the viewer, not with the library.
const loadViewer = () =>
  import('./PdfViewer').then((viewer) => {
    loadedViewer = viewer.default
    return viewer
  })

/**
 * Opens the viewer whenever something asks for it with a `lectern:open-pdf` event. The viewer's code
 * is imported by hand rather than through `lazy` + `Suspense`, which holds back revealed content for
 * up to 300 ms: that would be most of the time to the first page.
 */
export function PdfViewerHost() {
  const [request, setRequest] = useState<(OpenPdfRequest & { seq: number }) | null>(null)
  const [Viewer, setViewer] = useState<ComponentType<PdfViewerProps> | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  // Listening before any effect of the library's first render can ask (layout effects run first).
  useLayoutEffect(() => {
    let seq = 0
    const onOpen = (event: Event) => {
      const wanted = openRequestOf(event)
      if (!wanted) return
      setRequest({ ...wanted, seq: ++seq })
      // Loaded ahead (the usual case): the viewer renders with this event, not a microtask later.
      const loaded = loadedViewer
      if (loaded) {
        setViewer(() => loaded)
        return
      }
      loadViewer().then(
        (viewer) => setViewer(() => viewer.default),
        (error: unknown) =>
          setLoadError(
            `The PDF viewer could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
          ),
      )
    }
    // The viewer's code and pdf.js's worker, both loading at once, before the reader asks; then
    // the paper's PDF, if it stays selected; then the reader's warm-up, which would otherwise hold
    // up that PDF in the one worker (a click before it is drawn waits for both).
    const onPreload = (event: Event) => {
      const wanted = preloadRequestOf(event)
      startPdfWorker()
      void loadViewer().then(async (viewer) => {
        if (wanted)
          await viewer.openAhead(
            connection.pdfUrl(wanted.paperId),
            wanted.version,
            wanted.page,
            parseZoom(wanted.zoom),
          )
        return viewer.warmUpReader()
      })
    }
    window.addEventListener(OPEN_PDF_EVENT, onOpen)
    window.addEventListener(PRELOAD_PDF_EVENT, onPreload)
    return () => {
      window.removeEventListener(OPEN_PDF_EVENT, onOpen)
      window.removeEventListener(PRELOAD_PDF_EVENT, onPreload)
    }
  }, [])
  if (!request) return null
  if (loadError) {
    return (
      <p className="inline-error pdf-load-error" role="alert">
        {loadError}
      </p>
    )
  }
  if (!Viewer) return null
  return (
    <Viewer
      key={request.seq}
      paperId={request.paperId}
      annotationId={request.annotationId}
      page={request.page}
      phrase={request.phrase}
      onClose={() => setRequest(null)}
    />
  )
}
