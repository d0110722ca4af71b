import { describe, expect, it } from 'vitest'
import { mayHavePhrases, pageSignatures } from '../../../src/main/core/search/phraseSignatures'
import { containsPhrases, quotedPhrases } from '../../../src/main/core/search/textMatches'
import { zipfPages } from '../../fixtures/pages/zipfPages'

describe('phrase signatures', () => {
  it('never rule out a page that has the phrase, and rule out most that do not', () => {
    const words = zipfPages({ seed: 11, texts: [], vocabulary: 3_000 })
    const pages = Array.from({ length: 200 }, () => words.page(600))
    pages[17] = `${pages[17] as string} Über-Modell, (naïve) ÉTUDE of ablation`
    const signatures = pageSignatures(pages)
    const phrases = [
      '"über modell naive etude"',
      '"of ablation"',
      ...pages.slice(0, 50).map(
        (page, i) =>
          `"${page
            .split(/\s+/)
            .slice(i, i + 2 + (i % 3))
            .join(' ')}"`,
      ),
    ]
    let ruledOut = 0
    let without = 0
    for (const q of phrases) {
      const phrase = quotedPhrases(q)
      pages.forEach((page, i) => {
        const may = mayHavePhrases(signatures, i, phrase)
        if (containsPhrases(page, phrase)) expect(may, `${q} on page ${i}`).toBe(true)
        else {
          without++
          if (!may) ruledOut++
        }
      })
    }
    // Two bits a pair in 2,048: about one page in five without the pair passes anyway.
    expect(ruledOut / without).toBeGreaterThan(0.6)
  })
})
