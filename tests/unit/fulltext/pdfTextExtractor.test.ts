/**
 * The long-lived extraction thread: PDFs one after the other through one pdf.js thread, a hostile
 * PDF stopped at its time or memory cap (and named in the log) without stopping the next, and the
 * thread let go when idle. Real threads and real pdf.js; the caps are small so that the hostile
 * files are stopped soon, and the waits long, for a loaded machine.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { EventBus } from '../../../src/main/core/events'
import { PdfTextExtractor } from '../../../src/main/core/fulltext/extractPdfText'
import { FullTextService } from '../../../src/main/core/fulltext/fullTextService'
import { PdfTextStore } from '../../../src/main/core/fulltext/pdfTextStore'
import { PageIndex } from '../../../src/main/core/search/pageIndex'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { TaskTracker } from '../../../src/main/core/tasks'
import { makeFormBomb } from '../../fixtures/pdf/makeFormBomb'
import { makePdf } from '../../fixtures/pdf/makePdf'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

async function pdfFile(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const file = join(dir, name)
  await writeFile(file, bytes)
  return file
}

/** Header, zeros, end marker: pdf.js needs about 40 times its size in memory to give up on it. */
function zerosPdf(bytes: number): Uint8Array {
  return Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(bytes), Buffer.from('\n%%EOF\n')])
}

describe('the PDF text extraction thread', () => {
  it('reads several PDFs in a row through one thread', async () => {
    const dir = await tempDir()
    const extractor = new PdfTextExtractor()
    try {
      for (const [i, words] of [
        'low rank adapters',
        'mixture of experts',
        'speculative decoding',
      ].entries()) {
        const file = await pdfFile(dir, `${i}.pdf`, makePdf([[`paper ${i}`], [words]]))
        expect(await extractor.extract(file)).toEqual({ state: 'text', pages: [`paper ${i}`, words] })
      }
      expect(extractor.threadsStarted).toBe(1)
    } finally {
      await extractor.close()
    }
  }, 120_000)

  it('stops a PDF that takes the thread past its memory cap, and reads the next in a new thread', async () => {
    const dir = await tempDir()
    const extractor = new PdfTextExtractor({ limits: { maxHeapMb: 64, timeoutMs: 300_000 } })
    try {
      const good = await pdfFile(dir, 'good.pdf', makePdf([['before the bomb']]))
      expect(await extractor.extract(good)).toMatchObject({ state: 'text' })
      const zeros = await pdfFile(dir, 'zeros.pdf', zerosPdf(4_000_000))
      expect(await extractor.extract(zeros)).toEqual({
        state: 'damaged',
        message: 'pdf.js could not read its text within 64 MB of memory; pdf.js was stopped',
      })
      expect(await extractor.extract(good)).toEqual({ state: 'text', pages: ['before the bomb'] })
      expect(extractor.threadsStarted).toBe(2)
    } finally {
      await extractor.close()
    }
  }, 300_000)

  it('ends the thread when idle, and starts one for the next PDF', async () => {
    const dir = await tempDir()
    const extractor = new PdfTextExtractor({ idleMs: 50 })
    try {
      const file = await pdfFile(dir, 'one.pdf', makePdf([['one page']]))
      expect(await extractor.extract(file)).toMatchObject({ state: 'text' })
      await vi.waitFor(() => expect(extractor.alive).toBe(false), { timeout: 30_000 })
      expect(await extractor.extract(file)).toEqual({ state: 'text', pages: ['one page'] })
      expect(extractor.threadsStarted).toBe(2)
    } finally {
      await extractor.close()
    }
  }, 120_000)

  it('ends its thread on close, and refuses work after it', async () => {
    const dir = await tempDir()
    const extractor = new PdfTextExtractor()
    const file = await pdfFile(dir, 'one.pdf', makePdf([['one page']]))
    expect(await extractor.extract(file)).toMatchObject({ state: 'text' })
    await extractor.close()
    expect(extractor.alive).toBe(false)
    await expect(extractor.extract(file)).rejects.toThrow('pdf.js was shut down')
  }, 120_000)
})

describe('reading PDF text with a hostile PDF among them', () => {
  it('stops a PDF that would take pdf.js for ever, names its file in the log, and reads the next', async () => {
    const dir = await tempDir()
    const store = await LibraryStore.open(join(dir, 'library'))
    const texts = new PdfTextStore(join(dir, 'library'))
    const files = new Map([
      ['b'.repeat(64), await pdfFile(dir, 'bomb.pdf', makeFormBomb())],
      ['c'.repeat(64), await pdfFile(dir, 'good.pdf', makePdf([['after the bomb']]))],
    ])
    const logged: string[] = []
    const service = new FullTextService({
      store,
      texts,
      pages: new PageIndex({
        file: join(dir, 'library', 'page-index.bin'),
        page: (sha, page) => texts.readPage(sha, page),
        papersOf: () => [],
        log: (line) => logged.push(line),
      }),
      pathOf: (sha) => files.get(sha) ?? null,
      tasks: new TaskTracker(new EventBus()),
      now: () => new Date('2026-12-02T12:00:00Z'),
      onError: (message) => logged.push(message),
      // Start-up is not counted: 5 s are pdf.js's own, enough for a page of text on a loaded machine.
      limits: { maxHeapMb: 256, timeoutMs: 5_000 },
    })
    try {
      const stopped = 'pdf.js could not read its text within 5 s; pdf.js was stopped'
      expect(await service.indexFile('b'.repeat(64))).toMatchObject({ state: 'damaged', message: stopped })
      expect(logged).toEqual([`reading the text of ${files.get('b'.repeat(64))}: ${stopped}`])
      expect(await service.indexFile('c'.repeat(64))).toMatchObject({
        state: 'text',
        pages: ['after the bomb'],
      })
    } finally {
      await service.close()
      await store.flush()
    }
  }, 120_000)
})
