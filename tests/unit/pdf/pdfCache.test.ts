import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PdfCache, PdfError } from '../../../src/main/core/pdf/pdfCache'
import { makePdf } from '../../fixtures/pdf/makePdf'

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../..')
const pdfDir = path.resolve(repoRoot, '../shared/pdfs')
const havePdfs = existsSync(pdfDir)

const GOOD = Buffer.from(makePdf([['A good paper', 'page one'], ['page two']]))
const OTHER = Buffer.from(makePdf([['A different paper']]))
const HTML =
  '<!DOCTYPE html><html><head><title>arXiv</title></head><body>Please try again later</body></html>'
const MAX_BYTES = 64 * 1024
const UA = 'Lectern-test/1.0 (mailto:test@example.org)'

/** What the loopback server serves for the paper URL; tests switch it to fake a later bad download. */
let paper: 'good' | 'html' | 'truncated' = 'good'
const seen = { userAgents: [] as string[], slowClosed: false, hugeSent: 0 }

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  seen.userAgents.push(req.headers['user-agent'] ?? '')
  const route = req.url ?? ''
  const sendPdf = (bytes: Buffer) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.length })
    res.end(bytes)
  }
  const sendHtml = () => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(HTML)
  }
  // Declares the full length, sends part of it, then drops the connection. The pause lets the part
  // reach the client first: fetch discards bytes still buffered when the socket errors.
  const sendCut = (bytes: Buffer, keep: number) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.length })
    res.write(bytes.subarray(0, keep), () => setTimeout(() => res.destroy(), 50))
  }

  if (route === '/pdf/2402.07827') {
    if (paper === 'good') return sendPdf(GOOD)
    if (paper === 'html') return sendHtml()
    return sendCut(GOOD, 400)
  }
  if (route === '/pdf/other') return sendPdf(OTHER)
  if (route === '/pdf/html') return sendHtml()
  if (route === '/pdf/empty') return sendPdf(Buffer.alloc(0))
  if (route === '/pdf/truncated') return sendCut(GOOD, 500)
  if (route === '/pdf/tracemonkey-cut') {
    const full = readFileSync(path.join(pdfDir, 'tracemonkey.pdf'))
    return sendCut(full, 300_000)
  }
  if (route === '/pdf/slow') {
    // Trickles a PDF-looking stream forever; only the client can end it.
    res.writeHead(200, { 'content-type': 'application/pdf' })
    res.write('%PDF-1.4\n')
    const timer = setInterval(() => res.write('% filler line\n'), 10)
    res.on('close', () => {
      clearInterval(timer)
      seen.slowClosed = true
    })
    return
  }
  if (route === '/pdf/huge') {
    // No Content-Length: the limit can only be enforced while streaming.
    res.writeHead(200, { 'content-type': 'application/pdf' })
    const chunk = Buffer.alloc(16 * 1024, 0x20)
    const timer = setInterval(() => {
      res.write(chunk)
      seen.hugeSent += chunk.length
    }, 2)
    res.on('close', () => clearInterval(timer))
    return
  }
  if (route === '/pdf/huge-declared') {
    // Declares too much and never sends a byte: only an early check on the header can end this.
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': MAX_BYTES * 10 })
    res.flushHeaders()
    return
  }
  res.writeHead(404, 'Not Found', { 'content-type': 'text/plain' })
  res.end('no such paper')
}

let server: http.Server
let base: string
let dir: string
let cache: PdfCache

