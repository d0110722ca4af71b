/**
 * Hostile and unlucky PDFs attached from files, through the real Lectern: zero bytes, a directory,
 * `/dev/zero`, a FIFO, one over the size limit, and a 199 MB malformed file (sparse, so generating
 * it costs nothing) that pdf.js would need about 40 times its size in memory to give up on. None may
 * hang or take the process past 1 GB; each is refused with a reason that names the file.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, open, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PdfCache } from '../../../src/main/core/pdf/pdfCache'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { openSeeded } from '../support/openLectern'
import { lectern as runCli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'
import { describeMemory, measureMemory } from './peakRss'

const tempDir = useTempDirs()
const MB = 1_000_000
const MiB = 1024 * 1024
const PAPER = '2402.07827'

/** A PDF header, `size` bytes of mostly nothing (a hole in the file), then a trailer and %%EOF. */
async function sparsePdf(path: string, size: number): Promise<void> {
  const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n')
  const file = await open(path, 'w')
  try {
    await file.write(Buffer.from('%PDF-1.7\n'), 0, 9, 0)
    await file.write(tail, 0, tail.byteLength, size - tail.byteLength)
  } finally {
    await file.close()
  }
}

async function attach(dataDir: string, file: string) {
  const { lectern } = await openSeeded(dataDir)
  try {
    return await lectern.pdfs.attachFile(PAPER, file).then(
      () => ({ ok: true as const, message: '' }),
      (err: Error & { code?: string }) => ({ ok: false as const, message: err.message, code: err.code }),
    )
  } finally {
    await lectern.close()
  }
}

async function cachedPdfs(dataDir: string): Promise<string[]> {
  return existsSync(join(dataDir, 'pdfs')) ? await readdir(join(dataDir, 'pdfs')) : []
}

describe('attaching hostile PDF files', () => {
  it('refuses zero bytes, a directory and a file over the limit, with the reason', async () => {
    const dir = await tempDir()
    const empty = join(dir, 'empty.pdf')
    await writeFile(empty, '')
    expect(await attach(dir, empty)).toMatchObject({
      ok: false,
      message: `${empty} is an empty file (0 bytes)`,
    })

    const folder = join(dir, 'folder.pdf')
    await mkdir(folder)
    expect(await attach(dir, folder)).toMatchObject({
      ok: false,
      message: `${folder} is a directory, not a regular file`,
    })

    const huge = join(dir, 'huge.pdf')
    await sparsePdf(huge, 201 * MiB)
    expect(await attach(dir, huge)).toMatchObject({
      ok: false,
      message: `${huge} is 201 MiB, over the 200 MiB limit for PDFs`,
    })
    expect(await cachedPdfs(dir)).toEqual([])
  })

  it.skipIf(!existsSync('/dev/zero'))(
    'refuses /dev/zero at once instead of reading it for ever; the CLI too, which attaches a good file',
    async () => {
      const dir = await tempDir()
      expect(await attach(dir, '/dev/zero')).toMatchObject({
        ok: false,
        message: '/dev/zero is a character device, not a regular file',
      })
      // The CLI reads the file itself before it calls the API: it must refuse it the same way.
      const cli = await runCli('pdf', 'add', PAPER, '/dev/zero', '--data', dir)
      expect(cli.code).not.toBe(0)
      expect(cli.stderr).toContain('/dev/zero is a character device, not a regular file')
      const good = join(dir, 'good.pdf')
      await writeFile(good, makePdf([['one'], ['two']]))
      const added = await runCli('pdf', 'add', PAPER, good, '--data', dir)
      expect(added.stdout.trim()).toBe(`Attached ${good} to ${PAPER} (2 pages; text of 2 pages indexed)`)
      expect(await cachedPdfs(dir)).toHaveLength(1)
    },
  )

  it.skipIf(process.platform === 'win32')('refuses a FIFO without blocking on it', async () => {
    const dir = await tempDir()
    const fifo = join(dir, 'pipe.pdf')
    execFileSync('mkfifo', [fifo])
    expect(await attach(dir, fifo)).toMatchObject({
      ok: false,
      message: `${fifo} is a FIFO (named pipe), not a regular file`,
    })
  })

  it('checks a 199 MB malformed PDF within bounded memory and refuses it, caching nothing', async () => {
    const dir = await tempDir()
    const file = join(dir, 'malformed.pdf')
    await sparsePdf(file, 199 * MB)
    const { result, memory } = await measureMemory(() => attach(dir, file))
    console.info(describeMemory('199 MB malformed PDF', memory))
    expect(memory.maxRssMb).toBeLessThan(1024)
    expect(result.ok).toBe(false)
    // pdf.js either gives up on its own or is stopped at its memory cap; both say so.
    expect(result.message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is (a damaged PDF that cannot be read|a PDF that could not be opened within)`,
      ),
    )
    expect(await cachedPdfs(dir)).toEqual([])
  })

  it('stops a check that runs past its time limit, and says so', async () => {
    const dir = await tempDir()
    const cache = new PdfCache({
      dir: join(dir, 'pdfs'),
      fetch: globalThis.fetch,
      userAgent: 'Lectern hostile-input test',
      // No worker can even load pdf.js in a millisecond.
      checkLimits: { maxHeapMb: 192, timeoutMs: 1 },
    })
    const err = await cache.addBytes(makePdf([['fine']]), 'fine.pdf').then(
      () => null,
      (e: Error) => e,
    )
    expect(err?.message).toBe(
      'fine.pdf is a PDF that could not be opened within 0.001 s; pdf.js was stopped (a damaged file usually does this)',
    )
  })
})
