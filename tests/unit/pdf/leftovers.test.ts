import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { SEED_DIGEST } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('files an interrupted attach or download left in pdfs/', () => {
  it('are removed when the library opens; attached PDFs and foreign files stay', async () => {
    const dataDir = await tempDir()
    const first = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
    await first.digests.importPaths([SEED_DIGEST])
    const attached = await first.pdfs.attachBase64(
      '2402.07827',
      'mine.pdf',
      Buffer.from(makePdf([['My annotated copy']])).toString('base64'),
    )
    await first.close()
    const pdfs = join(dataDir, 'pdfs')
    // What a kill during a download leaves: a temp file named as the cache names them.
    await writeFile(join(pdfs, '0b6f5f0e-2a1c-4d7e-9f43-2a5f7c1d9e11.part'), Buffer.alloc(4096))
    await writeFile(join(pdfs, 'readme.txt'), 'not ours')
    expect((await readdir(pdfs)).sort()).toHaveLength(3)

    const again = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
    expect((await readdir(pdfs)).sort()).toEqual([`${attached.sha256}.pdf`, 'readme.txt'])
    expect(again.pdfs.fileOf('2402.07827')).toBe(join(pdfs, `${attached.sha256}.pdf`))
    await again.close()
  })
})
