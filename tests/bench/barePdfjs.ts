import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize } from 'node:path'
import type { Browser } from '@playwright/test'
import { REPO_ROOT } from '../e2e/support/lecternServer'

/**
 * The floor under the reader's first page: bare pdf.js (the same pdfjs-dist, its worker script and
 * the app's build of its CMaps, fonts and wasm; no Lectern code) opening a PDF and drawing page 1 at
 * the reader's canvas width, in the same browser. pdf.js is imported and its worker started before
 * the clock starts, as the reader has them preloaded by the time of the click. "first": the first
 * document in a fresh page; "again": the same file opened once more in that page.
 */
export async function timeBarePdfjs(
  browser: Browser,
  pdf: string,
  canvasWidth: number,
  runs: number,
): Promise<{ first: number[]; again: number[] }> {
  const server = await serveFloor(pdf)
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const first: number[] = []
  const again: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      const page = await context.newPage()
      await page.goto(`${origin}/`)
      await page.evaluate(preparePdfjs)
      first.push(await page.evaluate<number>(openAndDraw(canvasWidth)))
      again.push(await page.evaluate<number>(openAndDraw(canvasWidth)))
      await context.close()
    }
  } finally {
    await new Promise((done) => server.close(done))
  }
  return { first, again }
}

// Strings, not functions: tsx's transform adds a helper (`__name`) that does not exist in the page.
const preparePdfjs = `(async () => {
  const pdfjs = await import('/pdf.min.mjs')
  const port = new Worker('/pdf.worker.min.mjs', { type: 'module', name: 'pdf.js' })
  const worker = pdfjs.PDFWorker.create({ port })
  await worker.promise
  window.floor = { pdfjs, worker }
})()`

const openAndDraw = (canvasWidth: number) => `(async (canvasWidth) => {
  const { pdfjs, worker } = window.floor
  const data = (folder) => new URL('/pdfjs/' + folder + '/', location.href).href
  const start = performance.now()
  const task = pdfjs.getDocument({
    url: '/file.pdf',
    worker,
    cMapUrl: data('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: data('standard_fonts'),
    wasmUrl: data('wasm'),
    iccUrl: data('iccs'),
  })
  const doc = await task.promise
  const page = await doc.getPage(1)
  const viewport = page.getViewport({ scale: canvasWidth / page.getViewport({ scale: 1 }).width })
  const canvas = document.createElement('canvas')
  canvas.width = Math.floor(viewport.width)
  canvas.height = Math.floor(viewport.height)
  document.body.replaceChildren(canvas)
  await page.render({ canvas, viewport }).promise
  const ms = performance.now() - start
  await task.destroy()
  return ms
})(${canvasWidth})`

const TYPES: Record<string, string> = {
  mjs: 'text/javascript',
  html: 'text/html',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
}

/** Loopback only: the page, pdf.js's scripts, the app's build of pdf.js's data files, and the PDF. */
async function serveFloor(pdf: string): Promise<Server> {
  const pdfjsBuild = join(REPO_ROOT, 'node_modules/pdfjs-dist/build')
  const data = join(REPO_ROOT, 'out/renderer')
  const files = new Map<string, string>([
    ['/pdf.min.mjs', join(pdfjsBuild, 'pdf.min.mjs')],
    ['/pdf.worker.min.mjs', join(pdfjsBuild, 'pdf.worker.min.mjs')],
    ['/file.pdf', pdf],
  ])
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://floor').pathname
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>pdf.js floor</title>')
      return
    }
    const file =
      files.get(path) ??
      (path.startsWith('/pdfjs/') && !path.includes('..') ? join(data, normalize(path)) : null)
    if (!file) {
      res.writeHead(404).end()
      return
    }
    stat(file).then(
      (info) => {
        const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream'
        res.writeHead(200, { 'content-type': type, 'content-length': info.size })
        createReadStream(file).pipe(res)
      },
      () => res.writeHead(404).end(),
    )
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  return server
}
