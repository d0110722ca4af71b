import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

async function open() {
  return Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
}

const GOOD = `### [Good Paper](https://arxiv.org/abs/2403.09001)

Vote: 3

Authors: Ana Silva

- Kept.
`
const NO_LINK = `### A heading without any link

Vote: 3
`

describe('the import report', () => {
  it('counts each skipped paper once', async () => {
    const lectern = await open()
    const text = `## Daily Papers (2024-03-05)\n\n${NO_LINK}\n${GOOD}`
    const report = await lectern.digests.importTexts([{ name: 'day.md', text }])
    expect(report.added).toBe(1)
    expect(report.files[0]?.skipped).toEqual([expect.stringMatching(/^day\.md:3: /)])
    expect(report.skipped).toBe(1)
    await lectern.close()
  })

  it('names the line of every skip, a file without a day included', async () => {
    const lectern = await open()
    const report = await lectern.digests.importTexts([{ name: 'undated.md', text: `# Notes\n\n${GOOD}` }])
    expect(report.added).toBe(0)
    expect(report.files[0]?.skipped).toEqual([
      'undated.md:3: no "## Daily Papers (YYYY-MM-DD)" line and no date in the file name',
    ])
    await lectern.close()
  })

  it('refuses a path that is not a regular file (a FIFO would never end)', async () => {
    const lectern = await open()
    const fifo = join(await tempDir(), '2024-03-05.md')
    execFileSync('mkfifo', [fifo])
    const report = await lectern.digests.importPaths([fifo])
    expect(report.files[0]?.skipped).toEqual([`${fifo}:1: is not a regular file`])
    await lectern.close()
  })
})
