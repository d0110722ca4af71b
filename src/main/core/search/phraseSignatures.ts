/**
 * Which pairs of neighbouring words a page may hold: a small Bloom filter per page (256 bytes, two
 * bits a pair), so that a quoted phrase is read only in pages that may have each pair of its words
 * in a row. The index keeps no word positions (they would triple it), and a phrase of common words
 * has all its words on thousands of pages: reading 200 of them from pdf-text/ to find none was most
 * of such a query. A page that has the phrase always passes; about one in five without a given pair
 * passes too (600 pairs in 2,048 bits), and is then read and rejected as before.
 */
import { foldText } from './textAnalysis'

export const SIGNATURE_BYTES = 256
const BIT_MASK = SIGNATURE_BYTES * 8 - 1
/** Words as the phrase check sees them: runs of letters and digits of the folded text. */
const SEPARATORS = /[^\p{L}\p{N}]+/u

/** FNV-1a of the two words with a space between. */
function pairHash(a: string, b: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a.charCodeAt(i), 0x01000193)
  h = Math.imul(h ^ 0x20, 0x01000193)
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** The signatures of a PDF's pages, one after another. */
export function pageSignatures(pages: readonly string[]): Uint8Array {
  const out = new Uint8Array(pages.length * SIGNATURE_BYTES)
  pages.forEach((text, i) => {
    const base = i * SIGNATURE_BYTES * 8
    let previous = ''
    for (const word of foldText(text).split(SEPARATORS)) {
      if (word === '') continue
      if (previous !== '') {
        const h = pairHash(previous, word)
        for (const bit of [base + (h & BIT_MASK), base + ((h >>> 11) & BIT_MASK)])
          out[bit >>> 3] = (out[bit >>> 3] as number) | (1 << (bit & 7))
      }
      previous = word
    }
  })
  return out
}

/**
 * Whether page `index` (0-based) of `signatures` may hold every phrase (folded words): false only
 * when it surely does not.
 */
export function mayHavePhrases(
  signatures: Uint8Array,
  index: number,
  phrases: readonly (readonly string[])[],
): boolean {
  const base = index * SIGNATURE_BYTES * 8
  return phrases.every((phrase) => {
    for (let k = 1; k < phrase.length; k++) {
      const h = pairHash(phrase[k - 1] as string, phrase[k] as string)
      for (const bit of [base + (h & BIT_MASK), base + ((h >>> 11) & BIT_MASK)])
        if (((signatures[bit >>> 3] as number) & (1 << (bit & 7))) === 0) return false
    }
    return true
  })
}
