import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { textShardOf } from '../../../src/main/core/store/schema'
import { openSeeded } from '../support/openLectern'
import { lectern as cli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const AYA = '2402.07827'

describe('lectern papers', () => {
  it('does not open the text files it does not list: a damaged one is left to the commands that read texts', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.close()
    const file = join(dir, 'texts', `${textShardOf(AYA)}.json`)
    const bad = 'this is not JSON at all'
    await writeFile(file, bad)

    const papers = await cli('papers', '--json', '--data', dir)
    expect(papers.code).toBe(0)
    expect((JSON.parse(papers.stdout) as { id: string }[]).map((p) => p.id)).toContain(AYA)
    expect(await readFile(file, 'utf8')).toBe(bad)
    expect(await readdir(dir)).not.toContain('quarantine')

    // A command that reads texts checks them at open, and stops on this one (it has no backup).
    const search = await cli('search', 'BLOOMZ', '--json', '--data', dir)
    expect(search.code).not.toBe(0)
    expect(search.stderr).toContain(file)
  })
})
