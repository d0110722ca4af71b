/**
 * pdf.js in this thread, for the tests' own reading of PDFs (the app checks PDFs in a worker:
 * pdfjsCheck.ts). pdfjs-dist 6 targets Node 22; its legacy
 * build polyfills everything else it needs but calls `Promise.withResolvers` (Node 22+) directly, so
 * that one is installed here, before the dynamic import evaluates the library.
 */
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs'

export type Pdfjs = typeof PdfjsModule

let loading: Promise<Pdfjs> | null = null

export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    installPromiseWithResolvers()
    return import('pdfjs-dist/legacy/build/pdf.mjs')
  })()
  return loading
}

interface Resolvers<T> {
  promise: Promise<T>
  resolve: (value: T | PromiseLike<T>) => void
  reject: (reason?: unknown) => void
}

function installPromiseWithResolvers(): void {
  // ES2023 lib has no typing for it, so reach it through a widened view of the constructor.
  const ctor = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> }
  if (typeof ctor.withResolvers === 'function') return
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(): Resolvers<T> {
      let resolve!: Resolvers<T>['resolve']
      let reject!: Resolvers<T>['reject']
      const promise = new Promise<T>((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    },
  })
}
