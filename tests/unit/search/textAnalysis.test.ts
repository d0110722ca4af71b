import { describe, expect, it } from 'vitest'

import {
  foldText,
  forEachIndexTerm,
  koreanStem,
  queryWords,
} from '../../../src/main/core/search/textAnalysis'

function terms(text: string): string[] {
  const out: string[] = []
  forEachIndexTerm(text, (t) => out.push(t))
  return out
}

describe('textAnalysis', () => {
  it('folds case and accents, including letters NFD leaves alone', () => {
    expect(foldText('Ahmet Üstün, Łukasz Wiśniewski, Søren, Straße')).toBe(
      'ahmet ustun, lukasz wisniewski, soren, strasse',
    )
    // Decomposed input (as macOS file names give) folds the same.
    expect(foldText('U\u0308stu\u0308n')).toBe('ustun')
  })

  it('keeps Hangul syllables composed', () => {
    expect(foldText('모델은')).toBe('모델은')
    expect(foldText('\u1106\u1169\u1103\u1166\u11af')).toBe('모델')
  })

  it('splits on punctuation, drops stop words, and adds the stem of Korean words with particles', () => {
    expect(terms('The OS-Copilot of 모델은 언어를 지원합니다.')).toEqual([
      'os',
      'copilot',
      '모델은',
      '모델',
      '언어를',
      '언어',
      '지원합니다',
    ])
  })

  it('strips the longest particle and leaves particle-free words alone', () => {
    expect(koreanStem('환경에서도')).toBe('환경')
    expect(koreanStem('모델을')).toBe('모델')
    expect(koreanStem('데이터')).toBeNull()
    expect(koreanStem('이')).toBeNull()
    expect(koreanStem('model')).toBeNull()
  })

  it('marks the last query word as a prefix only while it is being typed', () => {
    expect(queryWords('diffusion mo')).toEqual({ words: ['diffusion', 'mo'], lastIsPrefix: true })
    expect(queryWords('diffusion mo ')).toEqual({ words: ['diffusion', 'mo'], lastIsPrefix: false })
    expect(queryWords('"diffusion mo"')).toEqual({ words: ['diffusion', 'mo'], lastIsPrefix: false })
    // A stop word being typed may be the start of a real word (`the` → `theory`).
    expect(queryWords('graph the')).toEqual({ words: ['graph', 'the'], lastIsPrefix: true })
    expect(queryWords('the graph ')).toEqual({ words: ['graph'], lastIsPrefix: false })
  })
})
