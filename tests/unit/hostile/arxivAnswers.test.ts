/**
 * A hostile or broken arXiv, over real loopback HTTP, against the real client and store: answers of
 * 300 MiB (streamed, with and without Content-Length), answers that trickle and never end, XML that
 * no arXiv feed is (entities, external entities, deep nesting), and `javascript:`/`data:` links.
 * Each must fail to harm: memory stays bounded, the papers fail with a clear reason stored on them
 * and shown by the CLI, and the next start does not fetch the same answer again.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ArxivClient, systemClock } from '../../../src/main/core/arxiv'
import { Lectern } from '../../../src/main/core/lectern'
import { renderFeed, type FeedItem } from '../../fixtures/arxiv/renderAtom'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import {
  startHostileServer,
  type HostileAnswer,
  type HostileServer,
} from '../../fixtures/hostile/hostileServer'
import { openSeeded } from '../support/openLectern'
import { lectern as runCli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'
import { describeMemory, measureMemory } from './peakRss'

const tempDir = useTempDirs()
const MiB = 1024 * 1024
const ATOM_TYPE = 'application/atom+xml; charset=utf-8'

let server: HostileServer | null = null
const open: Lectern[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()))
  await server?.close()
  server = null
})

/** A feed whose one entry's abstract goes on for `bytes` in all. */
function hugeFeed(bytes: number, declareLength: boolean): HostileAnswer {
  return {
    kind: 'huge',
    bytes,
    declareLength,
    contentType: ATOM_TYPE,
    head:
      '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n' +
      '<entry><id>http://arxiv.org/abs/2402.07827v1</id><title>Huge</title>' +
      '<published>2024-02-12T18:00:00Z</published><summary>',
    tail: '</summary></entry>\n</feed>\n',
  }
}

