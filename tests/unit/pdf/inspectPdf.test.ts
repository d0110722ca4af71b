import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { inspectPdf } from '../../../src/main/core/pdf/inspectPdf'
import { makePdf } from '../../fixtures/pdf/makePdf'

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../..')
const pdfDir = path.resolve(repoRoot, '../shared/pdfs')
const havePdfs = existsSync(pdfDir)
const realPdf = (name: string) => new Uint8Array(readFileSync(path.join(pdfDir, name)))

describe.skipIf(!havePdfs)(
  havePdfs ? 'inspectPdf on real PDFs' : `inspectPdf on real PDFs — SKIPPED: ${pdfDir} is absent`,
  () => {
    it('counts the pages of a real paper', async () => {
      expect(await inspectPdf(realPdf('tracemonkey.pdf'))).toEqual({
        ok: true,
        pages: 14,
        passwordRequired: false,
      })
    })

    it('accepts a PDF locked with a user password and says a password is needed', async () => {
      expect(await inspectPdf(realPdf('issue6010_1.pdf'))).toEqual({
        ok: true,
        pages: null,
        passwordRequired: true,
      })
    })

    it('opens an owner-password-only PDF without asking', async () => {
      expect(await inspectPdf(realPdf('empty_protected.pdf'))).toEqual({
        ok: true,
        pages: 1,
        passwordRequired: false,
      })
    })

    it('accepts a damaged xref that pdf.js repairs', async () => {
      expect(await inspectPdf(realPdf('helloworld-bad.pdf'))).toEqual({
        ok: true,
        pages: 1,
        passwordRequired: false,
      })
    })

    it('refuses an interrupted download as truncated, with its size', async () => {
      const result = await inspectPdf(realPdf('tracemonkey-truncated.pdf'))
      expect(result).toMatchObject({ ok: false, code: 'truncated' })
      expect(result.ok ? '' : result.message).toContain('300,000 bytes')
    })

    it('still refuses the truncated file when an %%EOF is tacked on: pdf.js cannot read it', async () => {
      const cut = realPdf('tracemonkey-truncated.pdf')
      const forged = Buffer.concat([cut, Buffer.from('\n%%EOF\n')])
      expect(await inspectPdf(forged)).toMatchObject({ ok: false, code: 'damaged' })
    })

    it('opens vertical Japanese and right-to-left Arabic documents', async () => {
      expect(await inspectPdf(realPdf('vertical.pdf'))).toEqual({
        ok: true,
        pages: 3,
        passwordRequired: false,
      })
      expect(await inspectPdf(realPdf('ArabicCIDTrueType.pdf'))).toEqual({
        ok: true,
        pages: 1,
        passwordRequired: false,
      })
    })
  },
)

describe('inspectPdf on generated and bad input', () => {
  it('reports zero bytes as empty', async () => {
    expect(await inspectPdf(new Uint8Array(0))).toMatchObject({ ok: false, code: 'empty' })
  })

  it('recognises an HTML error page and says so', async () => {
    const html = new TextEncoder().encode(
      '\n  <!DOCTYPE html>\n<html><head><title>Rate limited</title></head><body>Try later</body></html>',
    )
    const result = await inspectPdf(html)
    expect(result).toMatchObject({ ok: false, code: 'not-pdf' })
    expect(result.ok ? '' : result.message).toMatch(/HTML page, not a PDF/)
  })

  it('rejects random bytes as not a PDF, without calling it HTML', async () => {
    let seed = 42
    const random = Uint8Array.from(
      { length: 4096 },
      () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff,
    )
    const result = await inspectPdf(random)
    expect(result).toMatchObject({ ok: false, code: 'not-pdf' })
    expect(result.ok ? '' : result.message).not.toMatch(/HTML/)
  })

  it('calls a header-and-trailer shell with nothing readable inside damaged', async () => {
    const shell = new TextEncoder().encode('%PDF-1.7\nthis is not a pdf body\n%%EOF\n')
    const result = await inspectPdf(shell)
    expect(result).toMatchObject({ ok: false, code: 'damaged' })
  })

  it('accepts makePdf output with its page count', async () => {
    expect(await inspectPdf(makePdf([['one'], ['two'], ['three']]))).toEqual({
      ok: true,
      pages: 3,
      passwordRequired: false,
    })
  })

  it("leaves the caller's bytes usable (pdf.js may take ownership of what it is given)", async () => {
    const bytes = makePdf([['keep me']])
    const copy = bytes.slice()
    await inspectPdf(bytes)
    expect(bytes).toEqual(copy)
  })
})
