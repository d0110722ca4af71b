import { existsSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { relative, resolve } from 'node:path'

/**
 * `npm run test:times [N]`: the N slowest unit-test files and end-to-end tests of the last run, from the
 * JSON reports the vitest and Playwright configs write to `test-times/`. Figures from a shared machine
 * are upper bounds, so the load average is printed beside them.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const TIMES = resolve(ROOT, 'test-times')

interface VitestReport {
  startTime: number
  testResults: { name: string; startTime: number; endTime: number; assertionResults: unknown[] }[]
}

interface PlaywrightSuite {
  title: string
  file?: string
  suites?: PlaywrightSuite[]
  specs?: {
    title: string
    file: string
    line: number
    tests: { results: { duration: number; status: string }[] }[]
  }[]
}

interface PlaywrightReport {
  suites: PlaywrightSuite[]
  stats: { startTime: string; duration: number }
}

interface Timed {
  seconds: number
  what: string
}

function readJson<T>(name: string): T | null {
  const path = resolve(TIMES, name)
  if (!existsSync(path)) {
    console.log(`${relative(ROOT, path)} is absent: run the tests first`)
    return null
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T
}

function vitestFiles(report: VitestReport): Timed[] {
  return report.testResults.map((file) => ({
    seconds: (file.endTime - file.startTime) / 1000,
    what: `${relative(ROOT, file.name)} (${file.assertionResults.length} tests)`,
  }))
}

function playwrightTests(suites: PlaywrightSuite[]): Timed[] {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests.map((test) => ({
        seconds: test.results.reduce((sum, r) => sum + r.duration, 0) / 1000,
        what: `${spec.file}:${spec.line} ${spec.title} [${test.results.map((r) => r.status).join(', ')}]`,
      })),
    ),
    ...playwrightTests(suite.suites ?? []),
  ])
}

function printSlowest(title: string, rows: Timed[], count: number): void {
  const total = rows.reduce((sum, r) => sum + r.seconds, 0)
  console.log(`\n${title}: ${rows.length}, ${total.toFixed(0)} s in all; the ${count} slowest:`)
  for (const row of [...rows].sort((a, b) => b.seconds - a.seconds).slice(0, count))
    console.log(`${row.seconds.toFixed(1).padStart(8)} s  ${row.what}`)
}

const count = Number(process.argv[2] ?? 15)
console.log(
  `load average now: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
)
const vitest = readJson<VitestReport>('vitest.json')
if (vitest) printSlowest('vitest files', vitestFiles(vitest), count)
const playwright = readJson<PlaywrightReport>('playwright.json')
if (playwright) {
  console.log(`\nPlaywright run: ${(playwright.stats.duration / 1000).toFixed(0)} s wall`)
  printSlowest('Playwright tests', playwrightTests(playwright.suites), count)
}
