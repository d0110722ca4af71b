import { afterEach, describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { startWebServer, type WebServer } from '../../../src/main/web/server'
import { startFakeArxiv, type FakeArxiv } from '../../fixtures/arxiv/fakeArxivServer'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

async function setup(): Promise<{
  server: WebServer
  arxiv: FakeArxiv
  call: (channel: string, input: unknown) => Promise<Response>
}> {
  const pdf = makePdf([['Aya: a multilingual model'], ['Page two']])
  const arxiv = await startFakeArxiv({ entries: seedArxivEntries, pdfs: { '2402.07827': pdf } })
  open.push(arxiv)
  const { lectern } = await openSeeded(await tempDir(), { arxivBaseUrl: arxiv.url })
  const server = await startWebServer({
    dispatch: createDispatch(createHandlers(lectern, 'test'), () => undefined),
    cliDispatch: createDispatch(createHandlers(lectern, 'test'), () => undefined, { caller: 'cli' }),
    events: lectern.events,
    rendererDir: await tempDir(),
    port: 0,
    pdfFile: (id) => lectern.pdfs.fileOf(id),
    attachPdf: (upload) => lectern.pdfs.attachStream(upload),
  })
  open.push(server)
  const base = `http://127.0.0.1:${server.port}`
  const call = (channel: string, input: unknown) =>
    fetch(`${base}/api/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: JSON.stringify(input),
    })
  return { server, arxiv, call }
}

describe('the PDF route of browser mode', () => {
  it('serves a downloaded PDF by paper id only, with ranges, and nothing by path', async () => {
    const { server, call } = await setup()
    const base = `http://127.0.0.1:${server.port}`
    const token = `token=${server.token}`
    expect((await fetch(`${base}/pdf/2402.07827?${token}`)).status).toBe(404)
    const fetched = await (await call('pdf:fetch', { paperId: '2402.07827' })).json()
    expect(fetched).toMatchObject({ ok: true, data: { paperId: '2402.07827', source: 'download', pages: 2 } })

    const whole = await fetch(`${base}/pdf/2402.07827?${token}`)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('application/pdf')
    const bytes = new Uint8Array(await whole.arrayBuffer())
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-')
    const part = await fetch(`${base}/pdf/2402.07827?${token}`, { headers: { range: 'bytes=0-99' } })
    expect(part.status).toBe(206)
    expect((await part.arrayBuffer()).byteLength).toBe(100)
    // pdf.js asks for the middle and the end of a file: the bytes answered are those, not the start.
    const middle = await fetch(`${base}/pdf/2402.07827?${token}`, { headers: { range: 'bytes=100-199' } })
    expect(middle.status).toBe(206)
    expect(middle.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`)
    expect(new Uint8Array(await middle.arrayBuffer())).toEqual(bytes.subarray(100, 200))
    const tail = await fetch(`${base}/pdf/2402.07827?${token}`, { headers: { range: 'bytes=-30' } })
    expect(tail.status).toBe(206)
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 30))
    const beyond = await fetch(`${base}/pdf/2402.07827?${token}`, {
      headers: { range: `bytes=${bytes.length}-` },
    })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`)
    expect((await fetch(`${base}/pdf/2402.07827`)).status).toBe(401)

    for (const probe of [
      '..%2F..%2Fetc%2Fpasswd',
      '%2Fetc%2Fpasswd',
      '..%252F..%252Fetc%252Fpasswd',
      '..',
      '%2e%2e%2fpapers%2f00.json',
      'C%3A%5CWindows%5Cwin.ini',
      '%E0%A4%A',
    ]) {
      const response = await fetch(`${base}/pdf/${probe}?${token}`)
      expect([400, 404], probe).toContain(response.status)
      expect(response.headers.get('content-type'), probe).not.toBe('application/pdf')
    }
  })

  it('never lets a bad download replace a good PDF, and says what was wrong', async () => {
    const { server, arxiv, call } = await setup()
    await call('pdf:fetch', { paperId: '2402.07827' })
    arxiv.setBehaviour({ kind: 'truncate', times: 10 })
    const bad = await (await call('pdf:fetch', { paperId: '2402.07827' })).json()
    expect(bad.ok).toBe(false)
    expect(bad.error.message).toMatch(/stopped at|incomplete|truncated/i)
    const still = await fetch(`http://127.0.0.1:${server.port}/pdf/2402.07827?token=${server.token}`)
    expect(still.status).toBe(200)
    arxiv.setBehaviour({ kind: 'normal' })
    const html = await (await call('pdf:fetch', { paperId: '2402.07456' })).json()
    expect(html).toMatchObject({ ok: false, error: { code: 'network' } })
    expect(html.error.message).toContain('404')
  })

  it('attaches uploaded bytes only when they are a PDF', async () => {
    const { call } = await setup()
    const good = Buffer.from(makePdf([['Attached']])).toString('base64')
    expect(
      await (await call('pdf:attach', { paperId: '2402.07456', name: 'mine.pdf', base64: good })).json(),
    ).toMatchObject({
      ok: true,
      data: { source: 'local', origin: 'mine.pdf', pages: 1 },
    })
    const notPdf = Buffer.from('<html>nope</html>').toString('base64')
    const refused = await (
      await call('pdf:attach', { paperId: '2402.07456', name: 'page.html', base64: notPdf })
    ).json()
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-pdf' } })
    expect(refused.error.message).toContain('page.html')
    const empty = await (
      await call('pdf:attach', { paperId: '2402.07456', name: 'zero.pdf', base64: '' })
    ).json()
    expect(empty).toMatchObject({ ok: false, error: { code: 'bad-pdf' } })
  })
})

describe('opening a PDF in the system viewer', () => {
  it('is the desktop shell’s to do: refused in browser mode, handed to the shell hook in the app', async () => {
    const arxiv = await startFakeArxiv({
      entries: seedArxivEntries,
      pdfs: { '2402.07827': makePdf([['x']]) },
    })
    open.push(arxiv)
    const { lectern } = await openSeeded(await tempDir(), { arxivBaseUrl: arxiv.url })
    await lectern.pdfs.download('2402.07827')
    const browser = createDispatch(createHandlers(lectern, 'test'), () => undefined)
    expect(await browser('pdf:openExternal', { paperId: '2402.07827' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    })
    const opened: string[] = []
    const desktop = createDispatch(
      createHandlers(lectern, 'test', { openPath: async (p) => (opened.push(p), '') }),
      () => undefined,
    )
    expect(await desktop('pdf:openExternal', { paperId: '2402.07827' })).toEqual({
      ok: true,
      data: { opened: true },
    })
    expect(opened).toEqual([lectern.pdfs.fileOf('2402.07827')])
    expect(await desktop('pdf:openExternal', { paperId: '2402.07456' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })
})
