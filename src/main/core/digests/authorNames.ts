/**
 * The value of a digest's `Authors:` line → names. Most days write `A, B, +, C` (a lone `+` stands
 * for authors the digest left out); for a week in October 2024 the generator printed a Python list
 * instead, `['Eric Karl Oermann', "Sean O'Brien"]`, which is read as the list it is: brackets, quotes
 * and commas are punctuation, a quote inside a name is part of it.
 */
import { toPlainText } from './inlineMarkdown'

export interface AuthorNames {
  names: string[]
  /** A `+` was among them: the digest left authors out. */
  elided: boolean
  /** Set when the line looked like a list but was not a well-formed one (read as commas instead). */
  problem: string | null
}

const PLUS = 43

export function readAuthorNames(value: string): AuthorNames {
  const trimmed = value.trim()
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const list = readQuotedList(trimmed)
    if (list) return fromNames(list)
    const loose = readCommaSeparated(trimmed.slice(1, -1), stripQuotes)
    return { ...loose, problem: 'Authors line looks like a list but is not a well-formed one' }
  }
  return readCommaSeparated(value, toPlainText)
}

function fromNames(raw: string[]): AuthorNames {
  const names: string[] = []
  let elided = false
  for (const entry of raw) {
    const name = entry.trim()
    if (isElisionMark(name)) elided = true
    else if (name !== '') names.push(name)
  }
  return { names, elided, problem: null }
}

function readCommaSeparated(line: string, clean: (name: string) => string): AuthorNames {
  const names: string[] = []
  let elided = false
  // indexOf on the line alone, one slice per name: no split-then-trim copies of a long line.
  for (let start = 0; start <= line.length;) {
    let stop = line.indexOf(',', start)
    if (stop < 0) stop = line.length
    const name = line.slice(start, stop).trim()
    if (isElisionMark(name)) elided = true
    else if (name !== '') {
      const cleaned = clean(name)
      if (cleaned !== '') names.push(cleaned)
    }
    start = stop + 1
  }
  return { names, elided, problem: null }
}

/**
 * `['a', "b'c", 'd\\'e']` as Python's repr writes a list of strings; null when it is not exactly that.
 * One pass, each character looked at once.
 */
function readQuotedList(text: string): string[] | null {
  const names: string[] = []
  let i = skipSpaces(text, 1)
  if (text[i] === ']') return i === text.length - 1 ? names : null
  for (;;) {
    const quote = text[i]
    if (quote !== "'" && quote !== '"') return null
    let name = ''
    let from = ++i
    for (;;) {
      if (i >= text.length) return null
      const c = text[i]
      if (c === quote) break
      if (c === '\\') {
        const escaped = ESCAPES[text[i + 1] ?? '']
        if (escaped === undefined) return null
        name += text.slice(from, i) + escaped
        i += 2
        from = i
      } else i++
    }
    names.push(name + text.slice(from, i))
    i = skipSpaces(text, i + 1)
    if (text[i] === ']') return i === text.length - 1 ? names : null
    if (text[i] !== ',') return null
    i = skipSpaces(text, i + 1)
  }
}

// The escapes Python's repr writes in a name; anything else (\x, \u) would mean the list is not names.
const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', t: ' ', n: ' ' }

function skipSpaces(text: string, at: number): number {
  let i = at
  while (text[i] === ' ' || text[i] === '\t') i++
  return i
}

/** Loose reading of a malformed list entry: list punctuation at its ends is dropped, inner quotes stay. */
function stripQuotes(name: string): string {
  // Index loops, not a `[…]+$` regex: that backtracks quadratically on a long run of quotes.
  let start = 0
  let end = name.length
  while (start < end && LIST_PUNCTUATION.includes(name[start]!)) start++
  while (end > start && LIST_PUNCTUATION.includes(name[end - 1]!)) end--
  return name.slice(start, end)
}

const LIST_PUNCTUATION = ` \t'"[]`

function isElisionMark(name: string): boolean {
  if (name.charCodeAt(0) !== PLUS || name.length > 7) return false
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}
