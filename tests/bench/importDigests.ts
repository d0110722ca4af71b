import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Lectern } from '../../src/main/core/lectern'
import { parseDigest } from '../../src/main/core/digests/parseDigest'
import { generateDigest } from '../fixtures/digests/generateDigest'
import type { BenchFigure } from './figure'
import { timed } from './stats'

/** Importing 1,000 generated digests (16 papers each) into an empty library, beside parsing them alone. */
export async function benchImport(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const count = opts.quick ? 200 : 1_000
  const files = Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
    return { name: `${day}.md`, text: generateDigest(day, 16, i + 1, { startIndex: i * 16 }) }
  })
  const parseMs = await timed(() => files.forEach((f) => parseDigest(f.text, f.name)))
  const dir = await mkdtemp(join(tmpdir(), 'lectern-bench-import-'))
  try {
    const lectern = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    let added = 0
    const importMs = await timed(async () => {
      added = (await lectern.digests.importTexts(files)).added
    })
    await lectern.close()
    if (added !== count * 16) throw new Error(`import bench: ${added} papers added, expected ${count * 16}`)
    return [
      {
        name: 'import of generated digests into an empty library',
        value: importMs,
        unit: 'ms',
        corpus: `${count} digests, ${(count * 16).toLocaleString('en')} papers`,
        baseline: { name: 'parsing the same digests only', value: parseMs, unit: 'ms' },
        target: opts.quick ? 'full run: 1,000 digests < 3 s' : '< 3000 ms',
      },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
