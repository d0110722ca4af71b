import { getDocument, GlobalWorkerOptions, PasswordResponses, type PDFDocumentLoadingTask } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

// Once, when the viewer's code first loads: every document shares this worker script.
GlobalWorkerOptions.workerSrc = workerUrl

/** pdf.js's data files, shipped beside index.html by the build (see electron.vite.config.ts). */
function dataUrl(folder: 'cmaps' | 'standard_fonts' | 'wasm' | 'iccs'): string {
  return new URL(`pdfjs/${folder}/`, document.baseURI).href
}

/** CSS pixels per PDF unit at 100 %: PDF units are 1/72 inch, CSS pixels 1/96. */
export const CSS_PER_PDF_UNIT = 96 / 72

/** Starts loading a document from the app's own PDF route, with CMaps, fonts and wasm from the app. */
export function loadDocument(url: string): PDFDocumentLoadingTask {
  return getDocument({
    url,
    cMapUrl: dataUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: dataUrl('standard_fonts'),
    wasmUrl: dataUrl('wasm'),
    iccUrl: dataUrl('iccs'),
  })
}

export { PasswordResponses }
