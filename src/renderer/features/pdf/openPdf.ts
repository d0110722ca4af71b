/**
 * Opening the viewer is an event on the window, so any part of the app (the detail pane's button,
 * the `o` key, a highlight in the list) can ask for it without knowing where the viewer lives.
 */
export const OPEN_PDF_EVENT = 'lectern:open-pdf'

export interface OpenPdfRequest {
  paperId: string
  /** Scroll to this highlight once the document is open. */
  annotationId?: string
  /** Open at this page (1-based), e.g. a full-text search hit. */
  page?: number
  /** Mark these words on that page (the search's phrase). */
  phrase?: string
}

/**
 * Asks for the viewer's code and pdf.js's worker ahead of time (a paper with a PDF is on screen), and
 * for that PDF: opened ahead if the paper stays selected.
 */
export const PRELOAD_PDF_EVENT = 'lectern:preload-pdf'

export interface PreloadPdfRequest {
  paperId: string
  /** The attachment's digest, which tells one file from the next for the same paper. */
  version: string
  /** The page the reader will open at (where the paper was left). */
  page: number
  /** The zoom it will open with (stored form, see `zoomToString`), when the paper has one. */
  zoom?: string
}

export function openPdf(request: OpenPdfRequest): void {
  window.dispatchEvent(new CustomEvent<OpenPdfRequest>(OPEN_PDF_EVENT, { detail: request }))
}

/** The request an event carries, or null when it is not one (the event is public). */
export function openRequestOf(event: Event): OpenPdfRequest | null {
  const detail: unknown = (event as CustomEvent<unknown>).detail
  if (typeof detail !== 'object' || detail === null) return null
  const { paperId, annotationId, page, phrase } = detail as Record<string, unknown>
  if (typeof paperId !== 'string' || paperId === '') return null
  const request: OpenPdfRequest = { paperId }
  if (typeof annotationId === 'string') request.annotationId = annotationId
  if (typeof page === 'number' && Number.isInteger(page) && page >= 1) request.page = page
  if (typeof phrase === 'string' && phrase.trim() !== '') request.phrase = phrase.slice(0, 500)
  return request
}

/**
 * Loads the viewer ahead of an open. An event too, so the detail pane does not import the viewer's
 * host, which imports the viewer, which shows the detail pane's PDF actions.
 */
export function preloadPdfViewer(request: PreloadPdfRequest): void {
  window.dispatchEvent(new CustomEvent<PreloadPdfRequest>(PRELOAD_PDF_EVENT, { detail: request }))
}

/** The paper a preload names, or null when the event is not one. */
export function preloadRequestOf(event: Event): PreloadPdfRequest | null {
  const detail: unknown = (event as CustomEvent<unknown>).detail
  if (typeof detail !== 'object' || detail === null) return null
  const { paperId, version, page, zoom } = detail as Record<string, unknown>
  if (typeof paperId !== 'string' || paperId === '' || typeof version !== 'string') return null
  return {
    paperId,
    version,
    page: typeof page === 'number' && Number.isInteger(page) && page >= 1 ? page : 1,
    // Parsed where it is used (`parseZoom` falls back to fitting the width).
    ...(typeof zoom === 'string' ? { zoom: zoom.slice(0, 20) } : {}),
  }
}
