/**
 * `npm run bench [-- --quick]`: every figure of the project in one report, each with the corpus it was
 * measured on and a baseline measured in the same run. Prints a table and writes
 * tests/bench/results.json. `--quick` uses smaller corpora and finishes in about a minute.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { benchCliStart } from './cliStart'
import { benchDigestParse } from './digestParse'
import { benchFullText } from './fulltext'
import type { BenchFigure } from './figure'
import { benchImport } from './importDigests'
import { benchImportHistory } from './importHistory'
import { benchListPaint } from './listPaint'
import { benchRecommend } from './recommend'
import { benchResponsiveness } from './responsiveness'
import { benchPdfFirstPage } from './pdfFirstPage'
import { benchPdfExtraction } from './pdfExtraction'
import { benchSearch } from './search'
import { benchStore } from './store'
import { benchSync } from './sync'

const quick = process.argv.includes('--quick')
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)

const SUITES: Record<string, (opts: { quick: boolean }) => Promise<BenchFigure[]>> = {
  parse: benchDigestParse,
  import: benchImport,
  history: benchImportHistory,
  store: benchStore,
  search: benchSearch,
  listPaint: benchListPaint,
  recommend: benchRecommend,
  pdf: benchPdfFirstPage,
  extraction: benchPdfExtraction,
  fulltext: benchFullText,
  sync: benchSync,
  responsiveness: benchResponsiveness,
  cli: benchCliStart,
}

const results: { suite: string; figures: BenchFigure[]; error?: string }[] = []
for (const [suite, run] of Object.entries(SUITES)) {
  if (only && only !== suite) continue
  process.stderr.write(`bench: ${suite}…\n`)
  try {
    results.push({ suite, figures: await run({ quick }) })
  } catch (error) {
    results.push({ suite, figures: [], error: (error as Error).message })
  }
}

const rows = results.flatMap(({ suite, figures, error }) =>
  error
    ? [[suite, `FAILED: ${error}`, '', '', '', '']]
    : figures.map((f) => [
        suite,
        f.name,
        `${format(f.value)} ${f.unit}`,
        f.baseline ? `${f.baseline.name}: ${format(f.baseline.value)} ${f.baseline.unit}` : '',
        f.target ?? '',
        f.corpus,
      ]),
)
const header = ['suite', 'figure', 'value', 'baseline (same run)', 'target', 'corpus']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')
console.log(line(header))
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
for (const row of rows) console.log(line(row))

await writeFile(
  join(import.meta.dirname, 'results.json'),
  JSON.stringify({ measuredAt: new Date().toISOString(), quick, node: process.version, results }, null, 2) +
    '\n',
)
if (results.some((r) => r.error)) process.exitCode = 1

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
}
