import { describe, expect, it } from 'vitest'
import { crashRounds } from '../../fixtures/crash/crashRounds'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('crash safety', () => {
  it(
    'survives 50 SIGKILLs mid-write: the store opens and no acknowledged write is lost',
    { timeout: 240_000 },
    async () => {
      const report = await crashRounds(await tempDir(), 50, 7)
      console.log(
        `crash test: ${report.rounds} rounds of SIGKILL, ${report.acknowledged} acknowledged writes, ` +
          `${report.openFailures.length} stores failed to open, ${report.lost.length} acknowledged writes lost`,
      )
      expect(report.openFailures).toEqual([])
      expect(report.lost).toEqual([])
      // The rounds must really have written something for the check to mean anything.
      expect(report.acknowledged).toBeGreaterThan(500)
    },
  )
})
