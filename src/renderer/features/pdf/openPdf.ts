/**
 * Opening the viewer is an event on the window, so any part of the app (the detail pane's button,
 * the `o` key, a highlight in the list) can ask for it without knowing where the viewer lives.
 */
export const OPEN_PDF_EVENT = 'lectern:open-pdf'

export interface OpenPdfRequest {
  paperId: string
  /** Scroll to this highlight once the document is open. */
  annotationId?: string
}

export function openPdf(request: OpenPdfRequest): void {
  window.dispatchEvent(new CustomEvent<OpenPdfRequest>(OPEN_PDF_EVENT, { detail: request }))
}

/** The request an event carries, or null when it is not one (the event is public). */
export function openRequestOf(event: Event): OpenPdfRequest | null {
  const detail: unknown = (event as CustomEvent<unknown>).detail
  if (typeof detail !== 'object' || detail === null) return null
  const { paperId, annotationId } = detail as Record<string, unknown>
  if (typeof paperId !== 'string' || paperId === '') return null
  return typeof annotationId === 'string' ? { paperId, annotationId } : { paperId }
}