beforeAll(async () => {
  server = http.createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(async () => {
  paper = 'good'
  seen.userAgents = []
  seen.slowClosed = false
  seen.hugeSent = 0
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-pdfcache-'))
  cache = new PdfCache({
    dir: path.join(dir, 'cache'),
    fetch: globalThis.fetch,
    maxBytes: MAX_BYTES,
    userAgent: UA,
  })
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function cacheNames(): Promise<string[]> {
  return existsSync(path.join(dir, 'cache')) ? (await readdir(path.join(dir, 'cache'))).sort() : []
}

async function partFiles(): Promise<string[]> {
  return (await cacheNames()).filter((name) => name.endsWith('.part'))
}

/** The PdfError a promise rejects with (fails the test if it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<PdfError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(PdfError)
  return err as PdfError
}

describe('PdfCache.download', () => {
  it('stores a good PDF under its sha256, reports progress and sends the user agent', async () => {
    const progress: [number, number | null][] = []
    const stored = await cache.download(`${base}/pdf/2402.07827`, {
      onProgress: (r, t) => progress.push([r, t]),
    })

    expect(stored).toMatchObject({ size: GOOD.length, pages: 2, passwordRequired: false })
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(await readFile(cache.pathOf(stored.sha256)!)).toEqual(GOOD)
    expect(await cacheNames()).toEqual([`${stored.sha256}.pdf`])
    expect(progress.at(-1)).toEqual([GOOD.length, GOOD.length])
    expect(seen.userAgents).toEqual([UA])
  })

  it('refuses an HTML page, naming the URL', async () => {
    const err = await failure(cache.download(`${base}/pdf/html`))
    expect(err.code).toBe('not-pdf')
    expect(err.message).toBe(`${base}/pdf/html returned an HTML page, not a PDF`)
    expect(await cacheNames()).toEqual([])
  })

  it('refuses an empty body', async () => {
    const err = await failure(cache.download(`${base}/pdf/empty`))
    expect(err.code).toBe('empty')
    expect(await cacheNames()).toEqual([])
  })

  it('calls a body shorter than its Content-Length truncated, with both counts', async () => {
    const err = await failure(cache.download(`${base}/pdf/truncated`))
    expect(err.code).toBe('truncated')
    expect(err.message).toBe(
      `Download of ${base}/pdf/truncated stopped at 500 of ${GOOD.length.toLocaleString('en-US')} bytes`,
    )
    expect(await cacheNames()).toEqual([])
  })

  it.skipIf(!havePdfs)(
    havePdfs
      ? 'reports an interrupted real paper download in bytes'
      : `reports an interrupted real paper download — SKIPPED: ${pdfDir} is absent`,
    async () => {
      const big = new PdfCache({ dir: path.join(dir, 'cache'), fetch: globalThis.fetch, userAgent: UA })
      const err = await failure(big.download(`${base}/pdf/tracemonkey-cut`))
      expect(err.code).toBe('truncated')
      // The count is what reached the client before the drop: all 300,000 bytes sent, or fewer
      // when a loaded machine had not read them all (fetch discards what it still buffered).
      const stopped = /^Download of (\S+) stopped at ([\d,]+) of 1,016,315 bytes$/.exec(err.message)
      expect(stopped?.[1]).toBe(`${base}/pdf/tracemonkey-cut`)
      const received = Number(stopped?.[2]?.replaceAll(',', ''))
      expect(received).toBeGreaterThan(0)
      expect(received).toBeLessThanOrEqual(300_000)
      expect(await partFiles()).toEqual([])
    },
  )

  it('cancels mid-stream on abort and removes the temp file', async () => {
    const controller = new AbortController()
    let sawPart = false
    const err = await failure(
      cache.download(`${base}/pdf/slow`, {
        signal: controller.signal,
        onProgress: (received) => {
          if (received < 200 || controller.signal.aborted) return
          void partFiles().then((parts) => {
            if (controller.signal.aborted) return
            sawPart = parts.length === 1
            controller.abort()
          })
        },
      }),
    )
    expect(err.code).toBe('cancelled')
    expect(sawPart).toBe(true)
    expect(await cacheNames()).toEqual([])
    await expect.poll(() => seen.slowClosed).toBe(true)
  })

  it('does not start when the signal is already aborted', async () => {
    const err = await failure(cache.download(`${base}/pdf/2402.07827`, { signal: AbortSignal.abort() }))
    expect(err.code).toBe('cancelled')
    expect(seen.userAgents).toEqual([])
  })

  it('stops a body without Content-Length as soon as it passes maxBytes', async () => {
    const err = await failure(cache.download(`${base}/pdf/huge`))
    expect(err.code).toBe('too-large')
    expect(err.message).toContain('65,536 bytes limit')
    expect(await cacheNames()).toEqual([])
    // The server keeps writing until the client hangs up; it must have hung up near the limit.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(seen.hugeSent).toBeLessThan(MAX_BYTES * 8)
  })

  it('rejects a Content-Length over maxBytes before reading the body', async () => {
    const err = await failure(cache.download(`${base}/pdf/huge-declared`))
    expect(err.code).toBe('too-large')
    expect(err.message).toBe(
      `${base}/pdf/huge-declared is 655,360 bytes, over the 65,536 bytes limit for PDFs`,
    )
    expect(await cacheNames()).toEqual([])
  })

  it('turns a 404 into an http error with the status', async () => {
    const err = await failure(cache.download(`${base}/pdf/9999.99999`))
    expect(err.code).toBe('http')
    expect(err.status).toBe(404)
    expect(err.message).toBe(`${base}/pdf/9999.99999 returned HTTP 404 Not Found`)
  })

  it('reports an unreachable host as a network error', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))

    const err = await failure(cache.download(`http://127.0.0.1:${port}/pdf/x`))
    expect(err.code).toBe('network')
    expect(err.message).toContain(`http://127.0.0.1:${port}/pdf/x could not be reached`)
  })

  it('keeps a good cached file when a later download of the same paper goes bad', async () => {
    const good = await cache.download(`${base}/pdf/2402.07827`)
    const before = await cacheNames()

    paper = 'html'
    expect((await failure(cache.download(`${base}/pdf/2402.07827`))).code).toBe('not-pdf')
    paper = 'truncated'
    expect((await failure(cache.download(`${base}/pdf/2402.07827`))).code).toBe('truncated')

    expect(await cacheNames()).toEqual(before)
    expect(await readFile(cache.pathOf(good.sha256)!)).toEqual(GOOD)
  })
})

describe('PdfCache.addLocalFile', () => {
  it('dedups identical bytes from a download and a local file', async () => {
    const local = path.join(dir, 'paper.pdf')
    await writeFile(local, GOOD)
    const downloaded = await cache.download(`${base}/pdf/2402.07827`)
    const added = await cache.addLocalFile(local)
    const other = await cache.download(`${base}/pdf/other`)

    expect(added).toEqual(downloaded)
    expect(other.sha256).not.toBe(added.sha256)
    expect(await cache.size()).toEqual({ files: 2, bytes: GOOD.length + OTHER.length })
    expect(await partFiles()).toEqual([])
  })

  it('names the path of a file that is not a PDF', async () => {
    const local = path.join(dir, 'saved.pdf')
    await writeFile(local, HTML)
    const err = await failure(cache.addLocalFile(local))
    expect(err.code).toBe('not-pdf')
    expect(err.message).toBe(`${local} is an HTML page, not a PDF`)
    expect(await cacheNames()).toEqual([])
  })

  it('reports a missing path as not-found and a directory as not a file', async () => {
    const missing = path.join(dir, 'nope.pdf')
    const err = await failure(cache.addLocalFile(missing))
    expect(err.code).toBe('not-found')
    expect(err.message).toBe(`${missing} does not exist`)
    const notFile = await failure(cache.addLocalFile(dir))
    expect(notFile.code).toBe('not-regular')
    expect(notFile.message).toBe(`${dir} is a directory, not a regular file`)
  })

  it('refuses a local file over maxBytes', async () => {
    const local = path.join(dir, 'big.pdf')
    await writeFile(local, Buffer.concat([GOOD, Buffer.alloc(MAX_BYTES)]))
    expect((await failure(cache.addLocalFile(local))).code).toBe('too-large')
  })

  it.skipIf(!havePdfs)(
    havePdfs
      ? 'keeps a password-protected PDF'
      : `keeps a password-protected PDF — SKIPPED: ${pdfDir} is absent`,
    async () => {
      const stored = await cache.addLocalFile(path.join(pdfDir, 'issue6010_1.pdf'))
      expect(stored).toMatchObject({ pages: null, passwordRequired: true })
      expect(cache.pathOf(stored.sha256)).not.toBeNull()
    },
  )
})

describe('PdfCache.pathOf, size and clear', () => {
  it('answers only for a well-formed sha256 that is cached', async () => {
    const stored = await cache.download(`${base}/pdf/2402.07827`)
    expect(cache.pathOf(stored.sha256)).toBe(path.join(dir, 'cache', `${stored.sha256}.pdf`))
    expect(cache.pathOf('0'.repeat(64))).toBeNull()
    expect(cache.pathOf(stored.sha256.toUpperCase())).toBeNull()
    expect(cache.pathOf(`${stored.sha256}/../${stored.sha256}`)).toBeNull()
    expect(cache.pathOf('../cache/' + stored.sha256)).toBeNull()
  })

  it('reports an empty cache before anything was stored', async () => {
    expect(await cache.size()).toEqual({ files: 0, bytes: 0 })
    expect(await cache.clear()).toBe(0)
  })

  it('clears all but the kept files, sweeps leftover .part files and ignores foreign files', async () => {
    const keep = await cache.download(`${base}/pdf/2402.07827`)
    const drop = await cache.download(`${base}/pdf/other`)
    const cacheDir = path.join(dir, 'cache')
    await writeFile(path.join(cacheDir, 'crashed.part'), Buffer.alloc(100))
    await writeFile(path.join(cacheDir, 'notes.txt'), 'not ours')
    await mkdir(path.join(cacheDir, 'sub'))

    expect(await cache.clear(new Set([keep.sha256]))).toBe(OTHER.length + 100)
    expect(await cacheNames()).toEqual([`${keep.sha256}.pdf`, 'notes.txt', 'sub'].sort())
    expect(cache.pathOf(drop.sha256)).toBeNull()
    expect(await cache.size()).toEqual({ files: 1, bytes: GOOD.length })
  })
})

describe('PdfCache.addBase64', () => {
  it('decodes a PDF of several slices into the same bytes, and refuses one over the limit before decoding', async () => {
    const big = new PdfCache({ dir: path.join(dir, 'big'), fetch: globalThis.fetch, userAgent: UA })
    // One page whose content stream is about 6 MB: base64 of more than one 4 MiB slice.
    const lines = Array.from({ length: 120_000 }, (_, i) => `line ${i} of a long page of text`)
    const bytes = Buffer.from(makePdf([lines]))
    expect(bytes.length).toBeGreaterThan(4 * 1024 * 1024)
    const stored = await big.addBase64(bytes.toString('base64'), 'big.pdf')
    expect(stored).toMatchObject({ size: bytes.length, pages: 1 })
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))

    const tooLarge = await failure(cache.addBase64(Buffer.alloc(MAX_BYTES + 3).toString('base64'), 'x.pdf'))
    expect(tooLarge.code).toBe('too-large')
    expect(tooLarge.message).toBe('x.pdf is 65,539 bytes, over the 65,536 bytes limit for PDFs')
  })
})
