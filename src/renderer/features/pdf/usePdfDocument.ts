import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import { useEffect, useMemo, useRef, useState } from 'react'
import { DrawnAhead } from './drawnAhead'
import { canvases, documents, PasswordResponses, prepareFirstPage } from './pdfjs'

export type DocumentState =
  | { status: 'loading'; percent: number | null }
  | { status: 'password'; wrong: boolean; submit: (password: string) => void }
  | { status: 'ready'; doc: PDFDocumentProxy; drawnAhead: DrawnAhead<HTMLCanvasElement> }
  | { status: 'error'; message: string }

/**
 * Loads a document from `url` (ranges and streaming, so a long PDF opens on its first pages), or
 * takes it from the open-ahead (with its opening page, drawn) or a recent reader, and asks for a
 * password when it needs one. A document already loaded is ready in the first render, so the reader's
 * first frame can show its page. The document is let go on unmount (the cache keeps it for a reopen, or destroys it); callers key the
 * component by document so a new one starts fresh.
 */
export function usePdfDocument(
  url: string,
  options: {
    /** Which file is at `url` now (its digest): a PDF attached again is a new document. */
    version: string
    /** The page the reader opens at: the worker reads it while the reader lays itself out. */
    firstPage?: number
    /**
     * The document opened with this password: the caller hands it to `pdf:indexWithPassword` so search
     * can read the text too. Called once, never kept here.
     */
    onUnlocked?: (password: string) => void
  },
): DocumentState {
  const { version } = options
  const drawnAhead = useMemo(
    () =>
      new DrawnAhead({
        claim: () => documents.takeAhead(url, version),
        give: (canvas) => canvases.give(canvas),
        keep: (drawn) => documents.keepAhead(url, version, drawn),
      }),
    [url, version],
  )
  const [state, setState] = useState<DocumentState>(() => {
    const doc = documents.loaded(url, version)
    return doc ? { status: 'ready', doc, drawnAhead } : { status: 'loading', percent: null }
  })
  const onUnlocked = useRef(options.onUnlocked)
  useEffect(() => {
    onUnlocked.current = options.onUnlocked
  })
  // Read once, when the document loads: where the reader opens is decided then.
  const firstPage = useRef(options.firstPage ?? 1)
  useEffect(() => {
    const lease = documents.acquire(url, version)
    let live = true
    let lastPassword: string | null = null
    let shownPercent = -1
    lease.onPassword((answer, reason) => {
      if (!live) return
      setState({
        status: 'password',
        wrong: reason === PasswordResponses.INCORRECT_PASSWORD,
        submit: (password) => {
          setState({ status: 'loading', percent: null })
          lastPassword = password
          answer(password)
        },
      })
    })
    lease.onProgress(({ loaded, total }) => {
      const percent = total > 0 ? Math.floor((100 * loaded) / total) : null
      if (!live || percent === null || percent < shownPercent + 5) return
      shownPercent = percent
      setState((current) => (current.status === 'loading' ? { status: 'loading', percent } : current))
    })
    lease.promise.then(
      (doc) => {
        if (!live) return
        if (!drawnAhead.exists())
          prepareFirstPage(doc, firstPage.current).catch((error: unknown) => {
            if (live) console.warn(`Page ${firstPage.current} could not be read ahead:`, error)
          })
        // Ready since the first render when it was loaded already.
        setState((current) =>
          current.status === 'ready' && current.doc === doc ? current : { status: 'ready', doc, drawnAhead },
        )
        if (lastPassword !== null) onUnlocked.current?.(lastPassword)
        lastPassword = null
      },
      (error: unknown) => live && setState({ status: 'error', message: describeLoadError(error) }),
    )
    return () => {
      live = false
      drawnAhead.release()
      lease.release()
    }
  }, [url, version, drawnAhead])
  return state
}

/** What went wrong, in words for the reader. */
export function describeLoadError(error: unknown): string {
  const name = error instanceof Error ? error.name : ''
  const detail = error instanceof Error ? error.message : String(error)
  const status = (error as { status?: unknown } | null)?.status
  if (name === 'InvalidPDFException') return `This file is not a readable PDF (${detail}).`
  if (name === 'ResponseException' && status === 404)
    return 'The PDF is no longer in the library (it may have been removed from the cache). Download or attach it again.'
  if (name === 'ResponseException')
    return `The PDF could not be loaded from Lectern (${typeof status === 'number' ? `HTTP ${status}` : detail}).`
  return `The PDF cannot be opened: ${detail}`
}
