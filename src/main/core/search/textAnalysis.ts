/**
 * How text becomes index terms. Indexing and querying both go through here so that they agree:
 * lowercase, accents folded (`Üstün` → `ustun`, `Łukasz` → `lukasz`), split on anything that is not a
 * letter or a digit (Hangul is letters, so Korean splits on its spaces), English stop words dropped.
 *
 * Changing anything here changes the terms of a persisted index: bump `ANALYSIS_VERSION` so that an
 * index saved by an older build is rejected on load and rebuilt.
 */

import { foldText } from '../../../shared/foldText'

export const ANALYSIS_VERSION = 1

// Short on purpose: only words that carry no topic. `learning`, `model`, `via`… stay searchable.
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can for from has have in into is it its of on or our over such ' +
    'than that the their these this those to was we were which while with'
  ).split(' '),
)

const SEPARATORS = /[^\p{L}\p{N}]+/u
const ENDS_IN_WORD = /[\p{L}\p{N}]$/u

export { foldText }

// Korean attaches particles to the noun (`모델은`, `모델을`, `환경에서도`): a search for `모델` must find
// them. Grouped by last syllable, longest first, so that `에서도` wins over `도`.
const PARTICLES = new Map<number, string[]>()
const PARTICLE_LIST =
  '에서부터 으로부터 에서는 에서도 에게서 으로는 으로도 으로서 으로써 까지도 보다는 ' +
  '에서 에게 에는 에도 으로 로서 로써 로는 로도 부터 까지 보다 처럼 만큼 와는 과는 이나 ' +
  '은 는 이 가 을 를 의 에 로 와 과 도 만'
for (const particle of PARTICLE_LIST.split(' ')) {
  const last = particle.charCodeAt(particle.length - 1)
  PARTICLES.set(last, [...(PARTICLES.get(last) ?? []), particle])
}

/** The noun of a Hangul word that ends in a particle, or null. Runs on every indexed word: keep it cheap. */
export function koreanStem(term: string): string | null {
  const last = term.charCodeAt(term.length - 1)
  if (term.length < 2 || last < 0xac00 || last > 0xd7a3) return null
  const candidates = PARTICLES.get(last)
  if (candidates === undefined) return null
  for (const particle of candidates) {
    if (term.length > particle.length && term.endsWith(particle)) return term.slice(0, -particle.length)
  }
  return null
}

/**
 * Calls `emit` with each index term of `text`: every word, plus the particle-free stem of a Korean
 * word. Returns the number of words (stems excluded), the field length BM25 normalizes by.
 */
export function forEachIndexTerm(text: string, emit: (term: string) => void): number {
  if (text === '') return 0
  let words = 0
  for (const word of foldText(text).split(SEPARATORS)) {
    if (word === '' || STOP_WORDS.has(word)) continue
    words++
    emit(word)
    const stem = koreanStem(word)
    if (stem !== null) emit(stem)
  }
  return words
}

export interface QueryWords {
  /** Folded query words, stop words removed except a last word that is still being typed. */
  words: string[]
  /** The last word is still being typed (the text ends in a letter or digit): match it as a prefix. */
  lastIsPrefix: boolean
}

export function queryWords(text: string): QueryWords {
  const lastIsPrefix = ENDS_IN_WORD.test(text)
  const all = foldText(text)
    .split(SEPARATORS)
    .filter((w) => w !== '')
  const words = all.filter((w, i) => !STOP_WORDS.has(w) || (lastIsPrefix && i === all.length - 1))
  return { words, lastIsPrefix: lastIsPrefix && words.length > 0 }
}
