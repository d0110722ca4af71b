import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Lectern } from '../../src/main/core/lectern'
import { HISTORY_LOGS, historyMissing } from '../fixtures/sharedData'
import type { BenchFigure } from './figure'
import { median, timed } from './stats'

/**
 * The newsletter's whole real history (357 days of ../shared/digests/daily_papers_ko) imported into an
 * empty library through the path import (read → parse → merge, one commit), beside reading the same
 * bytes from disk in the same run. The files are read once before either is timed, so both see a warm
 * page cache.
 */
export async function benchImportHistory(opts: { quick: boolean }): Promise<BenchFigure[]> {
  if (!HISTORY_LOGS) {
    process.stderr.write(`bench history: ${historyMissing}\n`)
    return []
  }
  const logs = HISTORY_LOGS
  const paths = (await readdir(logs, { recursive: true }))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(logs, name))
  const readAll = async () => {
    let bytes = 0
    for (const path of paths) bytes += (await readFile(path)).byteLength
    return bytes
  }
  const totalBytes = await readAll()
  const runs = opts.quick ? 1 : 3
  const readMs: number[] = []
  const importMs: number[] = []
  for (let run = 0; run < runs; run++) {
    readMs.push(await timed(readAll))
    const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-history-'))
    try {
      const lectern = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
      let added = 0
      importMs.push(
        await timed(async () => {
          added = (await lectern.digests.importPaths([logs])).added
        }),
      )
      await lectern.close()
      if (added !== 5487) throw new Error(`history bench: ${added} papers added, expected 5,487`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return [
    {
      name: 'import the whole history (357 days) into an empty library',
      value: median(importMs),
      unit: 'ms',
      corpus: `${paths.length} daily_papers_ko days, 5,488 paper entries, ${(totalBytes / 1048576).toFixed(1)} MB (median of ${runs})`,
      baseline: { name: 'read the same bytes from disk', value: median(readMs), unit: 'ms' },
    },
  ]
}
