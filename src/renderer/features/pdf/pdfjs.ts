import {
  getDocument,
  GlobalWorkerOptions,
  PasswordResponses,
  PDFWorker,
  type PDFDocumentLoadingTask,
} from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

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
 * The app's one pdf.js worker, started on first need (or ahead, when a paper with a PDF is shown) and
 * kept: starting it (a 1.3 MB script) is a third of a first open. Documents share it; closing one
 * leaves it running.
 */
export function pdfWorker(): PDFWorker {
  if (!worker || worker.destroyed) worker = new PDFWorker()
  return worker
}

/** Starts loading a document from the app's own PDF route, with CMaps, fonts and wasm from the app. */
export function loadDocument(url: string): PDFDocumentLoadingTask {
  return getDocument({
    url,
    worker: pdfWorker(),
    cMapUrl: dataUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: dataUrl('standard_fonts'),
    wasmUrl: dataUrl('wasm'),
    iccUrl: dataUrl('iccs'),
  })
}

export { PasswordResponses }
