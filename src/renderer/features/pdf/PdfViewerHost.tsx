import { lazy, Suspense, useEffect, useState } from 'react'
import { OPEN_PDF_EVENT, openRequestOf, type OpenPdfRequest } from './openPdf'

// pdf.js is large: it loads with the viewer, not with the library.
const loadViewer = () => import('./PdfViewer')
const PdfViewer = lazy(loadViewer)

/** Starts loading the viewer's code ahead of time (a paper with a PDF is on screen). */
export function preloadPdfViewer(): void {
  void loadViewer()
}

/** Opens the viewer whenever something asks for it with a `lectern:open-pdf` event. */
export function PdfViewerHost() {
  const [request, setRequest] = useState<(OpenPdfRequest & { seq: number }) | null>(null)
  useEffect(() => {
    let seq = 0
    const onOpen = (event: Event) => {
      const wanted = openRequestOf(event)
      if (wanted) setRequest({ ...wanted, seq: ++seq })
    }
    window.addEventListener(OPEN_PDF_EVENT, onOpen)
    return () => window.removeEventListener(OPEN_PDF_EVENT, onOpen)
  }, [])
  if (!request) return null
  return (
    <Suspense fallback={null}>
      <PdfViewer key={request.seq} paperId={request.paperId} annotationId={request.annotationId} onClose={() => setRequest(null)} />
    </Suspense>
  )
}
