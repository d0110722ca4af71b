import {
  getDocument,
  GlobalWorkerOptions,
  PasswordResponses,
  PDFWorker,
  RenderingCancelledException,
  type PageViewport,
  type PDFDocumentLoadingTask,
} from 'pdfjs-dist'
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api'
import { CanvasPool } from './canvasPool'
import { DocumentCache, type LoadingTask } from './documentCache'
import type { DrawnPage } from './drawnAhead'
import type { PageSize } from './PdfPage'
import { startPdfWorker, workerUrl } from './pdfWorkerScript'
import { expectedView } from './readerFrame'
import { scaleIn } from './usePageStack'
import type { Zoom } from './zoom'

// Once, when the viewer's code first loads: every document shares this worker script.
GlobalWorkerOptions.workerSrc = workerUrl

/** pdf.js's data files, shipped beside index.html by the build (see electron.vite.config.ts). */
function dataUrl(folder: 'cmaps' | 'standard_fonts' | 'wasm' | 'iccs'): string {
  return new URL(`pdfjs/${folder}/`, document.baseURI).href
}

/** CSS pixels per PDF unit at 100 %: PDF units are 1/72 inch, CSS pixels 1/96. */
export const CSS_PER_PDF_UNIT = 96 / 72

let worker: PDFWorker | null = null

/**
 * The app's one pdf.js worker, over the thread `startPdfWorker` started (ahead, when a paper with a
 * PDF is shown, or now) and kept: starting it is a third of a first open. Documents share it; closing
 * one leaves it running.
 */
export function pdfWorker(): PDFWorker {
  worker ??= PDFWorker.create({ port: startPdfWorker() })
  return worker
}

/** Starts loading a document from the app's own PDF route, with CMaps, fonts and wasm from the app. */
export function loadDocument(url: string): PDFDocumentLoadingTask {
  return getDocument({ url, ...documentOptions() })
}

/**
 * The app's documents, shared by the reader and the open-ahead, kept a while for a reopen; with the
 * selected paper's opening page, drawn ahead.
 */
export const documents = new DocumentCache<PDFDocumentProxy, DrawnPage<HTMLCanvasElement>>({
  load: (url) => leaseable(loadDocument(url)),
  discard: (drawn) => canvases.give(drawn.canvas),
})

function leaseable(task: PDFDocumentLoadingTask): LoadingTask<PDFDocumentProxy> {
  return {
    promise: task.promise,
    destroy: () => task.destroy(),
    listen: (password, progress) => {
      task.onPassword = password
      task.onProgress = progress
    },
  }
}

/** A document from bytes in memory (the reader's warm-up), set up as `loadDocument`'s are. */
export function loadDocumentBytes(data: Uint8Array): PDFDocumentLoadingTask {
  return getDocument({ data, ...documentOptions() })
}

function documentOptions() {
  return {
    worker: pdfWorker(),
    cMapUrl: dataUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: dataUrl('standard_fonts'),
    wasmUrl: dataUrl('wasm'),
    iccUrl: dataUrl('iccs'),
  }
}

export { PasswordResponses }

/**
 * Has the worker read page `n`'s drawing instructions now, while the reader lays itself out (a few
 * frames of React work in which the worker would sit idle): its fonts are then parsed, converted and
 * loaded (what the worker and the page keep for the document), so drawing the page finds them ready.
 * A head start only: the page reports its own failure when it is drawn.
 */
export async function prepareFirstPage(doc: PDFDocumentProxy, n: number): Promise<void> {
  const page = await doc.getPage(Math.min(Math.max(1, n), doc.numPages))
  await page.getOperatorList()
}

/**
 * Draws page `n` ahead, as the reader will when it opens with `zoom` (see `readerFrame.ts`), while the
 * paper is only selected: the reader then adopts the canvas. Null when `signal` cancelled it.
 */
export async function drawOpeningPage(
  doc: PDFDocumentProxy,
  n: number,
  zoom: Zoom,
  signal: AbortSignal,
): Promise<DrawnPage<HTMLCanvasElement> | null> {
  const scale = scaleIn(zoom, await firstPageSize(doc), expectedView())
  const number = Math.min(Math.max(1, n), doc.numPages)
  const page = await doc.getPage(number)
  if (scale === null || signal.aborted) return null
  const canvas = await drawPage(page, drawingViewport(page, scale), (task) =>
    signal.addEventListener('abort', () => task.cancel(), { once: true }),
  )
  return canvas && { page: number, scale, canvas }
}

/** A page's size at 100 %, in CSS pixels. */
export function pageSize(page: PDFPageProxy): PageSize {
  const { width, height } = page.getViewport({ scale: CSS_PER_PDF_UNIT })
  return { width, height }
}

const firstSizes = new WeakMap<PDFDocumentProxy, PageSize>()

/**
 * Page 1's size at 100 %, remembered for the document: a reader opening it after the open-ahead, or
 * again, then knows its layout in its first render (`knownFirstPageSize`).
 */
export async function firstPageSize(doc: PDFDocumentProxy): Promise<PageSize> {
  const known = firstSizes.get(doc)
  if (known) return known
  const size = pageSize(await doc.getPage(1))
  firstSizes.set(doc, size)
  return size
}

export function knownFirstPageSize(doc: PDFDocumentProxy): PageSize | null {
  return firstSizes.get(doc) ?? null
}

/** Canvas backing stores above this many pixels are drawn at a lower resolution (memory). */
const MAX_CANVAS_PIXELS = 16_777_216

/** The viewport a page is drawn at for `scale` on this screen: in device pixels, within the cap. */
export function drawingViewport(page: PDFPageProxy, scale: number): PageViewport {
  const pixelRatio = window.devicePixelRatio || 1
  const wanted = page.getViewport({ scale: scale * CSS_PER_PDF_UNIT * pixelRatio })
  const shrink = Math.min(1, Math.sqrt(MAX_CANVAS_PIXELS / (wanted.width * wanted.height)))
  return shrink < 1 ? page.getViewport({ scale: scale * CSS_PER_PDF_UNIT * pixelRatio * shrink }) : wanted
}

type RenderTask = ReturnType<PDFPageProxy['render']>

/** The page canvases of every document: give one back once it is no longer shown. */
export const canvases = new CanvasPool(() => document.createElement('canvas'))

/**
 * Allocates the canvas page `size` (CSS pixels at 100 %) will be drawn into at `scale`, while the
 * reader still waits for the page: the first render then starts on a ready backing store.
 */
export function reserveCanvas(size: { width: number; height: number }, scale: number): void {
  const ratio = scale * (window.devicePixelRatio || 1)
  canvases.reserve(Math.floor(size.width * ratio), Math.floor(size.height * ratio), (canvas) =>
    canvas.getContext('2d')?.fillRect(0, 0, 1, 1),
  )
}

/**
 * Draws a page into a pooled canvas of the viewport's size. Resolves to null when the render was
 * cancelled; `onTask` gets the render task as soon as it starts, so the caller can cancel it.
 */
export async function drawPage(
  page: PDFPageProxy,
  viewport: PageViewport,
  onTask: (task: RenderTask) => void,
): Promise<HTMLCanvasElement | null> {
  const canvas = canvases.take(Math.floor(viewport.width), Math.floor(viewport.height))
  const task = page.render({ canvas, viewport })
  onTask(task)
  try {
    await task.promise
  } catch (error) {
    canvases.give(canvas)
    if (error instanceof RenderingCancelledException) return null
    throw error
  }
  return canvas
}
