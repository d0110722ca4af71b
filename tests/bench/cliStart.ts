import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BenchFigure } from './figure'
import { median } from './stats'
import { buildLibrary } from './store'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * CLI start-up: `lectern papers --json` on a library of 1,000 papers, from the process's start to its
 * exit with the whole list printed, through `bin/lectern.js` (the bundle, `out/cli/lectern.js`).
 * Baselines, same run: the same command run from source through tsx (how the CLI ran before), and a
 * bare `node -e 0` (the floor no CLI goes under).
 */
export async function benchCliStart(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const runs = opts.quick ? 5 : 15
  const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-cli-'))
  try {
    await buildLibrary(dir, 1_000)
    // Builds the bundle if it is stale (not timed), and takes the day's backup snapshot of the library.
    run(['bin/lectern.js', 'papers', '--json', '--data', dir])
    const bundle = timeRuns(runs, ['bin/lectern.js', 'papers', '--json', '--data', dir])
    const tsx = timeRuns(runs, [
      '--import',
      'tsx',
      'src/main/cli/index.ts',
      'papers',
      '--json',
      '--data',
      dir,
    ])
    const bare = timeRuns(runs, ['-e', '0'])
    const corpus = `1,000 papers, median of ${runs} fresh processes (bare node -e 0: ${bare.toFixed(0)} ms)`
    return [
      {
        name: 'CLI start-up and answer: lectern papers --json (bundle)',
        value: bundle,
        unit: 'ms',
        corpus,
        baseline: { name: 'the same through tsx, from source', value: tsx, unit: 'ms' },
        target: '< 300 ms',
      },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function timeRuns(runs: number, args: string[]): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    run(args)
    times.push(performance.now() - start)
  }
  return median(times)
}

function run(args: string[]): void {
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`)
}
