/**
 * Text folding for search: lowercase, accents removed (`Üstün` → `ustun`, `Łukasz` → `lukasz`). The
 * index folds with it in main and the renderer folds shown words with it to highlight hits, so both
 * sides agree by construction. Hangul stays composed (NFD then NFC) so syllables remain syllables.
 */

/** Characters NFD does not decompose to a base letter plus marks. */
const SPECIAL_FOLDS: Record<string, string> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
  ð: 'd',
  ħ: 'h',
}
const SPECIAL = /[øłđßæœıþðħ]/g
/**
 * Text that may need Unicode normalization: Latin-1/Extended letters, combining marks, Greek, Cyrillic,
 * decomposed Hangul jamo. Precomposed Hangul and plain ASCII skip it: normalizing every abstract was
 * a measurable share of index build time.
 */
const NEEDS_FOLDING = /[\u00c0-\u024f\u0370-\u04ff\u1100-\u11ff\u1e00-\u1fff]|\p{M}/u
const MARKS = /\p{M}+/gu

export function foldText(text: string): string {
  return foldLowercase(text.toLowerCase())
}

/** `foldText` of text already lowercased (a caller that needs both lowercases once). */
export function foldLowercase(lower: string): string {
  if (!NEEDS_FOLDING.test(lower)) return lower
  return lower
    .normalize('NFD')
    .replace(MARKS, '')
    .normalize('NFC')
    .replace(SPECIAL, (c) => SPECIAL_FOLDS[c] ?? c)
}
