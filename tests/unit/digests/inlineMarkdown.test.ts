import { describe, expect, it } from 'vitest'
import {
  decodeCharacterReference,
  readLink,
  toPlainText,
} from '../../../src/main/core/digests/inlineMarkdown'

describe('readLink', () => {
  it('reads text and destination, with balanced brackets and parentheses', () => {
    expect(readLink('[A [b] c](https://x.org/a_(b))')).toEqual({
      text: 'A [b] c',
      destination: 'https://x.org/a_(b)',
      end: 30,
    })
    expect(readLink('[T](<https://x.org/a b>)')!.destination).toBe('https://x.org/a b')
    expect(readLink('[T](https://x.org/ "title")')!.destination).toBe('https://x.org/')
    expect(readLink('[T](https://x.org/?a=1&amp;b=2)')!.destination).toBe('https://x.org/?a=1&b=2')
    expect(readLink('![](https://x.org/i.png)', 1)!.destination).toBe('https://x.org/i.png')
  })

  it('honours escapes and code spans when matching brackets', () => {
    expect(readLink('[a \\] b](u)')!.text).toBe('a \\] b')
    expect(readLink('[a `]` b](u)')!.text).toBe('a `]` b')
    expect(readLink('[a ``x`]`` b](u)')!.text).toBe('a ``x`]`` b')
    // An unmatched backtick is literal, so the bracket after it closes the text.
    expect(readLink('[a ` b](u)')!.text).toBe('a ` b')
  })

  it('returns null when brackets or parentheses do not close', () => {
    expect(readLink('[never closed')).toBeNull()
    expect(readLink('[t](https://x.org')).toBeNull()
    expect(readLink('[t] (https://x.org)')).toBeNull()
    expect(readLink('[t](https://x.org "unclosed)')).toBeNull()
    expect(readLink('['.repeat(100_000) + ']')).toBeNull()
  })
})

describe('toPlainText', () => {
  it('removes escapes of punctuation only, unwraps code spans, collapses whitespace', () => {
    expect(toPlainText('\\[ToT\\] \\*bold\\* \\_u\\_ \\\\ \\d')).toBe('[ToT] *bold* _u_ \\ \\d')
    expect(toPlainText('use `a\\*b &amp;` now')).toBe('use a\\*b &amp; now')
    expect(toPlainText('`` `tick` ``')).toBe('`tick`')
  })

  it('keeps code spans as written when asked (titles), still unescaping outside them', () => {
    expect(toPlainText('Beyond `import torch`: A \\*Study\\*', { keepCodeSpans: true })).toBe(
      'Beyond `import torch`: A *Study*',
    )
    expect(toPlainText('`a\\*b &amp;` &amp; c', { keepCodeSpans: true })).toBe('`a\\*b &amp;` & c')
    // An unmatched backtick is text, as in "`Constitutions' for learning".
    expect(toPlainText("the `Constitutions' of AI", { keepCodeSpans: true })).toBe(
      "the `Constitutions' of AI",
    )
    expect(toPlainText('  a \t b\n c  ')).toBe('a b c')
    expect(toPlainText('\\&amp;')).toBe('&amp;')
  })

  it('decodes named and numeric entities, and leaves unknown ones alone', () => {
    expect(toPlainText('Q&amp;A &lt;b&gt; &quot;x&quot; it&#39;s &#x1F680; &mdash; &nbsp;')).toBe(
      'Q&A <b> "x" it\'s 🚀 — \u00a0'.trim(),
    )
    expect(toPlainText('&unknown; &constructor; &toString; & amp;')).toBe(
      '&unknown; &constructor; &toString; & amp;',
    )
    expect(toPlainText('&#0; &#xD800; &#x110000; &#12345678;')).toBe('\ufffd \ufffd \ufffd &#12345678;')
  })
})

describe('decodeCharacterReference', () => {
  it('looks ahead a bounded distance only', () => {
    const text = '&' + 'a'.repeat(1000) + ';'
    expect(decodeCharacterReference(text, 0)).toBeNull()
    expect(decodeCharacterReference('x&amp;', 1)).toEqual({ text: '&', end: 6 })
  })
})
