import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLectern } from '../e2e/support/lecternServer'
import { launchChromium } from './browser'
import type { BenchFigure } from './figure'
import { median, timed } from './stats'
import { buildLibrary } from './store'

/**
 * First paint of the paper list in browser mode: from navigation to the first row on screen, with a
 * library of 50,000 papers (quick: 10,000). Baseline: fetching the same `papers:list` answer over
 * HTTP and parsing it, without any rendering.
 */
export async function benchListPaint(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const size = opts.quick ? 10_000 : 50_000
  const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-paint-'))
  const browser = await launchChromium()
  try {
    await buildLibrary(dir, size)
    const server = await startLectern(dir)
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      const paints: number[] = []
      const fetches: number[] = []
      for (let i = 0; i < (opts.quick ? 3 : 5); i++) {
        paints.push(
          await timed(async () => {
            await page.goto(server.url)
            await page
              .getByRole('listbox', { name: 'Papers' })
              .getByRole('option')
              .first()
              .waitFor({ state: 'visible', timeout: 60_000 })
          }),
        )
        fetches.push(
          await timed(async () => {
            const response = await fetch(`${server.origin}/api/papers:list`, {
              method: 'POST',
              headers: { authorization: `Bearer ${server.token}` },
              body: '{}',
            })
            await response.json()
          }),
        )
      }
      const rows = await page.getByRole('listbox', { name: 'Papers' }).getByRole('option').count()
      return [
        {
          name: 'first paint of the paper list (navigation to first row visible)',
          value: median(paints),
          unit: 'ms',
          corpus: `${size.toLocaleString('en')} papers, ${rows} rows in the DOM`,
          baseline: {
            name: 'papers:list over HTTP + JSON.parse, no rendering',
            value: median(fetches),
            unit: 'ms',
          },
        },
      ]
    } finally {
      await server.stop()
    }
  } finally {
    await browser.close()
    await rm(dir, { recursive: true, force: true })
  }
}
