/**
 * Where a query matched inside a text: quoted phrases (words in order) and snippets with the
 * matched words marked, for PDF pages, highlights and notes. Words are compared folded, the same
 * way the index and the renderer's highlighting fold them (`foldText`).
 */
import { foldLowercase } from '../../../shared/foldText'
import { foldText } from './textAnalysis'

const WORD = /[\p{L}\p{N}]+/gu
const QUOTED = /"([^"]*)"?/g
/** Characters of context before the first match: short, so the match shows in a one-line list row. */
const CONTEXT = 32
const SNIPPET_LENGTH = 200

interface Word {
  start: number
  end: number
  folded: string
}

function wordsOf(text: string): Word[] {
  const words: Word[] = []
  for (const m of text.matchAll(WORD))
    words.push({ start: m.index, end: m.index + m[0].length, folded: foldText(m[0]) })
  return words
}

/**
 * The quoted runs of a query's text (`"rank ablation"`), each as its folded words. Stop words stay:
 * a phrase is matched word for word. A quoted single word is just a word, not a phrase.
 */
export function quotedPhrases(text: string): string[][] {
  const phrases: string[][] = []
  for (const m of text.matchAll(QUOTED)) {
    const words = wordsOf(m[1] ?? '').map((w) => w.folded)
    if (words.length >= 2) phrases.push(words)
  }
  return phrases
}

/** Index of the first word of the first occurrence of `phrase` in `words`, or -1. */
function findPhrase(words: readonly Word[], phrase: readonly string[]): number {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (words[i + k]?.folded !== phrase[k]) continue outer
    return i
  }
  return -1
}

/** Phrases are checked on many texts per query (pages, papers): each one's pattern is made once. */
const PHRASE_PATTERNS = new Map<string, RegExp>()
const PATTERN_CACHE = 256

/**
 * The pattern of a folded phrase in folded text: its words in order, with nothing but spaces and
 * punctuation between, not inside longer words. Folded words are letters and digits only, so they
 * need no escaping.
 */
function phrasePattern(phrase: readonly string[]): RegExp {
  const key = phrase.join(' ')
  let pattern = PHRASE_PATTERNS.get(key)
  if (pattern === undefined) {
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${phrase.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'u')
    if (PHRASE_PATTERNS.size >= PATTERN_CACHE) PHRASE_PATTERNS.clear()
    PHRASE_PATTERNS.set(key, pattern)
  }
  return pattern
}

/**
 * Whether every phrase occurs in the text, its words in order with nothing but spaces and punctuation
 * between. The text is folded whole and searched with one pattern per phrase, as the index folds it
 * whole (`forEachIndexTerm`): folding each word on its own cost most of a query at 30,000 pages.
 * It is lowercased once: most pages are plain ASCII, whose folded form is their lowercase. (Trying
 * the lowercase first and folding when that failed lowercased and searched most pages twice, as most
 * candidates of a phrase do not have it.)
 */
export function containsPhrases(text: string, phrases: readonly (readonly string[])[]): boolean {
  if (phrases.length === 0) return true
  const folded = foldLowercase(text.toLowerCase())
  return phrases.every((phrase) => phrasePattern(phrase).test(folded))
}

/** A stretch of text around a match, whitespace collapsed, with the matched words' offsets in it. */
export interface Snippet {
  snippet: string
  /** [start, end) of each marked run, in order. */
  marks: [number, number][]
}

const matchesTerm = (folded: string, terms: readonly string[]) =>
  terms.some((t) => t !== '' && folded.startsWith(t))

/**
 * A snippet around the first phrase match (else the first word matching one of `terms`, the index's
 * folded terms: a word matches when its folded form starts with one), or null when nothing matches.
 */
export function snippetOf(
  text: string,
  terms: readonly string[],
  phrases: readonly (readonly string[])[] = [],
): Snippet | null {
  const anchor = ASCII_ONLY.test(text)
    ? firstMatchAscii(text, terms, phrases)
    : firstMatchFolded(text, terms, phrases)
  if (anchor < 0) return null
  let from = Math.max(0, anchor - CONTEXT)
  // Start and end on word boundaries, so no word is cut in half.
  while (from > 0 && isWordChar(text, from - 1) && isWordChar(text, from)) from--
  let to = Math.min(text.length, from + SNIPPET_LENGTH)
  if (to < text.length && isWordChar(text, to) && isWordChar(text, to - 1)) {
    let start = to
    while (start > from && isWordChar(text, start - 1)) start--
    if (start > from) to = start
  }
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim()
  const prefix = from > 0 ? '… ' : ''
  const snippet = prefix + body + (to < text.length ? ' …' : '')
  return { snippet, marks: marksIn(snippet, terms, phrases) }
}

/** Nothing above U+007F: folding such text is lowercasing it, offsets unchanged. */
const ASCII_ONLY = /^[^\u0080-\uffff]*$/
const WORD_CHAR = /[\p{L}\p{N}]/u

/** Whether the UTF-16 unit at `i` belongs to a word (a surrogate pair counts as its letter). */
function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i)
  if (code < 0x80)
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
  if (code >= 0xd800 && code <= 0xdfff) {
    const start = code >= 0xdc00 ? i - 1 : i
    return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start) ?? 0))
  }
  return WORD_CHAR.test(text[i] as string)
}

/**
 * Where the first match starts in ASCII text, whose folded form is its lowercase with the same
 * offsets: found with patterns over the whole text rather than by folding each of its words.
 */
function firstMatchAscii(
  text: string,
  terms: readonly string[],
  phrases: readonly (readonly string[])[],
): number {
  const lower = text.toLowerCase()
  let first = -1
  for (const phrase of phrases) {
    const at = lower.search(phrasePattern(phrase))
    if (at >= 0 && (first < 0 || at < first)) first = at
  }
  if (first >= 0) return first
  const ascii = terms.filter((t) => t !== '' && ASCII_ONLY.test(t))
  if (ascii.length === 0) return -1
  // Terms are folded words (letters and digits): no escaping needed.
  return lower.search(new RegExp(`(?<![a-z0-9])(?:${ascii.join('|')})`))
}

/** The same for any text, word by word: each word folded on its own, as the renderer marks them. */
function firstMatchFolded(
  text: string,
  terms: readonly string[],
  phrases: readonly (readonly string[])[],
): number {
  const words = wordsOf(text)
  let first = -1
  for (const phrase of phrases) {
    const at = findPhrase(words, phrase)
    if (at >= 0 && (first < 0 || at < first)) first = at
  }
  if (first < 0) first = words.findIndex((w) => matchesTerm(w.folded, terms))
  return first < 0 ? -1 : (words[first] as Word).start
}

function marksIn(
  snippet: string,
  terms: readonly string[],
  phrases: readonly (readonly string[])[],
): [number, number][] {
  const words = wordsOf(snippet)
  const marked = new Uint8Array(words.length)
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= words.length; i++) {
      if (phrase.every((p, k) => words[i + k]?.folded === p)) marked.fill(1, i, i + phrase.length)
    }
  }
  words.forEach((w, i) => {
    if (matchesTerm(w.folded, terms)) marked[i] = 1
  })
  const marks: [number, number][] = []
  words.forEach((w, i) => {
    if (marked[i] === 0) return
    const last = marks[marks.length - 1]
    // Neighbouring marked words (a phrase) become one run.
    if (last && marked[i - 1] === 1 && /^\s*$/.test(snippet.slice(last[1], w.start)) && i > 0) last[1] = w.end
    else marks.push([w.start, w.end])
  })
  return marks
}
