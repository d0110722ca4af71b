import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { bundleOf, restoreBundle } from '../../../src/main/core/store/bundle'
import { examineStore } from '../../../src/main/core/store/doctor'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { SEED_DIGEST } from '../support/openLectern'
import { lectern as cli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const MINE = Buffer.from(makePdf([['My annotated copy', 'with marginalia']]))
const ARXIV = Buffer.from(makePdf([['The arXiv PDF']]))

/** A library with one PDF the user attached (2402.07827) and one downloaded from "arXiv" (2402.07033). */
async function libraryWithPdfs() {
  const dataDir = await tempDir()
  const fetch = (async () =>
    new Response(ARXIV, {
      status: 200,
      headers: { 'content-type': 'application/pdf' },
    })) as typeof globalThis.fetch
  const lectern = await Lectern.open({
    dataDir,
    lock: { kind: 'cli' },
    arxivBaseUrl: 'http://arxiv.test',
    fetch,
  })
  await lectern.digests.importPaths([SEED_DIGEST])
  const mine = await lectern.pdfs.attachBytes('2402.07827', '/home/me/papers/aya-annotated.pdf', MINE)
  const downloaded = await lectern.pdfs.download('2402.07033')
  return { dataDir, lectern, mine, downloaded }
}

describe('backups and attached PDFs', () => {
  it('a backup holds the attached PDF, says the downloaded one is left out, and restore brings it back', async () => {
    const { lectern, mine, downloaded } = await libraryWithPdfs()
    const bundle = await bundleOf(lectern.store, new Date('2024-03-01T00:00:00Z'))
    await lectern.close()
    expect(Object.keys(bundle.pdfs ?? {})).toEqual([mine.sha256])
    expect(bundle.pdfs?.[downloaded.sha256]).toBeUndefined()
    expect(bundle.leftOut).toEqual({ downloadedPdfs: 1, attachedPdfs: [] })

    const to = await tempDir()
    const restored = await restoreBundle(to, JSON.parse(JSON.stringify(bundle)), {
      force: false,
      now: new Date(),
    })
    expect(restored.pdfs).toBe(1)
    expect(await readFile(join(to, 'pdfs', `${mine.sha256}.pdf`))).toEqual(MINE)
    const reopened = await Lectern.open({ dataDir: to, lock: { kind: 'cli' } })
    expect(reopened.pdfs.fileOf('2402.07827')).toBe(join(to, 'pdfs', `${mine.sha256}.pdf`))
    // The downloaded one is recorded but not there: it is fetched again when opened.
    expect(reopened.pdfs.fileOf('2402.07033')).toBeNull()
    await reopened.close()
  })

  it('refuses a backup whose PDF does not match its hash, before touching the library', async () => {
    const { lectern, mine } = await libraryWithPdfs()
    const bundle = await bundleOf(lectern.store, new Date())
    await lectern.close()
    const damaged = {
      ...bundle,
      pdfs: { [mine.sha256]: Buffer.from('not the same bytes').toString('base64') },
    }
    const to = await tempDir()
    await expect(restoreBundle(to, damaged, { force: false, now: new Date() })).rejects.toThrow(
      /does not match its hash/,
    )
    await expect(readFile(join(to, 'library.json'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('lectern backup and doctor say what is and is not in a backup', { timeout: 120_000 }, async () => {
    const { dataDir, lectern, mine } = await libraryWithPdfs()
    await lectern.close()
    const file = join(await tempDir(), 'backup.json')
    const backup = await cli('backup', file, '--data', dataDir)
    expect(backup.code).toBe(0)
    expect(backup.stdout).toContain('and 1 attached PDFs')
    expect(backup.stdout).toContain('Not included: 1 PDFs downloaded from arXiv')

    const doctor = await examineStore(dataDir)
    expect([doctor.attachedPdfs, doctor.downloadedPdfs, doctor.findings]).toEqual([1, 1, []])
    expect((await cli('doctor', '--data', dataDir)).stdout).toContain(
      'PDFs: 1 attached by you (lectern backup includes them), 1 downloaded from arXiv',
    )
    await rm(join(dataDir, 'pdfs', `${mine.sha256}.pdf`))
    expect((await examineStore(dataDir)).findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'the PDF attached to paper 2402.07827 (/home/me/papers/aya-annotated.pdf) is missing from pdfs/',
      }),
    ])
    // A backup made now names the attached PDF it could not include.
    const json = JSON.parse((await cli('backup', file, '--json', '--data', dataDir)).stdout)
    expect(json.leftOut.attachedPdfs).toEqual([
      expect.objectContaining({ paperId: '2402.07827', reason: expect.stringContaining('cannot be read') }),
    ])
  })
})
