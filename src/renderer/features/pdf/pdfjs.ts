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
import { startPdfWorker, workerUrl } from './pdfWorkerScript'

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

/** The app's documents, shared by the reader and the open-ahead, kept a while for a reopen. */
export const documents = new DocumentCache<PDFDocumentProxy>({
  load: (url) => leaseable(loadDocument(url)),
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
