import { describe, expect, it } from 'vitest'
import { containsPhrases, quotedPhrases, snippetOf } from '../../../src/main/core/search/textMatches'

const PAGE =
  'Section 4.2 reports the rank ablation. We vary the LoRA rank from 4 to 64; a rank-16 adapter\n' +
  'matches full fine-tuning on GLUE while training 0.3% of the weights. Ranking by loss is left to ' +
  'future work, as is the ablation of rank schedules across layers. '.repeat(3)

describe('phrases and snippets in page text', () => {
  it('matches a phrase word for word, across punctuation and line ends, not inside longer words', () => {
    const phrase = (q: string) => quotedPhrases(q)
    expect(containsPhrases(PAGE, phrase('"rank ablation"'))).toBe(true)
    expect(containsPhrases(PAGE, phrase('"ablation rank"'))).toBe(false)
    expect(containsPhrases(PAGE, phrase('"rank 16 adapter"'))).toBe(true)
    expect(containsPhrases(PAGE, phrase('"adapter matches"'))).toBe(true)
    expect(containsPhrases(PAGE, phrase('"ank ablation"'))).toBe(false)
    expect(containsPhrases(PAGE, phrase('"rank ablatio"'))).toBe(false)
    expect(containsPhrases(PAGE, phrase('"LORA RANK" "glue while"'))).toBe(true)
    expect(containsPhrases(PAGE, phrase('"LORA RANK" "glue during"'))).toBe(false)
  })

  it('folds accents as the index does, whole text or word by word', () => {
    expect(containsPhrases('Der Ansatz von Üstün und Łukasz', quotedPhrases('"von ustun"'))).toBe(true)
    expect(containsPhrases('Der Ansatz von U\u0308stu\u0308n', quotedPhrases('"von ustun"'))).toBe(true)
    expect(containsPhrases('모델은 환경에서도 잘 작동한다', quotedPhrases('"환경에서도 잘"'))).toBe(true)
    expect(containsPhrases('naïve Bayes baseline', quotedPhrases('"naive bayes"'))).toBe(true)
  })

  it('cuts the same snippet from ASCII text as from the same text with one accented word at the end', () => {
    const terms = ['ablation', 'rank']
    for (const phrases of [[], quotedPhrases('"rank schedules"'), quotedPhrases('"weights ranking"')]) {
      const long = `${PAGE}${'and more words. '.repeat(20)}`
      const ascii = snippetOf(long, terms, phrases)
      // The accent is past the snippet's end, so both must cut the very same words.
      const accented = snippetOf(`${long} Über.`, terms, phrases)
      expect(ascii).not.toBeNull()
      expect(accented?.snippet).toBe(ascii?.snippet)
      expect(accented?.marks).toEqual(ascii?.marks)
    }
    const first = snippetOf(PAGE, ['ablation'], [])
    expect(first?.snippet.startsWith('Section 4.2 reports the rank ablation.')).toBe(true)
    const { snippet = '', marks = [] } = snippetOf(PAGE, ['schedul'], []) ?? {}
    expect(snippet.startsWith('… ')).toBe(true)
    // Never a word cut in half at either end.
    expect(snippet).toMatch(/^… [A-Za-z0-9]/)
    expect(PAGE).toContain(snippet.slice(2).replace(/ …$/, '').split(' ').slice(0, 3).join(' '))
    expect(marks.map(([s, e]) => snippet.slice(s, e))).toContain('schedules')
    expect(snippetOf(PAGE, ['transformer'], [])).toBeNull()
  })
})
