/**
 * The small part of CommonMark inline syntax a digest line needs: `[text](destination)` links with
 * balanced brackets, backslash escapes, code spans and character references. Every function is one
 * linear scan, so hostile lines (10 MB, thousands of nested brackets or backticks) cost O(n).
 */

const TAB = 9
const SPACE = 32
const QUOTE = 34
const AMP = 38
const APOS = 39
const OPEN_PAREN = 40
const CLOSE_PAREN = 41
const LESS = 60
const GREATER = 62
const OPEN_BRACKET = 91
const BACKSLASH = 92
const CLOSE_BRACKET = 93
const BACKTICK = 96

/** A link read from a line: raw link text (still markdown) and its destination as plain text. */
export interface InlineLink {
  text: string
  destination: string
  /** Offset just past the closing `)`. */
  end: number
}

/**
 * Reads `[text](destination "title")` whose `[` is at `open`. Pass the line alone, not the whole
 * file: the scans stop at the end of the string. Null when the brackets or parentheses do not close.
 */
export function readLink(line: string, open = 0): InlineLink | null {
  const end = line.length
  const close = findClosingBracket(line, open + 1, end)
  if (close < 0 || line.charCodeAt(close + 1) !== OPEN_PAREN || close + 1 >= end) return null
  let i = skipSpaces(line, close + 2, end)
  let destination: string
  if (line.charCodeAt(i) === LESS) {
    const stop = findUnescaped(line, GREATER, i + 1, end)
    if (stop < 0) return null
    destination = line.slice(i + 1, stop)
    i = stop + 1
  } else {
    const start = i
    let depth = 0
    for (; i < end; i++) {
      const c = line.charCodeAt(i)
      if (c === BACKSLASH && i + 1 < end) i++
      else if (c <= SPACE) break
      else if (c === OPEN_PAREN) depth++
      else if (c === CLOSE_PAREN && depth-- === 0) break
    }
    destination = line.slice(start, i)
  }
  i = skipSpaces(line, i, end)
  const c = line.charCodeAt(i)
  if (i < end && (c === QUOTE || c === APOS || c === OPEN_PAREN)) {
    const stop = findUnescaped(line, c === OPEN_PAREN ? CLOSE_PAREN : c, i + 1, end)
    if (stop < 0) return null
    i = skipSpaces(line, stop + 1, end)
  }
  if (i >= end || line.charCodeAt(i) !== CLOSE_PAREN) return null
  return { text: line.slice(open + 1, close), destination: unescapeText(destination), end: i + 1 }
}

/**
 * Markdown inline text → plain text: escapes removed, code spans unwrapped, entities decoded,
 * whitespace collapsed. With `keepCodeSpans` a code span stays as written, backticks and all
 * (`` Beyond `import torch` ``): a title keeps its text as the digest has it, for the UI to render.
 */
export function toPlainText(markdown: string, opts: { keepCodeSpans?: boolean } = {}): string {
  // Most titles and names have nothing to unescape: skip the character loop for them.
  const plain =
    markdown.indexOf('\\') < 0 && markdown.indexOf('&') < 0 && markdown.indexOf('`') < 0
      ? markdown
      : unescapeInline(markdown, { codeSpans: opts.keepCodeSpans ? 'keep' : 'unwrap' })
  return collapseWhitespace(plain)
}

export function collapseWhitespace(text: string): string {
  return isCollapsed(text) ? text : text.replace(/\s+/g, ' ').trim()
}

// Most titles and names are already clean; a scan is several times cheaper than a regex replace.
function isCollapsed(text: string): boolean {
  let previous = SPACE
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === SPACE ? previous === SPACE : isOtherWhitespace(c)) return false
    previous = c
  }
  return previous !== SPACE
}

/** Whitespace as `\s` knows it, apart from the plain space. */
function isOtherWhitespace(c: number): boolean {
  if (c < 0xa0) return c >= TAB && c <= 13
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

/** Escapes and entities only (a link destination has no code spans). */
function unescapeText(text: string): string {
  if (text.indexOf('\\') < 0 && text.indexOf('&') < 0) return text
  return unescapeInline(text, { codeSpans: 'text' })
}

/**
 * Escapes and entities decoded; code spans unwrapped to their content, kept as written (no
 * unescaping inside, as CommonMark says), or not code at all (`text`: a link destination).
 */
function unescapeInline(text: string, opts: { codeSpans: 'unwrap' | 'keep' | 'text' }): string {
  const n = text.length
  const noCloser = new Set<number>()
  let out = ''
  let from = 0
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === BACKSLASH && i + 1 < n && isAsciiPunctuation(text.charCodeAt(i + 1))) {
      out += text.slice(from, i)
      from = i + 1
      i += 2
    } else if (c === AMP) {
      const ref = decodeCharacterReference(text, i)
      if (ref) {
        out += text.slice(from, i) + ref.text
        i = from = ref.end
      } else i++
    } else if (c === BACKTICK && opts.codeSpans !== 'text') {
      const run = backtickRun(text, i, n)
      const close = findCodeSpanClose(text, i + run, run, n, noCloser)
      if (close < 0) {
        i += run
        continue
      }
      const span =
        opts.codeSpans === 'keep' ? text.slice(i, close + run) : codeSpanContent(text.slice(i + run, close))
      out += text.slice(from, i) + span
      i = from = close + run
    } else i++
  }
  return out + text.slice(from)
}

