import { describe, expect, it } from 'vitest'
import { crashRounds } from '../../fixtures/crash/crashRounds'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('crash safety', () => {
  it(
    'survives up to 50 SIGKILLs mid-write: the store opens and no acknowledged write is lost',
    // A loaded machine stops after 120 s (and at least 12 rounds); at load 17 that is ~27 rounds.
    { timeout: 420_000 },
    async () => {
      const report = await crashRounds(await tempDir(), 50, 7, { budgetMs: 120_000, minRounds: 12 })
      console.log(
        `crash test: ${report.rounds} rounds of SIGKILL, ${report.acknowledged} acknowledged writes, ` +
          `${report.openFailures.length} stores failed to open, ${report.lost.length} acknowledged writes lost`,
      )
      expect(report.openFailures).toEqual([])
      expect(report.lost).toEqual([])
      // The rounds must really have written something for the check to mean anything (each round
      // waits for at least 25 acknowledged writes before its kill).
      expect(report.rounds).toBeGreaterThanOrEqual(12)
      expect(report.acknowledged).toBeGreaterThan(20 * report.rounds)
    },
  )
})
