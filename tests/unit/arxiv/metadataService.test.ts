import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { Lectern } from '../../../src/main/core/lectern'
import { createClient } from '../../../src/shared/client'
import { FakeClock } from '../../fixtures/arxiv/fakeClock'
import { renderErrorFeed, renderFeed, type FakeEntry, type FeedItem } from '../../fixtures/arxiv/renderAtom'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { generateDigest } from '../../fixtures/digests/generateDigest'
import { useTempDirs } from '../support/tempDir'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'

const tempDir = useTempDirs()
const SEED = resolve(import.meta.dirname, '../../fixtures/digests/2024-02-13.md')

type Mode = 'ok' | 'truncate' | 'storm' | 'reject'

/** arXiv in-process (no sockets), so virtual time can run without racing real I/O. */
function fakeArxiv(entries: Record<string, FakeEntry>, clock: FakeClock) {
  const seen: { at: number; ids: string[]; maxResults: number }[] = []
  let mode: Mode = 'ok'
  const fetch = (async (input: string | URL | Request) => {
    const url = new URL(String(input))
    const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean)
    const maxResults = Number(url.searchParams.get('max_results'))
    seen.push({ at: clock.now(), ids, maxResults })
    const query = { idList: ids, start: 0, maxResults }
    if (mode === 'storm') return new Response('<h1>503</h1>', { status: 503 })
    if (mode === 'reject') return atom(renderErrorFeed('classic', query, ids[0] ?? ''))
    const items = ids.map((id): FeedItem =>
      entries[id] ? { kind: 'paper', entry: entries[id] } : { kind: 'empty' },
    )
    const xml = renderFeed('classic', query, items.reverse())
    return atom(mode === 'truncate' ? xml.slice(0, xml.length / 2) : xml)
  }) as typeof globalThis.fetch
  return { fetch, seen, setMode: (m: Mode) => (mode = m) }
}

function atom(xml: string): Response {
  return new Response(xml, { status: 200, headers: { 'content-type': 'application/atom+xml' } })
}

async function open(entries: Record<string, FakeEntry>) {
  const clock = new FakeClock()
  const arxiv = fakeArxiv(entries, clock)
  const lectern = await Lectern.open({
    dataDir: await tempDir(),
    lock: { kind: 'cli' },
    arxivBaseUrl: 'http://arxiv.test',
    fetch: arxiv.fetch,
    clock,
  })
  return { lectern, arxiv, clock }
}

