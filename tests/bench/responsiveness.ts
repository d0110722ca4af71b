import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchFigure } from './figure'
import type { ResponsivenessMeasurements } from './responsivenessProcess'
import { buildLibrary } from './store'

/**
 * Nothing blocks, at 1k / 10k / 50k generated papers (quick: 1k and 10k), each measured in a fresh
 * process on a library whose search index was built and saved by an earlier start: the longest
 * event-loop stall while the library opens and while the app finishes starting, filter-only search
 * p95 beside the old way (every head looked at, a row made for every match), filters with words,
 * "More like these" right after start, the longest stall during a 1,000-paper import, and during the
 * citation-key run that keys every paper.
 */
export async function benchResponsiveness(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = []
  for (const size of opts.quick ? [1_000, 10_000] : [1_000, 10_000, 50_000]) {
    const dir = await mkdtemp(join(tmpdir(), `lectern-bench-responsive-${size}-`))
    try {
      await buildLibrary(dir, size)
      run(dir, 'prepare')
      figures.push(...figuresOf(JSON.parse(run(dir)) as ResponsivenessMeasurements))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return figures
}

function run(dir: string, ...args: string[]): string {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'responsivenessProcess.ts'), dir, ...args],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  )
  if (child.status !== 0) throw new Error(`responsiveness bench process failed: ${child.stderr}`)
  return child.stdout
}

function figuresOf(m: ResponsivenessMeasurements): BenchFigure[] {
  const corpus = `${m.papers.toLocaleString('en')} papers`
  const ms = (value: number) => Math.round(value * 100) / 100
  const big = m.papers >= 50_000
  return [
    {
      name: 'longest event-loop stall while the library opens',
      value: ms(m.openStallMs),
      unit: 'ms',
      corpus,
      baseline: { name: 'the open', value: ms(m.openMs), unit: 'ms' },
    },
    {
      name: 'longest event-loop stall from open to index ready and backup taken',
      value: ms(m.backgroundStallMs),
      unit: 'ms',
      corpus,
      baseline: { name: 'that start-up work', value: ms(m.backgroundMs), unit: 'ms' },
      target: big ? '< 50 ms' : undefined,
    },
    ...cpuTwin(m.backgroundStallCpuMs, m.backgroundStallMs, 'from open to index ready', corpus),
    {
      name: 'filter-only search p95 (the first 1,000 ids and a count, as the renderer asks)',
      value: ms(m.filterP95),
      unit: 'ms',
      corpus: `${corpus}, ${m.filterQueries} queries (is:, tag:, list:, has:, day: and pairs)`,
      baseline: {
        name: 'old path: every head filtered, a row per match',
        value: ms(m.filterOldP95),
        unit: 'ms',
      },
      target: big ? '< 16 ms' : undefined,
    },
    {
      name: 'filter-only search p95, CPU time (what is left of it on an idle machine)',
      value: ms(m.filterCpuP95),
      unit: 'ms',
      corpus: `${corpus}, the same queries`,
      baseline: { name: 'their wall-clock p95', value: ms(m.filterP95), unit: 'ms' },
    },
    {
      name: 'filters with words, search p95',
      value: ms(m.filterWordsP95),
      unit: 'ms',
      corpus: `${corpus}, 100 typed queries behind is:unread or tag:survey`,
      baseline: { name: 'the same words alone', value: ms(m.wordsP95), unit: 'ms' },
      target: big ? '< 16 ms' : undefined,
    },
    {
      name: `"More like these" first answer after start${m.recommendFirstWarming ? ' (warming up)' : ''}`,
      value: ms(m.recommendFirstMs),
      unit: 'ms',
      corpus: `${corpus}, 3 seeds`,
      baseline: {
        name: 'old path: model built on first use, blocking',
        value: ms(m.recommendBlockingBuildMs),
        unit: 'ms',
      },
      target: big ? '< 100 ms' : undefined,
    },
    {
      name: '"More like these" warm (every paper learnt) after the first request',
      value: ms(m.recommendWarmMs),
      unit: 'ms',
      corpus,
      baseline: { name: 'longest event-loop stall meanwhile', value: ms(m.recommendWarmStallMs), unit: 'ms' },
    },
    {
      name: 'longest event-loop stall during a 1,000-paper import (until indexed and saved)',
      value: ms(m.importStallMs),
      unit: 'ms',
      corpus: `${corpus} + ${m.importPapers} papers in 63 digests`,
      baseline: { name: 'the import, indexed and saved', value: ms(m.importMs), unit: 'ms' },
      target: big ? '< 50 ms' : undefined,
    },
    ...cpuTwin(m.importStallCpuMs, m.importStallMs, 'during the 1,000-paper import', corpus),
    {
      name: 'longest garbage-collection pause during that import',
      value: ms(m.importGcMs),
      unit: 'ms',
      corpus: `${corpus} + ${m.importPapers} papers`,
      baseline: { name: 'the longest stall', value: ms(m.importStallMs), unit: 'ms' },
    },
    {
      name: 'longest event-loop stall during the citation-key run (every paper keyed, as at a first start)',
      value: ms(m.citeKeysStallMs),
      unit: 'ms',
      corpus: `${corpus} + ${m.importPapers} imported, ${m.citeKeysGiven.toLocaleString('en')} keyed`,
      baseline: { name: 'the run', value: ms(m.citeKeysMs), unit: 'ms' },
      target: big ? '< 50 ms' : undefined,
    },
  ]
}

/**
 * A stall figure counted in the main thread's CPU time (Linux only): on a loaded machine most of a
 * stall's wall time is waiting for a core, which the code cannot shorten.
 */
function cpuTwin(cpuMs: number | null, wallMs: number, when: string, corpus: string): BenchFigure[] {
  if (cpuMs === null) return []
  return [
    {
      name: `most main-thread CPU time in one turn of the event loop, ${when}`,
      value: Math.round(cpuMs * 100) / 100,
      unit: 'ms',
      corpus,
      baseline: { name: 'the longest stall (wall clock)', value: Math.round(wallMs * 100) / 100, unit: 'ms' },
    },
  ]
}
