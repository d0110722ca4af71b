/**
 * Hostile and unlucky PDFs, through the real Lectern: attached from files (zero bytes, a directory,
 * `/dev/zero`, a FIFO, one over the size limit) and uploaded to browser mode's server (`PUT
 * /api/pdf/attach`, the route the page and a forwarding CLI use): a 199 MB malformed file (sparse, so
 * generating it costs nothing) that pdf.js would need about 40 times its size in memory to give up on,
 * a 50 MB valid one, and uploads over the limit. None may hang or take the process past 1 GB; each is
 * refused with a reason that names the file, and nothing is left in the cache.
 *
 * One library and one server serve the whole file (each case attaches to its own paper or is
 * refused), so the suite opens the library once.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, openAsBlob } from 'node:fs'
import { mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Lectern } from '../../../src/main/core/lectern'
import { PdfCache } from '../../../src/main/core/pdf/pdfCache'
import { startWebServer, type WebServer } from '../../../src/main/web/server'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { pdfUploadPath } from '../../../src/shared/pdfUpload'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { openSeeded } from '../support/openLectern'
import { lectern as runCli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'
import { describeMemory, measureMemory } from './peakRss'

const tempDir = useTempDirs()
const MB = 1_000_000
const MiB = 1024 * 1024
/** Seed papers: each case that may attach uses its own. */
const PAPERS = { files: '2402.07827', big: '2402.07456', cli: '2402.07872' }

let dataDir: string
let files: string
let lectern: Lectern
let server: WebServer
let base: string

beforeAll(async () => {
  // Kept for the whole file (tempDir's folders go after each test).
  dataDir = await mkdtemp(join(tmpdir(), 'lectern-test-'))
  files = await mkdtemp(join(tmpdir(), 'lectern-test-'))
  // As the app holds it: a CLI command on this data dir goes to the server below.
  ;({ lectern } = await openSeeded(dataDir, { lock: { kind: 'app' } }))
  const handlers = createHandlers(lectern, 'test')
  server = await startWebServer({
    dispatch: createDispatch(handlers, () => undefined),
    cliDispatch: createDispatch(handlers, () => undefined, { caller: 'cli' }),
    events: lectern.events,
    rendererDir: await tempDir(),
    port: 0,
    pdfFile: (id) => lectern.pdfs.fileOf(id),
    attachPdf: (upload) => lectern.pdfs.attachStream(upload),
  })
  base = `http://127.0.0.1:${server.port}`
  await lectern.lock?.setEndpoint({ url: base, token: server.cliToken })
}, 60_000)

afterAll(async () => {
  await server?.close()
  await lectern?.close()
  await Promise.all([dataDir, files].map((dir) => rm(dir, { recursive: true, force: true })))
})

/** A PDF header, `size` bytes of mostly nothing (a hole in the file), then a trailer and %%EOF. */
async function sparsePdf(path: string, size: number): Promise<void> {
  const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n')
  const file = await open(path, 'w')
  try {
    await file.write(Buffer.from('%PDF-1.7\n'), 0, 9, 0)
    await file.write(tail, 0, tail.byteLength, size - tail.byteLength)
  } finally {
    await file.close()
  }
}

/**
 * A valid one-page PDF of `size` bytes: its objects, then a hole in the file (NUL is white space to a
 * PDF reader, and costs no disk), then its cross-reference table where `startxref` says.
 */
async function paddedPdf(path: string, size: number): Promise<void> {
  const pdf = Buffer.from(makePdf([['A large but valid PDF']]))
  const xrefAt = pdf.lastIndexOf('xref\n')
  const tailAt = size - (pdf.byteLength - xrefAt) - 16
  const tail = Buffer.from(
    pdf
      .subarray(xrefAt)
      .toString('latin1')
      .replace(/startxref\n\d+\n/, `startxref\n${String(tailAt).padStart(10, '0')}\n`),
    'latin1',
  )
  const file = await open(path, 'w')
  try {
    await file.write(pdf, 0, xrefAt, 0)
    await file.write(tail, 0, tail.byteLength, tailAt)
  } finally {
    await file.close()
  }
}

async function attachFile(file: string) {
  return await lectern.pdfs.attachFile(PAPERS.files, file).then(
    () => ({ ok: true as const, message: '' }),
    (err: Error & { code?: string }) => ({ ok: false as const, message: err.message, code: err.code }),
  )
}