describe('MetadataService', () => {
  it('fills all 16 seed papers in one request, leaving the user’s own state alone', async () => {
    const { lectern, arxiv } = await open(seedArxivEntries)
    await lectern.digests.importPaths([SEED])
    expect(lectern.metadata.queued()).toHaveLength(16)
    const [first] = lectern.papers.list({})
    await lectern.store.update((tx) =>
      tx.putPaper({ ...lectern.store.paper(first!.id)!, starred: true, tags: ['mine'], status: 'reading' }),
    )

    const report = await lectern.metadata.fetch('missing')
    expect(arxiv.seen).toHaveLength(1)
    expect(arxiv.seen[0]?.maxResults).toBe(16)
    expect(report.fetched).toHaveLength(16)
    expect(lectern.metadata.queued()).toEqual([])
    const aya = lectern.store.paper('2402.07827')!
    expect(aya.meta?.abstract).toBe(seedArxivEntries['2402.07827']?.abstract.replace(/\s+/g, ' ').trim())
    expect(aya.meta?.categories.length).toBeGreaterThan(0)
    expect(aya.metaStatus.state).toBe('ok')
    expect(aya.appearances).toHaveLength(1)
    const starred = lectern.store.paper(first!.id)!
    expect(starred).toMatchObject({ starred: true, tags: ['mine'], status: 'reading' })
  })

  it('takes 250 queued papers in 3 requests spaced at least 3 s apart (virtual time)', async () => {
    const text = generateDigest('2024-03-01', 250, 7)
    const ids = [...text.matchAll(/arxiv\.org\/abs\/([\d.]+)/g)].map((m) => m[1]!)
    const entries = Object.fromEntries(
      ids.map((id) => [
        id,
        {
          id,
          title: `T ${id}`,
          abstract: 'A.',
          authors: ['X Y'],
          published: '2024-03-01T00:00:00Z',
          primaryCategory: 'cs.LG',
        },
      ]),
    )
    const { lectern, arxiv } = await open(entries)
    await lectern.digests.importTexts([{ name: '2024-03-01.md', text }])
    expect(lectern.metadata.queued()).toHaveLength(250)
    await lectern.metadata.fetch('missing')
    expect(arxiv.seen.map((r) => r.ids.length)).toEqual([100, 100, 50])
    expect(arxiv.seen.map((r) => r.maxResults)).toEqual([100, 100, 50])
    for (let i = 1; i < arxiv.seen.length; i++)
      expect(arxiv.seen[i]!.at - arxiv.seen[i - 1]!.at).toBeGreaterThanOrEqual(3000)
    expect(lectern.metadata.queued()).toEqual([])
  })

  it('keeps an earlier record when arXiv answers badly, and says why', async () => {
    const { lectern, arxiv } = await open(seedArxivEntries)
    await lectern.digests.importPaths([SEED])
    await lectern.metadata.fetch('missing')
    const before = lectern.store.paper('2402.07827')!.meta

    arxiv.setMode('truncate')
    const truncated = await lectern.metadata.fetch(['2402.07827'])
    // Garbage every time is not retried at every start: the paper fails with the reason.
    expect(truncated.failed[0]?.reason).toMatch(/arXiv sent an unreadable answer \d+ times/)
    expect(lectern.store.paper('2402.07827')).toMatchObject({ meta: before, metaStatus: { state: 'failed' } })

    arxiv.setMode('storm')
    const storm = await lectern.metadata.fetch(['2402.07827'])
    expect(storm.pending[0]?.reason).toContain('HTTP 503')
    expect(lectern.store.paper('2402.07827')?.meta).toEqual(before)

    arxiv.setMode('reject')
    const rejected = await lectern.metadata.fetch(['2402.07827'])
    expect(rejected.failed[0]?.reason).toMatch(/arXiv rejected/)
    expect(lectern.store.paper('2402.07827')).toMatchObject({ meta: before, metaStatus: { state: 'failed' } })
  })

  it('adds a paper by abs/pdf link or id, once, and refuses one arXiv does not have', async () => {
    const { lectern } = await open(seedArxivEntries)
    expect(await lectern.metadata.add('https://arxiv.org/pdf/2402.07827v2')).toEqual({
      id: '2402.07827',
      created: true,
    })
    expect(lectern.store.paper('2402.07827')?.meta?.title).toContain('Aya Model')
    expect(await lectern.metadata.add('arXiv:2402.07827')).toEqual({ id: '2402.07827', created: false })
    await expect(lectern.metadata.add('2501.00001')).rejects.toMatchObject({
      code: 'not-found',
      message: 'arXiv has no paper 2501.00001',
    })
    expect(lectern.papers.list({}).map((p) => p.id)).toEqual(['2402.07827'])
    await expect(lectern.metadata.add('not a paper')).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('says so when an older version is asked for: the paper follows its newest version', async () => {
    const { lectern } = await open(seedArxivEntries)
    const api = createClient(
      createDispatch(createHandlers(lectern, 'test'), (e) => {
        throw e
      }),
    )
    const old = await api.call('papers:add', { ref: '2402.07827v1' })
    expect(old.paper.meta?.version).toBe(2)
    expect(old.notice).toBe(
      'You asked for v1; Lectern keeps one record per paper and follows its newest version, v2. v1 stays at https://arxiv.org/abs/2402.07827v1',
    )
    expect((await api.call('papers:add', { ref: 'https://arxiv.org/abs/2402.07827v2' })).notice).toBeNull()
    expect((await api.call('papers:add', { ref: '2402.07827' })).notice).toBeNull()
    await lectern.close()
  })

  it('app:info names the arXiv address in effect and where it comes from', async () => {
    const { lectern } = await open(seedArxivEntries)
    const client = (l: Lectern) =>
      createClient(
        createDispatch(createHandlers(l, 'test'), (e) => {
          throw e
        }),
      )
    await client(lectern).call('settings:update', { arxivBaseUrl: 'https://export.arxiv.org/api' })
    expect((await client(lectern).call('app:info', {})).arxivBase).toEqual({
      url: 'http://arxiv.test',
      source: 'flag',
    })
    await lectern.close()
    const plain = await Lectern.open({ dataDir: lectern.dataDir, lock: { kind: 'cli' } })
    expect((await client(plain).call('app:info', {})).arxivBase).toEqual({
      url: 'https://export.arxiv.org/api',
      source: 'setting',
    })
    await plain.close()
  })

  it('keeps papers queued while offline and fetches them when arXiv answers again', async () => {
    const { lectern, arxiv } = await open(seedArxivEntries)
    await lectern.digests.importTexts([{ name: 'd.md', text: await readFile(SEED, 'utf8') }])
    arxiv.setMode('storm')
    const offline = await lectern.metadata.fetch('missing')
    expect(offline.pending).toHaveLength(16)
    expect(lectern.metadata.queued()).toHaveLength(16)
    arxiv.setMode('ok')
    const online = await lectern.metadata.fetch('missing')
    expect(online.fetched).toHaveLength(16)
  })
})
