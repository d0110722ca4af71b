import { describe, expect, it } from 'vitest'
import { startFakeArxiv, type FakeEntry } from '../../fixtures/arxiv/fakeArxivServer'
import { generateDigest } from '../../fixtures/digests/generateDigest'
import { lectern, spawnLectern } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const tempDir = useTempDirs()

/**
 * The real CLI against the loopback arXiv, with arXiv's real 3 s spacing: killed with SIGKILL after
 * its first batch, then run again. Nothing is lost, nothing is duplicated, and every request of each
 * run is at least 3 s after the one before (server-side timestamps).
 */
describe('metadata fetch across a crash', () => {
  it(
    'resumes the queue after SIGKILL with no paper lost and none fetched twice',
    { timeout: 90_000 },
    async () => {
      const text = generateDigest('2024-03-01', 250, 11)
      const ids = [...text.matchAll(/arxiv\.org\/abs\/([\d.]+)/g)].map((m) => m[1]!)
      const entries: Record<string, FakeEntry> = Object.fromEntries(
        ids.map((id) => [
          id,
          {
            id,
            title: `Title of ${id}`,
            abstract: 'An abstract.',
            authors: ['Ada L'],
            published: '2024-03-01T00:00:00Z',
            primaryCategory: 'cs.CL',
          },
        ]),
      )
      const server = await startFakeArxiv({ entries })
      try {
        const data = await tempDir()
        const digest = join(await tempDir(), '2024-03-01.md')
        await writeFile(digest, text)
        expect((await lectern('import', digest, '--data', data)).code).toBe(0)

        const child = spawnLectern('meta', 'fetch', '--all', '--arxiv-base', server.url, '--data', data)
        // The second request goes out only after the first batch was saved: kill while it is pending.
        await waitFor(() => server.requests.length >= 2, 30_000)
        child.kill('SIGKILL')
        await new Promise((done) => child.once('exit', done))
        const firstRun = server.requests.splice(0)

        const resumed = await lectern(
          'meta',
          'fetch',
          '--all',
          '--json',
          '--arxiv-base',
          server.url,
          '--data',
          data,
        )
        expect(resumed.code).toBe(0)
        const report = JSON.parse(resumed.stdout) as { requested: number; fetched: string[] }
        const firstBatch = idsOf(firstRun[0]!.url)
        expect(firstBatch).toHaveLength(100)
        // Only what the killed run had not saved was asked again.
        expect(report.requested).toBe(150)
        expect(report.fetched.filter((id) => firstBatch.includes(id))).toEqual([])
        expect(server.requests).toHaveLength(2)
        expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(3000)
        expect(firstRun[1]!.at - firstRun[0]!.at).toBeGreaterThanOrEqual(3000)

        const papers = JSON.parse((await lectern('papers', '--json', '--data', data)).stdout) as {
          id: string
          metaState: string
          title: string
        }[]
        expect(papers).toHaveLength(250)
        expect(new Set(papers.map((p) => p.id)).size).toBe(250)
        expect(papers.every((p) => p.metaState === 'ok' && p.title === `Title of ${p.id}`)).toBe(true)
      } finally {
        await server.close()
      }
    },
  )
})

function idsOf(url: string): string[] {
  return (new URL(url, 'http://x').searchParams.get('id_list') ?? '').split(',')
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}
