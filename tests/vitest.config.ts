import { relative } from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The unit files that take longest (`npm run test:times`), longest first. Their tests are few and long
 * (one in the crash test), so a file started late runs on alone while the other worker has nothing left.
 */
const SLOW_FILES = [
  'tests/unit/store/crash.test.ts',
  'tests/unit/search/searchIndex.test.ts',
  'tests/unit/sync/syncPull.test.ts',
  'tests/unit/hostile/pdfFiles.test.ts',
  'tests/unit/fulltext/fullText.test.ts',
  'tests/unit/launch/launch.test.ts',
  'tests/unit/pdf/pdfCache.test.ts',
  'tests/unit/sync/syncCli.test.ts',
  'tests/unit/recommend/recommendService.test.ts',
]

/**
 * Starts the slowest files first. Vitest orders files by their times in its cache, but CI runs on a
 * fresh clone, which has no cache: it then runs the largest files first, and the crash test, a short
 * file with the longest test, came last and ran alone for its last minute (two under load).
 */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const at = SLOW_FILES.indexOf(relative(file.project.config.root, file.moduleId))
      return at === -1 ? SLOW_FILES.length : at
    }
    // A stable sort: the listed files first, the others in the order vitest chose.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}

// Units run in plain Node: nothing here may import `electron` (its binary is not installed on CI).
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Vitest's default on 2 cores is one file at a time; most tests wait on disks, child processes
    // and sockets rather than the CPU, so two at a time finish sooner.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    env: { TZ: 'UTC' },
    // The CLI and browser mode run from their bundle, as `npm run lectern` and `npm run web` run them:
    // built once before any test.
    globalSetup: ['tests/support/bundle.ts'],
    // Each file's time, kept for `npm run test:times` (where CI's minutes go); the console shows the
    // default report as before.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-times/vitest.json' },
  },
})
