import type { PDFDocumentProxy, TextContent, TextItem } from 'pdfjs-dist/types/src/display/api'
import { lastAtOrBelow } from './lastAtOrBelow'

/**
 * A page's text as highlights and find see it: the text items' strings in content order, a line
 * break after each item that ends a line. Offsets into `text` are what an annotation anchor stores;
 * item `i` (the text layer's `textDivs[i]`) covers `starts[i]` up to `starts[i] + items[i].str.length`.
 */
export interface PageText {
  text: string
  items: TextItem[]
  starts: number[]
  /** What the text layer is built from, so the page's text is fetched once. */
  content: TextContent
}

export function pageTextOf(content: TextContent): PageText {
  const items = content.items.filter((item): item is TextItem => 'str' in item)
  const starts: number[] = []
  let text = ''
  for (const item of items) {
    starts.push(text.length)
    text += item.str + (item.hasEOL ? '\n' : '')
  }
  return { text, items, starts, content }
}

/** The item holding `offset` and the position inside its string (a line break maps to the item's end). */
export function itemAt(pageText: PageText, offset: number): { index: number; at: number } {
  const { starts, items } = pageText
  const index = lastAtOrBelow(starts, offset)
  const length = items[index]?.str.length ?? 0
  return { index, at: Math.max(0, Math.min(offset - (starts[index] ?? 0), length)) }
}

/** Each page's text, fetched once per document and shared by the text layer, find and highlights. */
export class PageTexts {
  private readonly pending = new Map<number, Promise<PageText>>()
  private readonly ready = new Map<number, PageText>()

  constructor(private readonly doc: PDFDocumentProxy) {}

  get(pageNumber: number): Promise<PageText> {
    let text = this.pending.get(pageNumber)
    if (!text) {
      text = this.doc
        .getPage(pageNumber)
        .then((page) => page.getTextContent())
        .then((content) => {
          const built = pageTextOf(content)
          this.ready.set(pageNumber, built)
          return built
        })
      // A failure is not cached: the next caller asks again.
      text.catch(() => this.pending.delete(pageNumber))
      this.pending.set(pageNumber, text)
    }
    return text
  }

  /** The text when it has already arrived. */
  peek(pageNumber: number): PageText | undefined {
    return this.ready.get(pageNumber)
  }
}

/**
 * Text folded for find: lower case, whitespace runs as one space, no space between two CJK
 * characters (vertical and CJK text breaks lines anywhere), soft hyphens gone, and a hyphen that
 * breaks a word at a line end kept as one `LINE_HYPHEN` with the line break dropped ("speciali-⏎zation"
 * is found as "specialization", "just-in-⏎time" as "just-in-time"). Folded unit `i` came from page
 * text `origin[i]` up to `originEnd[i]`, so a match maps back to anchor offsets.
 */
export interface FoldedText {
  text: string
  origin: number[]
  originEnd: number[]
}

/** A private-use character standing for a hyphen at a line break: matches nothing or a hyphen. */
const LINE_HYPHEN = '\ue000'
const HYPHENS = new Set(['-', '\u2010'])
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u
const LETTER = /\p{L}/u

export function fold(text: string): FoldedText {
  let out = ''
  const origin: number[] = []
  const originEnd: number[] = []
  let pendingSpace = -1
  let previous = ''
  const chars = [...text]
  let offset = 0
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? ''
    const at = offset
    offset += ch.length
    if (ch === '\u00ad') continue
    if (/\s/u.test(ch)) {
      if (pendingSpace < 0) pendingSpace = at
      continue
    }
    const afterSpace = pendingSpace >= 0
    if (pendingSpace >= 0) {
      if (out.length > 0 && !(CJK.test(previous) && CJK.test(ch))) {
        out += ' '
        origin.push(pendingSpace)
        originEnd.push(pendingSpace + 1)
      }
      pendingSpace = -1
    }
    if (HYPHENS.has(ch) && !afterSpace && LETTER.test(previous) && breaksLine(chars, i + 1)) {
      out += LINE_HYPHEN
      origin.push(at)
      originEnd.push(offset)
      // The line break after it is skipped: the word goes on on the next line.
      while (i + 1 < chars.length && /\s/u.test(chars[i + 1] ?? '')) offset += (chars[++i] ?? '').length
      previous = ch
      continue
    }
    const lower = ch.toLowerCase()
    // Lower-casing can lengthen a character (İ → i̇); every unit maps back to the same offset.
    for (let k = 0; k < lower.length; k++) {
      origin.push(at)
      originEnd.push(offset)
    }
    out += lower
    previous = ch
  }
  return { text: out, origin, originEnd }
}

/** Whether the characters from `from` are whitespace holding a line break, then a letter. */
function breaksLine(chars: readonly string[], from: number): boolean {
  let newline = false
  let i = from
  for (; i < chars.length && /\s/u.test(chars[i] ?? ''); i++) if (chars[i] === '\n') newline = true
  return newline && LETTER.test(chars[i] ?? '')
}

export interface TextMatch {
  page: number
  start: number
  end: number
}

const REGEXP_SYNTAX = /[\\^$.*+?()[\]{}|/]/g

/**
 * What finds `query` in folded text: the query folded the same way, where a line-end hyphen may sit
 * between any two characters and a hyphen of the query also matches one. Null for an empty query.
 */
export function phrasePattern(query: string): RegExp | null {
  const needle = [...fold(query).text]
  if (needle.length === 0) return null
  const units = needle.map((ch) =>
    HYPHENS.has(ch) || ch === LINE_HYPHEN ? `[-\u2010${LINE_HYPHEN}]` : ch.replace(REGEXP_SYNTAX, '\\$&'),
  )
  return new RegExp(units.join(`${LINE_HYPHEN}?`), 'gu')
}

/** Every occurrence of `query` (see `phrasePattern`) in a page's text, as page-text offsets. */
export function findInPage(
  pageNumber: number,
  folded: FoldedText,
  query: string | RegExp | null,
): TextMatch[] {
  const pattern = typeof query === 'string' ? phrasePattern(query) : query
  if (!pattern) return []
  const matches: TextMatch[] = []
  pattern.lastIndex = 0
  for (let found = pattern.exec(folded.text); found; found = pattern.exec(folded.text)) {
    const start = folded.origin[found.index] ?? 0
    const end = folded.originEnd[found.index + found[0].length - 1] ?? start
    matches.push({ page: pageNumber, start, end })
  }
  return matches
}

const foldedCache = new WeakMap<PageText, FoldedText>()

/** A page's folded text, computed once per page (find runs on every keystroke). */
export function foldedOf(pageText: PageText): FoldedText {
  let folded = foldedCache.get(pageText)
  if (!folded) {
    folded = fold(pageText.text)
    foldedCache.set(pageText, folded)
  }
  return folded
}