function feedWithBody(entryXml: string, prolog = ''): HostileAnswer {
  return {
    kind: 'fixed',
    contentType: ATOM_TYPE,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}<feed xmlns="http://www.w3.org/2005/Atom">\n${entryXml}\n</feed>\n`,
  }
}

/** The seed digest's 16 arXiv papers in a fresh library whose arXiv is `answer`. */
async function seededLibrary(answer: HostileAnswer) {
  server = await startHostileServer(answer)
  const dataDir = await tempDir()
  const { lectern } = await openSeeded(dataDir, { arxivBaseUrl: server.url })
  open.push(lectern)
  const ids = lectern.metadata.queued()
  expect(ids).toHaveLength(16)
  return { dataDir, lectern, ids, server }
}

describe('a 300 MiB arXiv answer', () => {
  it.each([
    [
      'streamed without Content-Length',
      false,
      /is over the 8 MiB limit for one request; reading stopped at 8(\.\d)? MiB/,
    ],
    ['announced by its Content-Length', true, /is 300 MiB, over the 8 MiB limit for one request/],
  ] as const)(
    'is refused (%s) within bounded memory, stored as the reason, and not fetched again at the next start',
    async (_name, declareLength, reason) => {
      const { dataDir, lectern, ids, server } = await seededLibrary(hugeFeed(300 * MiB, declareLength))

      const { result: report, memory } = await measureMemory(() => lectern.metadata.fetch(ids))
      console.info(describeMemory(`300 MiB arXiv answer, ${_name}`, memory))
      expect(memory.maxRssMb).toBeLessThan(1024)

      // One request, cut short: the client stopped reading long before 300 MiB.
      expect(server.requests.filter((r) => r.startsWith('/api/query'))).toHaveLength(1)
      expect(server.bytesSent()).toBeLessThan(100 * MiB)
      expect(report.failed).toHaveLength(16)
      expect(report.pending).toEqual([])
      for (const id of ids) {
        const status = lectern.store.head(id)?.metaStatus
        expect(status?.state).toBe('failed')
        expect(status?.reason).toMatch(/^arXiv's answer /)
        expect(status?.reason).toMatch(reason)
      }

      // The next start: nothing is queued, and the background queue asks arXiv nothing.
      await lectern.close()
      open.splice(open.indexOf(lectern), 1)
      const again = await Lectern.open({ dataDir, lock: { kind: 'cli' }, arxivBaseUrl: server.url })
      open.push(again)
      expect(again.metadata.queued()).toEqual([])
      const errors: string[] = []
      again.startBackgroundWork((message) => errors.push(message))
      await again.search.whenReady()
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(server.requests).toHaveLength(1)
      expect(errors).toEqual([])
      expect(again.store.head(ids[0]!)?.metaStatus.reason).toMatch(reason)
    },
  )
})

describe('a slow arXiv', () => {
  it('gives up on an answer that trickles a byte at a time within the time bound, and keeps the papers queued', async () => {
    server = await startHostileServer({
      kind: 'trickle',
      body: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">',
      intervalMs: 50,
      contentType: ATOM_TYPE,
    })
    const client = new ArxivClient({
      baseUrl: server.url,
      fetch: globalThis.fetch,
      ...systemClock,
      userAgent: 'Lectern hostile-input test',
      timeoutMs: 1500,
      maxRetries: 0,
    })
    const results = await client.fetchMetadata(['2402.07827'])
    // The headers came at once: the bound covers the body too, not just the first byte.
    expect(results.get('2402.07827')).toEqual({
      ok: false,
      reason: 'arXiv did not answer after 1 tries (no answer within 1.5 s)',
      transient: true,
    })
    expect(server.bytesSent()).toBeGreaterThan(0)
  })
})

describe('XML that no arXiv feed is', () => {
  const laughs =
    '<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n'
  const entry = (summary: string) =>
    '<entry><id>http://arxiv.org/abs/2402.07827v1</id><title>T</title>' +
    `<published>2024-02-12T18:00:00Z</published><summary>${summary}</summary></entry>`

  it.each([
    [
      'entity expansion ("billion laughs")',
      feedWithBody(entry('&d;&d;&d;&d;'), laughs),
      /declares a DOCTYPE/,
    ],
    [
      'an external entity',
      feedWithBody(entry('&xxe;'), '<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
      /declares a DOCTYPE/,
    ],
    [
      'nesting 100,000 deep',
      feedWithBody(entry(`${'<b>'.repeat(100_000)}x${'</b>'.repeat(100_000)}`)),
      /nests XML elements deeper than 100 levels/,
    ],
  ] as const)(
    '%s fails the papers with a clear reason, no stack trace, not queued again',
    async (_n, answer, reason) => {
      const { lectern, ids } = await seededLibrary(answer)
      const report = await lectern.metadata.fetch(ids)
      expect(report.failed).toHaveLength(16)
      const stored = lectern.store.head(ids[0]!)?.metaStatus
      expect(stored?.state).toBe('failed')
      expect(stored?.reason).toMatch(/^arXiv's answer is unusable: the answer /)
      expect(stored?.reason).toMatch(reason)
      expect(stored?.reason).not.toMatch(/\n\s+at /)
      expect(lectern.metadata.queued()).toEqual([])
    },
  )

  it('shows the reason in the CLI (meta fetch) and exits non-zero', async () => {
    const { dataDir, lectern } = await seededLibrary(
      feedWithBody(entry('&xxe;'), '<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
    )
    await lectern.close()
    open.splice(0)
    const cli = await runCli('meta', 'fetch', '2402.07827', '--data', dataDir, '--arxiv-base', server!.url)
    expect(cli.code).toBe(1)
    expect(cli.stdout).toContain(
      "failed: 2402.07827: arXiv's answer is unusable: the answer declares a DOCTYPE (XML entities), which an arXiv feed never has",
    )
    expect(cli.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('links in an arXiv answer', () => {
  it('stores and exports only http(s) links, whatever the answer holds', async () => {
    const ids = Object.keys(seedArxivEntries)
    const items = ids.map((id): FeedItem => ({ kind: 'paper', entry: seedArxivEntries[id]! }))
    const honest = renderFeed('classic', { idList: ids, start: 0, maxResults: ids.length }, items)
    const hostile = honest
      .replace(/href="http:\/\/arxiv\.org\/abs\/[^"]+"/g, 'href="javascript:alert(document.cookie)"')
      .replace(
        /href="http:\/\/arxiv\.org\/pdf\/[^"]+"/g,
        'href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"',
      )
    expect(hostile).toContain('javascript:')
    const { lectern } = await seededLibrary({ kind: 'fixed', contentType: ATOM_TYPE, body: hostile })
    const report = await lectern.metadata.fetch(lectern.metadata.queued())
    expect(report.fetched.length).toBeGreaterThan(0)
    for (const id of report.fetched) {
      const meta = lectern.store.paper(id)?.meta
      expect(meta?.absUrl).toMatch(/^https:\/\/arxiv\.org\/abs\//)
      expect(meta?.pdfUrl).toMatch(/^https:\/\/arxiv\.org\/pdf\//)
    }

    // A record stored before links were checked: exports still write no such link.
    const [first] = report.fetched
    await lectern.store.update((tx) => {
      const paper = tx.paper(first!)!
      tx.putPaper({
        ...paper,
        url: 'javascript:alert(2)',
        meta: { ...paper.meta!, absUrl: 'javascript:alert(1)', pdfUrl: 'data:text/html,x' },
      })
    })
    for (const format of ['markdown', 'bibtex', 'ris', 'csl-json'] as const) {
      const { text } = lectern.exports.export({}, format)
      expect(text, format).not.toMatch(/javascript:|data:text/i)
      expect(text, format).toContain(`arxiv.org/abs/${first}`)
    }
  })
})
