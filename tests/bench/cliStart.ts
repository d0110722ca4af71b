import { spawn, spawnSync } from 'node:child_process'
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
 *
 * Browser mode start-up: `npm run web` on an empty data dir, from the process's start to its printed
 * URL, through `bin/lectern-web.js` (the bundle, `out/cli/web.js`), against the same through tsx (how
 * it ran before). The end-to-end tests pay this once a test.
 */
export async function benchCliStart(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const runs = opts.quick ? 5 : 15
  const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-cli-'))
  try {
    await buildLibrary(dir, 1_000)
    // Builds the bundle if it is stale (not timed). `papers` only reads: it takes no backup snapshot.
    run(['bin/lectern.js', 'papers', '--json', '--data', dir])
    const [bundle, tsx, bare] = timeRunsInTurns(runs, [
      ['bin/lectern.js', 'papers', '--json', '--data', dir],
      ['--import', 'tsx', 'src/main/cli/index.ts', 'papers', '--json', '--data', dir],
      ['-e', '0'],
    ]) as [number, number, number]
    const corpus = `1,000 papers, median of ${runs} fresh processes (bare node -e 0: ${bare.toFixed(0)} ms)`
    const web = await timeStarts(runs, ['bin/lectern-web.js'])
    const webTsx = await timeStarts(runs, ['--import', 'tsx', 'src/main/web/start.ts'])
    return [
      {
        name: 'CLI start-up and answer: lectern papers --json (bundle)',
        value: bundle,
        unit: 'ms',
        corpus,
        baseline: { name: 'the same through tsx, from source', value: tsx, unit: 'ms' },
        target: '< 300 ms',
      },
      {
        name: 'browser mode start-up to its URL: npm run web (bundle)',
        value: web,
        unit: 'ms',
        corpus: `empty data dir, median of ${runs} fresh processes`,
        baseline: { name: 'the same through tsx, from source', value: webTsx, unit: 'ms' },
      },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Each command's median of `runs` fresh processes, the commands run in turns (a, b, c, a, b, c…): on a
 * shared machine, a busy moment then weighs on each alike instead of on whichever ran during it.
 */
function timeRunsInTurns(runs: number, commands: string[][]): number[] {
  const times = commands.map((): number[] => [])
  for (let i = 0; i < runs; i++)
    for (const [k, args] of commands.entries()) {
      const start = performance.now()
      run(args)
      times[k]?.push(performance.now() - start)
    }
  return times.map((t) => median(t))
}

/** Median time from spawning browser mode on a fresh data dir to its `Lectern at URL` line. */
async function timeStarts(runs: number, args: string[]): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-web-'))
    try {
      times.push(await timeStart([...args, '--data', dir, '--port', '0']))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return median(times)
}

function timeStart(args: string[]): Promise<number> {
  const start = performance.now()
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done, fail) => {
    const exited = (code: number | null) =>
      fail(new Error(`node ${args.join(' ')} exited (${code}): ${stderr}`))
    child.once('exit', exited)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (!/^Lectern at /m.test(stdout)) return
      const ms = performance.now() - start
      child.off('exit', exited)
      child.once('exit', () => done(ms))
      child.kill('SIGTERM')
    })
  })
}

function run(args: string[]): void {
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`)
}
