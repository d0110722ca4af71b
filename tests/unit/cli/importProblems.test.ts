import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lectern } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('lectern import of a file that is not a digest', { timeout: 120_000 }, () => {
  it('says why nothing was added and exits non-zero', async () => {
    const dir = await tempDir()
    const notes = join(dir, 'notes.md')
    await writeFile(notes, '# My notes\n\nSome thoughts about diffusion models.\n')
    const result = await lectern('import', notes, '--data', join(dir, 'data'))
    expect(result.code).not.toBe(0)
    expect(result.stdout).toContain(
      `skipped: ${notes}: not a Daily Papers digest: no "## Daily Papers (YYYY-MM-DD)" heading and no papers`,
    )
  })
})
