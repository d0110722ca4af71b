import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

it.skipIf(process.platform === 'win32' || !existsSync('/dev/zero'))(
  'skips /dev/zero and a FIFO named for import, with the reason, instead of reading them for ever',
  async () => {
    const lectern = await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
    try {
      const fifo = join(await tempDir(), 'digest.md')
      execFileSync('mkfifo', [fifo])
      const report = await lectern.digests.importPaths(['/dev/zero', fifo])
      const skipped = report.files.flatMap((f) => f.skipped)
      expect(skipped).toEqual([`/dev/zero:1: is not a regular file`, `${fifo}:1: is not a regular file`])
      expect(report.added).toBe(0)
    } finally {
      await lectern.close()
    }
  },
)