// CommonMark: one leading and one trailing space are stripped when both are there.
function codeSpanContent(raw: string): string {
  const spaced = raw.length >= 2 && raw.charCodeAt(0) === SPACE && raw.charCodeAt(raw.length - 1) === SPACE
  return spaced && raw.trim() !== '' ? raw.slice(1, -1) : raw
}

/** Index of the `]` that closes a bracket opened before `from`, honouring escapes and code spans; -1 if none. */
function findClosingBracket(line: string, from: number, end: number): number {
  const noCloser = new Set<number>()
  let depth = 1
  let i = from
  while (i < end) {
    const c = line.charCodeAt(i)
    if (c === BACKSLASH) i += 2
    else if (c === BACKTICK) {
      const run = backtickRun(line, i, end)
      const close = findCodeSpanClose(line, i + run, run, end, noCloser)
      i = close < 0 ? i + run : close + run
    } else {
      if (c === OPEN_BRACKET) depth++
      else if (c === CLOSE_BRACKET && --depth === 0) return i
      i++
    }
  }
  return -1
}

function backtickRun(text: string, at: number, end: number): number {
  let j = at
  while (j < end && text.charCodeAt(j) === BACKTICK) j++
  return j - at
}

/**
 * Start of the next run of exactly `run` backticks. `noCloser` remembers run lengths already known to
 * have no closer further on, so a line of many unmatched backticks stays linear instead of quadratic.
 */
function findCodeSpanClose(
  text: string,
  from: number,
  run: number,
  end: number,
  noCloser: Set<number>,
): number {
  if (noCloser.has(run)) return -1
  let j = from
  for (;;) {
    j = text.indexOf('`', j)
    if (j < 0 || j >= end) {
      noCloser.add(run)
      return -1
    }
    const length = backtickRun(text, j, end)
    if (length === run) return j
    j += length
  }
}

function findUnescaped(line: string, char: number, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = line.charCodeAt(i)
    if (c === BACKSLASH) i++
    else if (c === char) return i
  }
  return -1
}

function skipSpaces(line: string, from: number, end: number): number {
  let i = from
  while (i < end && (line.charCodeAt(i) === SPACE || line.charCodeAt(i) === TAB)) i++
  return i
}

function isAsciiPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)
}

// The named references digests actually contain; unknown names stay literal text, as in HTML.
// A Map, not an object literal: `&constructor;` must not find Object.prototype's members.
const NAMED_REFERENCES = new Map<string, string>(
  Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: '\u00a0',
    ndash: '\u2013',
    mdash: '\u2014',
    hellip: '\u2026',
    lsquo: '\u2018',
    rsquo: '\u2019',
    ldquo: '\u201c',
    rdquo: '\u201d',
    laquo: '\u00ab',
    raquo: '\u00bb',
    times: '\u00d7',
    divide: '\u00f7',
    plusmn: '\u00b1',
    deg: '\u00b0',
    middot: '\u00b7',
    bull: '\u2022',
    copy: '\u00a9',
    reg: '\u00ae',
    trade: '\u2122',
    rarr: '\u2192',
    larr: '\u2190',
    le: '\u2264',
    ge: '\u2265',
    ne: '\u2260',
    infin: '\u221e',
  }),
)
const MAX_NAME_LENGTH = 8

/** Decodes `&name;`, `&#123;` or `&#x1F600;` at `at` (bounded lookahead); null when there is none. */
export function decodeCharacterReference(text: string, at: number): { text: string; end: number } | null {
  if (text.charCodeAt(at + 1) === 35 /* # */) {
    const hex = (text.charCodeAt(at + 2) | 0x20) === 120 /* x */
    const start = at + (hex ? 3 : 2)
    const maxDigits = hex ? 6 : 7
    let i = start
    let code = 0
    for (; i < text.length && i - start < maxDigits; i++) {
      const digit = digitValue(text.charCodeAt(i), hex)
      if (digit < 0) break
      code = code * (hex ? 16 : 10) + digit
    }
    if (i === start || text.charCodeAt(i) !== 59 /* ; */) return null
    const valid = code !== 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    return { text: String.fromCodePoint(valid ? code : 0xfffd), end: i + 1 }
  }
  // Bounded lookahead: indexOf(';') would rescan the rest of the line for every '&' (quadratic).
  const limit = Math.min(text.length, at + 2 + MAX_NAME_LENGTH)
  for (let i = at + 1; i < limit; i++) {
    if (text.charCodeAt(i) !== 59 /* ; */) continue
    const decoded = NAMED_REFERENCES.get(text.slice(at + 1, i))
    return decoded === undefined ? null : { text: decoded, end: i + 1 }
  }
  return null
}

function digitValue(c: number, hex: boolean): number {
  if (c >= 48 && c <= 57) return c - 48
  if (!hex) return -1
  const lower = c | 0x20
  return lower >= 97 && lower <= 102 ? lower - 87 : -1
}
