import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LibraryStore } from '../../src/main/core/store/libraryStore'
import { generateLibrary } from '../fixtures/library/generateLibrary'
import type { BenchFigure } from './figure'
import { median, percentile } from './stats'
import type { StoreMeasurements } from './storeProcess'

/**
 * The store at 1k, 10k and 50k papers: cold open beside JSON.parse of the same bytes, note save and
 * list change latency beside a bare durable write of the same bytes, and RSS.
 */
export async function benchStore(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = []
  const noteSaves: Record<number, number> = {}
  for (const size of opts.quick ? [1_000, 10_000] : [1_000, 10_000, 50_000]) {
    const dir = await mkdtemp(join(tmpdir(), `lectern-bench-${size}-`))
    try {
      figures.push(...(await benchSize(dir, size, opts.quick, noteSaves)))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return figures
}

/** Builds a library of `size` generated papers in `dir` (also used by the list-paint bench). */
export async function buildLibrary(dir: string, size: number): Promise<void> {
  const papers = generateLibrary(size, 42)
  const store = await LibraryStore.open(dir)
  await store.update((tx) => {
    for (const paper of papers) tx.putPaper(paper)
  })
  await store.update((tx) => {
    const at = new Date().toISOString()
    tx.putList({
      id: 'bench',
      name: 'Bench',
      order: 0,
      rev: 1,
      updatedAt: at,
      createdAt: at,
      paperIds: papers.slice(0, 200).map((p) => p.id),
    })
    // Some notes already, as a real library has.
    for (const paper of papers.slice(0, Math.ceil(size / 20))) {
      tx.putNote({
        id: paper.id,
        paperId: paper.id,
        rev: 1,
        updatedAt: at,
        text: `Notes on ${paper.title}.\n\n- read section 3`,
      })
    }
  })
}

async function benchSize(
  dir: string,
  size: number,
  quick: boolean,
  noteSaves: Record<number, number>,
): Promise<BenchFigure[]> {
  const corpus = `${size.toLocaleString('en')} papers`
  await buildLibrary(dir, size)
  const prepared = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'storeProcess.ts'), dir, 'prepare'],
    { encoding: 'utf8' },
  )
  if (prepared.status !== 0) throw new Error(`store bench process failed: ${prepared.stderr}`)
  // Measured in a fresh process: a truly cold open, and an RSS that is the library's alone.
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'storeProcess.ts'), dir, quick ? '60' : '200'],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  )
  if (child.status !== 0) throw new Error(`store bench process failed: ${child.stderr}`)
  const m = JSON.parse(child.stdout) as StoreMeasurements
  noteSaves[size] = percentile(m.saves, 95)
  const first = noteSaves[1_000]
  return [
    {
      name: 'cold open (fresh process)',
      value: m.openMs,
      unit: 'ms',
      corpus: `${corpus}, ${m.megabytes.toFixed(1)} MB in ${m.files} files`,
      baseline: { name: 'read + JSON.parse of the same files, same process', value: m.parseMs, unit: 'ms' },
      target: '<= 1.5x baseline',
    },
    {
      name: 'note save p50 (paper opened first, as in the app)',
      value: median(m.saves),
      unit: 'ms',
      corpus,
      baseline: { name: 'bare durable write p50', value: median(m.bare), unit: 'ms' },
    },
    {
      name: 'note save p95 (paper opened first, as in the app)',
      value: percentile(m.saves, 95),
      unit: 'ms',
      corpus,
      baseline: {
        name: 'bare durable write p95 (write+fsync+rename+dir fsync, same bytes)',
        value: percentile(m.bare, 95),
        unit: 'ms',
      },
      target: `<= 2x baseline${first !== undefined && size !== 1_000 ? `; <= 1.5x the 1k figure (${first.toFixed(2)} ms)` : ''}`,
    },
    {
      name: 'note save p95, paper not opened first (reads its text shard)',
      value: percentile(m.unopened, 95),
      unit: 'ms',
      corpus,
      baseline: { name: 'bare durable write p95', value: percentile(m.bare, 95), unit: 'ms' },
    },
    {
      name: 'list change p95',
      value: percentile(m.listChanges, 95),
      unit: 'ms',
      corpus,
      baseline: { name: 'bare durable write p95', value: percentile(m.bare, 95), unit: 'ms' },
    },
    {
      name: 'search p95 (200 queries, index loaded)',
      value: percentile(m.searches, 95),
      unit: 'ms',
      corpus,
      baseline: { name: 'index ready after start', value: m.indexReadyMs, unit: 'ms' },
      target: '< 16 ms; index ready < 1000 ms',
    },
    {
      name: 'RSS with the library open and indexed, after 3 s idle',
      value: m.rssMb,
      unit: 'MB',
      corpus,
      baseline: { name: 'RSS of the same process before the open', value: m.rssBeforeMb, unit: 'MB' },
      target: '< 400 MB',
    },
  ]
}

export async function libraryFiles(dir: string): Promise<string[]> {
  const files = [join(dir, 'library.json')]
  for (const folder of ['papers', 'notes', 'texts']) {
    for (const name of await readdir(join(dir, folder)))
      if (name.endsWith('.json')) files.push(join(dir, folder, name))
  }
  return files
}
