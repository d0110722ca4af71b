/**
 * The renderer's copy of the index's text folding (lowercase, accents stripped, `ł` → `l`…), so that
 * a shown word can be matched against the folded terms a search hit carries. It must agree with
 * `src/main/core/search/textAnalysis.ts` `foldText`; the renderer cannot import main code.
 */
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
const MARKS = /\p{M}+/gu

export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '')
    .normalize('NFC')
    .replace(SPECIAL, (c) => SPECIAL_FOLDS[c] ?? c)
}
