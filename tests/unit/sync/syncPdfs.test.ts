import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from '../../../src/shared/client'
import type { Lectern } from '../../../src/main/core/lectern'
import { parseServerUrl } from '../../../src/main/core/sync/replica'
import { SyncService } from '../../../src/main/core/sync/syncService'
import { sharedData } from '../../fixtures/sharedData'
import { startCouchServer, type CouchServer } from '../support/couchServer'
import { openMachine } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const PDFS = sharedData('pdfs')
/** 1 MB, and a small one: on both sides of a limit of 100 KB. */
const LARGE = PDFS && join(PDFS, 'tracemonkey.pdf')
const SMALL = PDFS && join(PDFS, 'vertical.pdf')

/**
 * Attached PDFs between two data dirs through express-pouchdb on loopback, with real PDFs from
 * ../shared/pdfs.
 */
describe.skipIf(PDFS === null)('sync of attached PDFs', () => {
  if (PDFS === null) console.warn('skipped: ../shared/pdfs is absent (real PDFs are shared test data)')
  const tempDir = useTempDirs()
  let couch: CouchServer
  const open: Lectern[] = []
  beforeAll(async () => {
    couch = await startCouchServer()
  })
  // Closed before their temp dirs go (hooks after a test run last registered first).
  afterEach(async () => {
    for (const sync of services.values()) await sync.close()
    services.clear()
    for (const lectern of open.splice(0)) await lectern.close()
  })
  afterAll(async () => {
    await couch?.stop()
  })

  async function machine(options: {
    seeded: boolean
  }): Promise<{ lectern: Lectern; api: ApiClient; dataDir: string }> {
    const dataDir = await tempDir()
    const { lectern, api } = await openMachine(dataDir, options)
    open.push(lectern)
    return { lectern, api, dataDir }
  }

  /** One full sync of a machine, with the PDF limit its app has (one replica per machine, as in the app). */
  const services = new Map<Lectern, SyncService>()
  async function syncOnce(m: { lectern: Lectern; dataDir: string }, url: string): Promise<void> {
    let sync = services.get(m.lectern)
    if (!sync) {
      sync = await SyncService.open({
        store: m.lectern.store,
        dataDir: m.dataDir,
        pdfs: await m.lectern.sync.pdfSync(),
      })
      services.set(m.lectern, sync)
    }
    await sync.syncOnce(parseServerUrl(url))
  }

  /** The server's document ids that start with `prefix`, asked over HTTP as any Couch client would. */
  async function serverIds(url: string, prefix: string): Promise<string[]> {
    const range = `startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`
    const response = await fetch(`${url}/_all_docs?${range}`)
    expect(response.status).toBe(200)
    const { rows } = (await response.json()) as { rows: { id: string }[] }
    return rows.map((r) => r.id)
  }

  const put = (url: string, body: unknown) =>
    fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  const sha256Of = async (path: string) =>
    createHash('sha256')
      .update(await readFile(path))
      .digest('hex')

  it('brings a PDF attached from a file into the other machine’s cache, stored once for two papers; downloads stay', async () => {
    const url = couch.url('pdfs-once')
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    const [p1, p2, p3] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1 || !p2 || !p3 || !LARGE) throw new Error('the seed digest has papers')
    const attached = await a.lectern.pdfs.attachFile(p1, LARGE)
    await a.lectern.pdfs.attachFile(p2, LARGE)
    // An arXiv download (recorded as one): each machine fetches those itself.
    await a.lectern.store.update((tx) =>
      tx.putAttachment({ ...attached, id: `${p3}#${'0'.repeat(16)}`, paperId: p3, source: 'download' }),
    )

    await syncOnce(a, url)
    await syncOnce(b, url)

    const sha = await sha256Of(LARGE)
    for (const paperId of [p1, p2]) {
      const detail = await b.api.call('papers:get', { id: paperId })
      expect(detail.attachments).toMatchObject([{ sha256: sha, source: 'local', size: attached.size }])
      const file = b.lectern.pdfs.fileOf(paperId)
      expect(file).not.toBeNull()
      expect(await sha256Of(file as string)).toBe(sha)
    }
    expect((await b.api.call('papers:get', { id: p3 })).attachments).toEqual([])
    expect(await serverIds(url, 'pdf:')).toEqual([`pdf:${sha}`])
    expect(await serverIds(url, 'attachment:')).toHaveLength(2)
  }, 240_000)

  it('keeps a PDF over the limit set in Settings › Sync on its machine, and sends it once the limit allows', async () => {
    const url = couch.url('pdfs-limit')
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    const [p1, p2] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1 || !p2 || !LARGE || !SMALL) throw new Error('the seed digest has papers')
    expect((await a.api.call('sync:setPdfLimit', { maxBytes: 100_000 })).pdfMaxBytes).toBe(100_000)
    expect(await a.api.call('sync:pdfLimit', {})).toEqual({ maxBytes: 100_000, syncing: false })
    await a.lectern.pdfs.attachFile(p1, LARGE)
    await a.lectern.pdfs.attachFile(p2, SMALL)

    await syncOnce(a, url)
    await syncOnce(b, url)
    expect((await b.api.call('papers:get', { id: p1 })).attachments).toEqual([])
    expect(b.lectern.pdfs.fileOf(p1)).toBeNull()
    expect((await b.api.call('papers:get', { id: p2 })).attachments).toHaveLength(1)
    expect(b.lectern.pdfs.fileOf(p2)).not.toBeNull()
    expect(await serverIds(url, 'pdf:')).toEqual([`pdf:${await sha256Of(SMALL)}`])

    // Now in the app, as Settings › Sync does it: the running sync starts over with the new limit.
    await services.get(a.lectern)?.close()
    services.delete(a.lectern)
    await a.api.call('sync:configure', { url })
    expect(await a.api.call('sync:pdfLimit', {})).toEqual({ maxBytes: 100_000, syncing: true })
    await a.api.call('sync:setPdfLimit', { maxBytes: 2_000_000 })
    for (let tries = 0; (await serverIds(url, 'pdf:')).length < 2; tries++) {
      if (tries > 600) throw new Error('the app never sent the PDF the higher limit allows')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await syncOnce(b, url)
    expect((await b.api.call('papers:get', { id: p1 })).attachments).toHaveLength(1)
    expect(await sha256Of(b.lectern.pdfs.fileOf(p1) as string)).toBe(await sha256Of(LARGE))
  }, 240_000)

  it('refuses an attached PDF whose file is not what its record says, naming the document, and syncs the rest', async () => {
    const url = couch.url('pdfs-malformed')
    const a = await machine({ seeded: true })
    const b = await machine({ seeded: false })
    const [p1, p2, p3, p4] = (await a.api.call('papers:list', {})).map((p) => p.id)
    if (!p1 || !p2 || !p3 || !p4 || !SMALL) throw new Error('the seed digest has papers')
    await a.lectern.pdfs.attachFile(p1, SMALL)
    await syncOnce(a, url)

    // Written to the server by another client than Lectern: a file under a sha256 it does not have,
    // one of another size than its record, one that is not application/pdf, and one that is no PDF.
    const good = new Uint8Array(await readFile(SMALL))
    const padded = new Uint8Array([...good, 0x0a])
    const notPdf = new TextEncoder().encode('<html>not a pdf</html>')
    const noHeader = new TextEncoder().encode('plain text that calls itself a PDF')
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
    const cases = [
      {
        paperId: p2,
        name: '0'.repeat(64),
        bytes: good,
        size: good.byteLength,
        type: 'application/pdf',
        problem: /another sha256/,
      },
      {
        paperId: p3,
        name: sha(padded),
        bytes: padded,
        size: padded.byteLength + 1,
        type: 'application/pdf',
        problem: /bytes, its attachment record says/,
      },
      {
        paperId: p4,
        name: sha(notPdf),
        bytes: notPdf,
        size: notPdf.byteLength,
        type: 'text/html',
        problem: /text\/html, not application\/pdf/,
      },
      {
        paperId: p1,
        name: sha(noHeader),
        bytes: noHeader,
        size: noHeader.byteLength,
        type: 'application/pdf',
        problem: /PDF/,
      },
    ]
    const written = new Set<string>()
    for (const c of cases) {
      const record = {
        paperId: c.paperId,
        sha256: c.name,
        size: c.size,
        pages: 1,
        origin: 'elsewhere.pdf',
        addedAt: '2026-01-01T00:00:00.000Z',
      }
      const attachmentId = `attachment:${c.paperId}#${c.name.slice(0, 16)}`
      expect((await put(`${url}/${encodeURIComponent(attachmentId)}`, record)).ok).toBe(true)
      if (written.has(c.name)) continue
      written.add(c.name)
      const file = {
        _attachments: { 'file.pdf': { content_type: c.type, data: Buffer.from(c.bytes).toString('base64') } },
      }
      expect((await put(`${url}/${encodeURIComponent(`pdf:${c.name}`)}`, file)).ok).toBe(true)
    }
    await a.api.call('notes:save', { paperId: p2, text: 'Sent beside the bad files' })
    await syncOnce(a, url)

    // B takes the good PDF and the note, and none of the others; A, which holds the good one, too.
    await syncOnce(b, url)
    expect(b.lectern.pdfs.fileOf(p1)).not.toBeNull()
    expect((await b.api.call('papers:get', { id: p2 })).note?.text).toBe('Sent beside the bad files')
    for (const paperId of [p2, p3, p4]) {
      expect((await b.api.call('papers:get', { id: paperId })).attachments).toEqual([])
      expect(b.lectern.pdfs.fileOf(paperId)).toBeNull()
    }
    const status = await services.get(b.lectern)?.status()
    for (const c of cases) {
      const refused = status?.quarantined.find((q) => q.docId === `pdf:${c.name}`)
      expect(refused?.problem, `pdf:${c.name}`).toMatch(c.problem)
    }
    // Said again by the next sync, which goes through as well.
    await syncOnce(b, url)
    expect((await services.get(b.lectern)?.status())?.quarantined.length).toBeGreaterThanOrEqual(3)
  }, 240_000)
})
