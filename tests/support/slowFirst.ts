import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The unit files that take longest (`npm run test:times`), longest first. Their tests are few and long
 * (one in the crash test), so a file started late runs on alone while the other worker has nothing left.
 */
const SLOW_FILES = [
  'tests/unit/store/crash.test.ts',
  'tests/unit/cli/importThroughApp.test.ts',
  'tests/unit/search/searchIndex.test.ts',
  'tests/unit/sync/syncPull.test.ts',
  'tests/unit/hostile/pdfFiles.test.ts',
  'tests/unit/fulltext/fullText.test.ts',
  'tests/unit/launch/launch.test.ts',
  'tests/unit/recommend/recommendService.test.ts',
  'tests/unit/sync/syncCli.test.ts',
]

/**
 * Starts the slowest files first. Vitest orders files by their times in its cache, but CI runs on a
 * fresh clone, which has no cache: it then runs the largest files first, and the crash test, a short
 * file with the longest test, came last and ran alone for the last minute (2 at load).
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const at = SLOW_FILES.indexOf(relative(file.project.config.root, file.moduleId))
      return at === -1 ? SLOW_FILES.length : at
    }
    // A stable sort: the listed files first, the others in the order vitest chose.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}
