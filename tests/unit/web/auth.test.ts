import { afterEach, describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { startWebServer, type WebServer } from '../../../src/main/web/server'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

/** Browser mode's server over a seeded library, with a clock whose sleeps are recorded, not waited. */
async function setup() {
  const { lectern } = await openSeeded(await tempDir())
  open.push(lectern)
  const sleeps: number[] = []
  const handlers = createHandlers(lectern, 'test')
  const server: WebServer = await startWebServer({
    dispatch: createDispatch(handlers, () => undefined),
    cliDispatch: createDispatch(handlers, () => undefined, { caller: 'cli' }),
    events: lectern.events,
    rendererDir: await tempDir(),
    port: 0,
    pdfFile: () => null,
    attachPdf: (upload) => lectern.pdfs.attachStream(upload),
    clock: {
      now: Date.now,
      sleep: async (ms) => void sleeps.push(ms),
    },
  })
  open.push(server)
  const base = `http://127.0.0.1:${server.port}`
  const post = (path: string, token?: string, body: unknown = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    })
  return { server, base, post, sleeps }
}

describe('browser-mode tokens', () => {
  it('wrong tokens in URLs (what a hostile page can send) are never counted and never lock anyone out', async () => {
    const { server, base, post, sleeps } = await setup()
    for (let i = 0; i < 25; i++) {
      const img = await fetch(`${base}/api/lists:list?token=wrong-${i}`)
      expect(img.status).toBe(401)
    }
    expect(sleeps).toEqual([])
    expect((await post('/api/lists:list', server.token)).status).toBe(200)
  })

  it('wrong tokens in the header are slowed down past 20 a minute, one at a time; the right one never is', async () => {
    const { server, post, sleeps } = await setup()
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) statuses.push((await post('/api/lists:list', `wrong-${i}`)).status)
    expect(statuses.every((s) => s === 401)).toBe(true)
    expect(sleeps).toEqual([1000, 1000, 1000, 1000, 1000])
    const right = await post('/api/lists:list', server.token)
    expect(right.status).toBe(200)
    expect(sleeps).toHaveLength(5)
  })

  it('wrong query tokens on the event stream and PDF route are slowed apart from the header ones', async () => {
    const { server, base, post, sleeps } = await setup()
    for (let i = 0; i < 21; i++) expect((await fetch(`${base}/pdf/x?token=wrong-${i}`)).status).toBe(401)
    expect(sleeps).toEqual([1000])
    // The header path still has all its free tries.
    expect((await post('/api/lists:list', 'wrong')).status).toBe(401)
    expect(sleeps).toEqual([1000])
    const events = await fetch(`${base}/api/events?token=${server.token}`)
    expect(events.status).toBe(200)
    expect(events.headers.get('content-type')).toBe('text/event-stream')
    await events.body?.cancel()
  })

  it('the API takes its token from the Authorization header only', async () => {
    const { server, base } = await setup()
    const inUrl = await fetch(`${base}/api/lists:list?token=${server.token}`, { method: 'POST', body: '{}' })
    expect(inUrl.status).toBe(401)
    expect((await inUrl.json()).error.message).toContain('Authorization header')
  })

  it('reading files by path is for the CLI token only (the lock file), not the page token', async () => {
    const { server, post } = await setup()
    const asPage = await post('/api/digests:importPaths', server.token, { paths: ['/etc/hostname'] })
    expect(asPage.status).toBe(403)
    expect((await asPage.json()).error).toMatchObject({ code: 'forbidden' })
    const asCli = await post('/api/digests:importPaths', server.cliToken, { paths: ['/nonexistent/x.md'] })
    expect(asCli.status).toBe(200)
    expect((await asCli.json()).data.files[0].skipped[0]).toContain('no such file or folder')
    const relative = await post('/api/digests:importPaths', server.cliToken, { paths: ['x.md'] })
    expect((await relative.json()).error.code).toBe('invalid-input')
  })

  it('answers 400, not 500, to malformed %-encoding', async () => {
    const { server, base, post } = await setup()
    expect((await post('/api/lists%E0%A4%A:list', server.token)).status).toBe(400)
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400)
    expect((await fetch(`${base}/pdf/%E0%A4%A?token=${server.token}`)).status).toBe(400)
  })
})