/** What the page does: the file itself as the body, its size announced (a File has one). */
async function upload(paperId: string, file: string, name: string) {
  const response = await fetch(`${base}${pdfUploadPath(paperId, name)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/pdf' },
    body: await openAsBlob(file),
  })
  return { status: response.status, reply: (await response.json()) as Record<string, unknown> }
}

/**
 * An upload of `bytes` zeros behind a PDF header, announced or streamed without a length, sent until
 * the server answers: a server that stops reading at its limit answers before the body has all gone.
 */
function uploadZeros(bytes: number, announce: boolean): Promise<{ status: number; reply: unknown }> {
  return new Promise((resolve, reject) => {
    let answered = false
    const req = request(
      `${base}${pdfUploadPath(PAPERS.big, 'endless.pdf')}`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/pdf',
          ...(announce ? { 'content-length': String(bytes) } : {}),
        },
      },
      (res) => {
        answered = true
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, reply: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        )
      },
    )
    // Once the answer is in, the server closing its end is expected; before, it is a failure.
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    const chunk = Buffer.alloc(MiB)
    chunk.write('%PDF-1.7\n')
    let sent = 0
    const pump = (): void => {
      while (!answered && sent < bytes) {
        const size = Math.min(MiB, bytes - sent)
        sent += size
        if (!req.write(size === MiB ? chunk : chunk.subarray(0, size))) return void req.once('drain', pump)
      }
      if (!answered) req.end()
    }
    pump()
  })
}

/** Waits for `done` (checked every 50 ms), failing after a minute: generous for a loaded machine. */
async function until(done: () => Promise<boolean>): Promise<void> {
  for (const start = Date.now(); !(await done());) {
    if (Date.now() - start > 60_000) throw new Error('gave up waiting after 60 s')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function cachedPdfs(): Promise<string[]> {
  return existsSync(join(dataDir, 'pdfs')) ? await readdir(join(dataDir, 'pdfs')) : []
}

describe('attaching hostile PDF files', () => {
  it('refuses zero bytes, a directory and a file over the limit, with the reason', async () => {
    const before = await cachedPdfs()
    const empty = join(files, 'empty.pdf')
    await writeFile(empty, '')
    expect(await attachFile(empty)).toMatchObject({
      ok: false,
      message: `${empty} is an empty file (0 bytes)`,
    })

    const folder = join(files, 'folder.pdf')
    await mkdir(folder)
    expect(await attachFile(folder)).toMatchObject({
      ok: false,
      message: `${folder} is a directory, not a regular file`,
    })

    const huge = join(files, 'huge.pdf')
    await sparsePdf(huge, 201 * MiB)
    expect(await attachFile(huge)).toMatchObject({
      ok: false,
      message: `${huge} is 201 MiB, over the 200 MiB limit for PDFs`,
    })
    expect(await cachedPdfs()).toEqual(before)
  })

  it.skipIf(!existsSync('/dev/zero'))(
    'refuses /dev/zero at once instead of reading it for ever; the CLI too, which uploads a good file to the running app',
    async () => {
      expect(await attachFile('/dev/zero')).toMatchObject({
        ok: false,
        message: '/dev/zero is a character device, not a regular file',
      })
      // The library is held by the server: the CLI reads the file itself and streams it to the app.
      const cli = await runCli('pdf', 'add', PAPERS.cli, '/dev/zero', '--data', dataDir)
      expect(cli.code).not.toBe(0)
      expect(cli.stderr).toContain('/dev/zero is a character device, not a regular file')
      const good = join(files, 'good.pdf')
      await writeFile(good, makePdf([['one'], ['two']]))
      const added = await runCli('pdf', 'add', PAPERS.cli, good, '--data', dataDir, '--json')
      expect(added.stderr).toBe('')
      expect(JSON.parse(added.stdout)).toMatchObject({ paperId: PAPERS.cli, origin: good, pages: 2 })
      expect(lectern.pdfs.current(PAPERS.cli)).toMatchObject({ origin: good, pages: 2 })
    },
  )

  it.skipIf(process.platform === 'win32')('refuses a FIFO without blocking on it', async () => {
    const fifo = join(files, 'pipe.pdf')
    execFileSync('mkfifo', [fifo])
    expect(await attachFile(fifo)).toMatchObject({
      ok: false,
      message: `${fifo} is a FIFO (named pipe), not a regular file`,
    })
  })

  it('stops a check that runs past its time limit, and says so', async () => {
    const cache = new PdfCache({
      dir: join(await tempDir(), 'pdfs'),
      fetch: globalThis.fetch,
      userAgent: 'Lectern hostile-input test',
      // No worker can even load pdf.js in a millisecond.
      checkLimits: { maxHeapMb: 192, timeoutMs: 1 },
    })
    const err = await cache.addBytes(makePdf([['fine']]), 'fine.pdf').then(
      () => null,
      (e: Error) => e,
    )
    expect(err?.message).toBe(
      'fine.pdf is a PDF that could not be opened within 0.001 s; pdf.js was stopped (a damaged file usually does this)',
    )
  })
})

// The 199 MB check may itself run to pdf.js's 60 s limit, and at load 30 the 50 MB upload took over
// 60 s too: generous timeouts, so that a loaded machine is not taken for a hang.
describe('uploading PDFs to browser mode (PUT /api/pdf/attach)', { timeout: 300_000 }, () => {
  it('checks a 199 MB malformed PDF within bounded memory and refuses it, caching nothing', async () => {
    const file = join(files, 'malformed.pdf')
    await sparsePdf(file, 199 * MB)
    const before = await cachedPdfs()
    const { result, memory } = await measureMemory(() => upload(PAPERS.big, file, 'malformed.pdf'))
    // The server runs in this process (and so does the sending client): its own RSS, printed.
    console.info(describeMemory('199 MB malformed PDF uploaded to the server', memory))
    expect(memory.maxRssMb).toBeLessThan(1024)
    expect(result.status).toBe(422)
    // pdf.js either gives up on its own or is stopped at its memory cap; both say so.
    expect(result.reply).toMatchObject({ ok: false, error: { code: 'bad-pdf' } })
    expect((result.reply as { error: { message: string } }).error.message).toMatch(
      /^malformed\.pdf is (a damaged PDF that cannot be read|a PDF that could not be opened within)/,
    )
    expect(await cachedPdfs()).toEqual(before)
    expect(lectern.pdfs.current(PAPERS.big)).toBeNull()
  })

  it('attaches a valid 50 MB PDF, streamed into the cache', async () => {
    const file = join(files, 'large.pdf')
    await paddedPdf(file, 50 * MB)
    const size = (await stat(file)).size
    expect(size).toBeGreaterThanOrEqual(50 * MB - 100)
    const { status, reply } = await upload(PAPERS.big, file, 'large.pdf')
    expect(reply).toMatchObject({
      ok: true,
      data: { paperId: PAPERS.big, source: 'local', origin: 'large.pdf', pages: 1, size },
    })
    expect(status).toBe(200)
    const served = await fetch(`${base}/pdf/${PAPERS.big}?token=${server.token}`)
    expect(Number(served.headers.get('content-length'))).toBe(size)
    await served.body?.cancel()
  })

  it.each([
    [
      'announced by its Content-Length (refused unread)',
      true,
      /^endless\.pdf is 201 MiB, over the 200 MiB limit for PDFs$/,
    ],
    [
      'streamed without a length (stopped at the limit)',
      false,
      /^endless\.pdf is over the 200 MiB limit for PDFs; reading stopped at 200(\.\d)? MiB$/,
    ],
  ] as const)(
    'answers 413 to an upload over the limit %s and leaves no file',
    async (_how, announce, reason) => {
      const before = { files: await cachedPdfs(), attachment: lectern.pdfs.current(PAPERS.big) }
      const { status, reply } = await uploadZeros(201 * MiB, announce)
      expect(status).toBe(413)
      expect(reply).toMatchObject({ ok: false, error: { code: 'too-large' } })
      expect((reply as { error: { message: string } }).error.message).toMatch(reason)
      expect(await cachedPdfs()).toEqual(before.files)
      expect(lectern.pdfs.current(PAPERS.big)).toEqual(before.attachment)
    },
  )

  it('removes the partial file of an upload whose sender goes away', async () => {
    const before = await cachedPdfs()
    const req = request(`${base}${pdfUploadPath(PAPERS.big, 'closed-tab.pdf')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/pdf' },
    })
    req.on('error', () => undefined)
    req.write(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4 * MiB)]))
    await until(async () => (await cachedPdfs()).some((name) => name.endsWith('.part')))
    req.destroy()
    await until(async () => (await cachedPdfs()).join() === before.join())
    expect(lectern.pdfs.current(PAPERS.big)?.origin).not.toBe('closed-tab.pdf')
  })

  it('takes only a PUT of application/pdf with the token in the header, from its own origin', async () => {
    const url = `${base}${pdfUploadPath(PAPERS.big, 'x.pdf')}`
    const pdf = Buffer.from(makePdf([['x']]))
    const put = (headers: Record<string, string>, target = url) =>
      fetch(target, { method: 'PUT', headers, body: pdf }).then((r) => r.status)
    const auth = { authorization: `Bearer ${server.token}` }
    expect(await put({ 'content-type': 'application/pdf' })).toBe(401)
    expect(await put({ 'content-type': 'application/pdf' }, `${url}&token=${server.token}`)).toBe(401)
    expect(await put({ ...auth, 'content-type': 'text/plain' })).toBe(415)
    expect(await put({ ...auth, 'content-type': 'application/pdf', origin: 'http://evil.example' })).toBe(403)
    expect(
      await put({ ...auth, 'content-type': 'application/pdf' }, `${base}/api/pdf/attach?name=x.pdf`),
    ).toBe(400)
    expect(
      await put({ ...auth, 'content-type': 'application/pdf' }, `${base}${pdfUploadPath('nope', 'x.pdf')}`),
    ).toBe(404)
    // A PDF as base64 inside JSON is for small files only: the server would hold it whole.
    const json = await fetch(`${base}/api/pdf:attach`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ paperId: PAPERS.big, name: 'x.pdf', base64: 'A'.repeat(17 * MiB) }),
    })
    expect(json.status).toBe(413)
    expect(await json.json()).toMatchObject({
      ok: false,
      error: {
        code: 'too-large',
        message: expect.stringContaining('send the file itself with PUT /api/pdf/attach'),
      },
    })
  })
})
