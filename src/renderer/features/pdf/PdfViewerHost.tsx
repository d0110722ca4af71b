import { useEffect, useState, type ComponentType } from 'react'
import { OPEN_PDF_EVENT, openRequestOf, type OpenPdfRequest } from './openPdf'
import type { PdfViewerProps } from './PdfViewer'

// pdf.js is large: it loads with the viewer, not with the library.
const loadViewer = () => import('./PdfViewer')

/** Loads the viewer's code and starts pdf.js's worker ahead of time (a paper with a PDF is on screen). */
export function preloadPdfViewer(): void {
  void loadViewer().then((viewer) => viewer.warmUp())
}

/**
 * Opens the viewer whenever something asks for it with a `lectern:open-pdf` event. The viewer's code
 * is imported by hand rather than through `lazy` + `Suspense`, which holds back revealed content for
 * up to 300 ms: that would be most of the time to the first page.
 */
export function PdfViewerHost() {
  const [request, setRequest] = useState<(OpenPdfRequest & { seq: number }) | null>(null)
  const [Viewer, setViewer] = useState<ComponentType<PdfViewerProps> | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  useEffect(() => {
    let seq = 0
    const onOpen = (event: Event) => {
      const wanted = openRequestOf(event)
      if (!wanted) return
      setRequest({ ...wanted, seq: ++seq })
      loadViewer().then(
        (viewer) => setViewer(() => viewer.default),
        (error: unknown) =>
          setLoadError(
            `The PDF viewer could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
          ),
      )
    }
    window.addEventListener(OPEN_PDF_EVENT, onOpen)
    return () => window.removeEventListener(OPEN_PDF_EVENT, onOpen)
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
      onClose={() => setRequest(null)}
    />
  )
}
