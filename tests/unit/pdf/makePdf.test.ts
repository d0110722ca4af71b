import { describe, expect, it } from 'vitest'
import { loadPdfjs } from '../../../src/main/core/pdf/loadPdfjs'
import { makePdf } from '../../fixtures/pdf/makePdf'

async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await loadPdfjs()
  const task = pdfjs.getDocument({ data: bytes.slice(), disableFontFace: true, verbosity: 0 })
  try {
    const doc = await task.promise
    const texts: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent()
      texts.push(
        content.items
          .map((item) => ('str' in item ? item.str : ''))
          .filter((s) => s.trim() !== '')
          .join('|'),
      )
    }
    return texts
  } finally {
    await task.destroy()
  }
}

describe('makePdf', () => {
  it('writes pages whose text pdf.js reads back line by line', async () => {
    const bytes = makePdf([
      ['Attention Is All You Need', 'Vaswani et al.'],
      ['Second page', 'with (parentheses) and a back\\slash', 'café'],
    ])
    expect(await pageTexts(bytes)).toEqual([
      'Attention Is All You Need|Vaswani et al.',
      'Second page|with (parentheses) and a back\\slash|café',
    ])
  })

  it('writes an xref whose offsets point at each object, so no reader has to repair it', () => {
    const text = Buffer.from(makePdf([['a'], ['b'], ['c']])).toString('latin1')
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1])
    expect(text.slice(xrefAt, xrefAt + 5)).toBe('xref\n')
    const entries = text
      .slice(xrefAt)
      .split('\n')
      .slice(3, 3 + 9)
    expect(entries).toHaveLength(9)
    entries.forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/)
      expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${i + 1} 0 obj\n`)).toBe(true)
    })
  })

  it('refuses what it cannot encode instead of writing a broken file', () => {
    expect(() => makePdf([])).toThrow(/at least one page/)
    expect(() => makePdf([['日本語']])).toThrow(/Latin-1/)
  })
})
