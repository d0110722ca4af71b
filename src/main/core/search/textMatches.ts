/**
 * Where a query matched inside a text: quoted phrases (words in order) and snippets with the
 * matched words marked, for PDF pages, highlights and notes. Words are compared folded, the same
 * way the index and the renderer's highlighting fold them (`foldText`).
 */
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

const ASCII_WORD = /^[a-z0-9]+$/
const NON_ASCII = /[\u0080-\uffff]/

/** Whether every phrase occurs in the text, its words in order with nothing but spaces and punctuation between. */
export function containsPhrases(text: string, phrases: readonly (readonly string[])[]): boolean {
  if (phrases.length === 0) return true
  let words: Word[] | null = null
  return phrases.every((phrase) => {
    // Plain ASCII words fold to their lowercase: a regular expression over the raw text finds them
    // several times faster than folding every word of a page (phrases are checked on many pages).
    // Only text with accents (`Üstün` for `ustun`) needs the folded words when that finds nothing.
    if (phrase.every((w) => ASCII_WORD.test(w))) {
      const pattern = `(?<![\\p{L}\\p{N}])${phrase.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`
      if (new RegExp(pattern, 'iu').test(text)) return true
      if (!NON_ASCII.test(text)) return false
    }
    words ??= wordsOf(text)
    return findPhrase(words, phrase) >= 0
  })
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
  const words = wordsOf(text)
  let first = -1
  for (const phrase of phrases) {
    const at = findPhrase(words, phrase)
    if (at >= 0 && (first < 0 || at < first)) first = at
  }
  if (first < 0) first = words.findIndex((w) => matchesTerm(w.folded, terms))
  if (first < 0) return null
  const anchor = (words[first] as Word).start
  let from = Math.max(0, anchor - CONTEXT)
  // Start and end on word boundaries, so no word is cut in half.
  const startWord = words.find((w) => w.end > from)
  if (startWord && startWord.start < from) from = startWord.start
  let to = Math.min(text.length, from + SNIPPET_LENGTH)
  const endWord = words.find((w) => w.end > to)
  if (endWord && endWord.start < to) to = endWord.start
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim()
  const prefix = from > 0 ? '… ' : ''
  const snippet = prefix + body + (to < text.length ? ' …' : '')
  return { snippet, marks: marksIn(snippet, terms, phrases) }
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
