/**
 * The code of the pdf.js worker thread (pdfjsWorker.ts starts it). Plain JavaScript: it must load the
 * same way under tsx, vitest and the bundled app, so it is inline code, not a module file; pdf.js is
 * imported by the URL the app resolved, once per thread, which then says `{ ready: true }`. It answers
 * one job at a time (`{ id, job, path | bytes, password? }` → `{ id, answer }`) and lives on between
 * them, so pdf.js's import and the CMaps and standard fonts it reads are paid once per thread, not
 * once per file.
 *
 * pdfjs-dist 6 calls `Promise.withResolvers` (Node 22+), installed here for Node 20. The text job
 * gets the CMaps and standard fonts the viewer ships, so CJK text without embedded fonts (whose
 * glyphs map to Unicode only through a CMap) comes out as the viewer shows it.
 */
export const PDFJS_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function () {
    let resolve, reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
const reasonOf = (err) => (err instanceof Error ? err.message : String(err))
// pdf.js and its worker half (which runs in this same thread), imported once, before any file.
const loadPdfjs = async () => {
  // The legacy build's core-js replaces Array.prototype.push with a JavaScript one where V8 is 12.1
  // or older (Node 20) for an edge case of non-writable lengths that pdf.js never meets; every push
  // of pdf.js's own parser then goes through it (a fifth of the time of a text job). This thread
  // runs only pdf.js, so the engine's own is put back.
  const push = Array.prototype.push
  const pdfjs = await import(workerData.pdfjsUrl)
  await import(workerData.pdfjsWorkerUrl)
  Array.prototype.push = push
  return pdfjs
}

// CMaps and standard fonts by path, read once per thread: pdf.js asks for them again for every
// document. A copy is handed out because pdf.js may transfer what it gets.
const binaryData = new Map()
const names = { cMapUrl: 'CMap', standardFontDataUrl: 'font', wasmUrl: 'wasm' }
class CachedBinaryDataFactory {
  constructor(urls) {
    this.urls = urls
  }
  async fetch({ kind, filename }) {
    const base = this.urls[kind]
    if (!base) throw new Error('Ensure that the \`' + kind + '\` API parameter is provided.')
    const path = base + filename
    let bytes = binaryData.get(path)
    if (bytes === undefined) {
      try {
        bytes = new Uint8Array(readFileSync(path))
      } catch {
        throw new Error('Unable to load ' + names[kind] + ' data at: ' + path)
      }
      binaryData.set(path, bytes)
    }
    return bytes.slice()
  }
}

const pageText = async (doc, n) => {
  const page = await doc.getPage(n)
  try {
    const content = await page.getTextContent()
    let text = ''
    for (const item of content.items) {
      if (typeof item.str !== 'string') continue
      text += item.str
      if (item.hasEOL) text += '\\n'
    }
    return text
  } finally {
    page.cleanup()
  }
}

const run = async (pdfjs, request) => {
  const file = request.path === undefined ? request.bytes : readFileSync(request.path)
  // A plain view over the file's own memory: pdf.js copies a Node Buffer but keeps such a view as is.
  const data = new Uint8Array(file.buffer, file.byteOffset, file.byteLength)
  const text = request.job === 'text'
  const task = pdfjs.getDocument({
    data,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...(text
      ? {
          cMapUrl: workerData.cMapDir,
          cMapPacked: true,
          standardFontDataUrl: workerData.fontDir,
          BinaryDataFactory: CachedBinaryDataFactory,
        }
      : {}),
    ...(request.password !== undefined ? { password: request.password } : {}),
  })
  try {
    const doc = await task.promise
    if (!text) return { ok: true, pages: doc.numPages, passwordRequired: false }
    const pages = []
    for (let n = 1; n <= doc.numPages; n++) pages.push(await pageText(doc, n))
    return { ok: true, pages }
  } catch (err) {
    if (err instanceof pdfjs.PasswordException) {
      if (!text) return { ok: true, pages: null, passwordRequired: true }
      return { ok: false, code: err.code === pdfjs.PasswordResponses.INCORRECT_PASSWORD ? 'wrong-password' : 'password', message: reasonOf(err) }
    }
    if (text) return { ok: false, code: 'damaged', message: reasonOf(err) }
    return { ok: false, code: 'damaged', message: 'a damaged PDF that cannot be read (' + reasonOf(err) + ')' }
  } finally {
    await task.destroy()
  }
}

const failure = (err) => (err instanceof Error ? err.stack || err.message : String(err))
loadPdfjs().then(
  (pdfjs) => {
    parentPort.on('message', (request) => {
      run(pdfjs, request).then(
        (answer) => parentPort.postMessage({ id: request.id, answer }),
        (err) => parentPort.postMessage({ id: request.id, failure: failure(err) }),
      )
    })
    parentPort.postMessage({ ready: true })
  },
  (err) => parentPort.postMessage({ failure: failure(err) }),
)
`
