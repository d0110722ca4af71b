import { Lectern } from '../../../src/main/core/lectern'
import type { Paper } from '../../../src/shared/domain'
import { FakeClock } from '../../fixtures/arxiv/fakeClock'
import { renderFeed, type FeedItem } from '../../fixtures/arxiv/renderAtom'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { SEED_DIGEST } from '../support/openLectern'

/**
 * The 16-paper seed digest imported into a temp library, with arXiv metadata filled in-process from
 * seedEntries (a fake arXiv answering through `fetch`, virtual time). `metadata: false` leaves the
 * papers as the digest gave them.
 */
export async function seedPapers(
  dataDir: string,
  options: { metadata: boolean },
): Promise<{ lectern: Lectern; papers: Paper[] }> {
  const clock = new FakeClock()
  const fetch = (async (input: string | URL | Request) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean)
    const items = ids.map((id): FeedItem => {
      const entry = seedArxivEntries[id]
      return entry ? { kind: 'paper', entry } : { kind: 'empty' }
    })
    const xml = renderFeed('classic', { idList: ids, start: 0, maxResults: ids.length }, items)
    return new Response(xml, { status: 200, headers: { 'content-type': 'application/atom+xml' } })
  }) as typeof globalThis.fetch
  const lectern = await Lectern.open({
    dataDir,
    lock: { kind: 'cli' },
    arxivBaseUrl: 'http://arxiv.test',
    fetch,
    clock,
  })
  await lectern.digests.importPaths([SEED_DIGEST])
  if (options.metadata) {
    const report = await lectern.metadata.fetch('missing')
    if (report.fetched.length !== 16)
      throw new Error(`fake arXiv filled ${report.fetched.length} of 16 seed papers`)
  }
  const papers = [...lectern.store.allPapers()]
    .filter((p) => !p.deleted)
    .sort((a, b) => (a.appearances[0]?.position ?? 0) - (b.appearances[0]?.position ?? 0))
  return { lectern, papers }
}
