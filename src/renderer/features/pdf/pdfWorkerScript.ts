import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

let started: Worker | null = null

/**
 * pdf.js's worker thread, started on its own: it needs only the worker script's URL, not pdf.js, so
 * it can start (a 1.3 MB script to load and compile) while the viewer's code is still loading rather
 * than after it. The app keeps this one worker; every document shares it.
 */
export function startPdfWorker(): Worker {
  started ??= new Worker(workerUrl, { type: 'module', name: 'pdf.js' })
  return started
}

export { workerUrl }
