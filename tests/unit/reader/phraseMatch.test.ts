import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { TextContent } from 'pdfjs-dist/types/src/display/api'
import { describe, expect, it } from 'vitest'
import { loadPdfjs } from '../../../src/main/core/pdf/loadPdfjs'
import {
  findInPage,
  fold,
  foldedOf,
  pageTextOf,
  type PageText,
} from '../../../src/renderer/features/pdf/pageText'

const repoRoot = resolve(import.meta.dirname, '../../..')
const TRACEMONKEY = resolve(repoRoot, '../shared/pdfs/tracemonkey.pdf')

/** A page's text from text items as pdf.js gives them: strings, some ending a line. */
function pageOf(...items: (string | [string, 'eol'])[]): PageText {
  const content = {
    items: items.map((item) =>
      typeof item === 'string' ? { str: item, hasEOL: false } : { str: item[0], hasEOL: true },
    ),
    styles: {},
    lang: null,
  } as unknown as TextContent
  return pageTextOf(content)
}

/** The page text each match covers. */
function found(page: PageText, query: string): string[] {
  return findInPage(1, foldedOf(page), query).map((m) => page.text.slice(m.start, m.end))
}

describe('find and search-hit phrases over a page’s text', () => {
  it('matches across text items and line breaks, whatever the case and spacing', () => {
    const page = pageOf('Trace-based ', ['Just-in-Time', 'eol'], 'Type  Specialization', [' for', 'eol'])
    expect(found(page, 'just-in-time type specialization')).toEqual(['Just-in-Time\nType  Specialization'])
    expect(found(page, '  TYPE\tspecialization   for ')).toEqual(['Type  Specialization for'])
    expect(found(page, 'specialization for dynamic')).toEqual([])
  })

  it('finds a word hyphenated at a line end with or without its hyphen, and nothing else joined', () => {
    const page = pageOf(
      ['so TraceMonkey en-', 'eol'],
      ['ters recording mode; the just-in-', 'eol'],
      'time co-operation',
    )
    expect(found(page, 'TraceMonkey enters recording mode')).toEqual(['TraceMonkey en-\nters recording mode'])
    expect(found(page, 'en-ters')).toEqual(['en-\nters'])
    // A compound broken at its own hyphen is found as written.
    expect(found(page, 'just-in-time')).toEqual(['just-in-\ntime'])
    // A hyphen inside a line is a real one: the word without it is another word.
    expect(found(page, 'cooperation')).toEqual([])
    expect(found(page, 'co-operation')).toEqual(['co-operation'])
  })

  it('reads the query literally: regular-expression characters are plain text', () => {
    const page = pageOf('f(x) = a+b*c [1] costs $5. ', 'f(x) = aab')
    expect(found(page, 'a+b*c [1]')).toEqual(['a+b*c [1]'])
    expect(found(page, '$5.')).toEqual(['$5.'])
    expect(found(page, 'f(x)')).toEqual(['f(x)', 'f(x)'])
    expect(found(page, 'a.b')).toEqual([])
  })

  it('finds every occurrence without overlaps, and nothing for an empty query', () => {
    const page = pageOf('aaaa ', 'Aa')
    expect(found(page, 'aa')).toEqual(['aa', 'aa', 'Aa'])
    expect(found(page, '   ')).toEqual([])
  })

  it('joins CJK text broken over lines, and keeps offsets right after characters outside the BMP', () => {
    const page = pageOf(['日本', 'eol'], '語の𝒳テキスト')
    expect(found(page, '日本語')).toEqual(['日本\n語'])
    expect(found(page, 'テキスト')).toEqual(['テキスト'])
    expect(fold('𝒳 y').text).toBe('𝒳 y')
  })
})

describe('a sentence from page 3 of tracemonkey.pdf', () => {
  it.skipIf(!existsSync(TRACEMONKEY))(
    'is found on page 3 (across lines and a hyphenated word) and on no other page',
    async () => {
      const pdfjs = await loadPdfjs()
      const task = pdfjs.getDocument({
        data: new Uint8Array(await readFile(TRACEMONKEY)),
        disableFontFace: true,
        verbosity: 0,
      })
      try {
        const doc = await task.promise
        const phrases = [
          'The LIR trace encodes all the operations performed and the types of all operands',
          'TraceMonkey verifies that the call was successful and then records the call to the inner trace',
        ]
        for (const phrase of phrases) {
          const pages: number[] = []
          for (let n = 1; n <= doc.numPages; n++) {
            const text = pageTextOf(await (await doc.getPage(n)).getTextContent())
            const matches = findInPage(n, foldedOf(text), phrase)
            pages.push(...matches.map((m) => m.page))
            for (const m of matches)
              expect(text.text.slice(m.start, m.end).replace(/-\n/g, '').replace(/\s+/g, ' ')).toBe(phrase)
          }
          expect(pages, phrase).toEqual([3])
        }
      } finally {
        await task.destroy()
      }
    },
  )
})
