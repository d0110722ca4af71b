import { describe, expect, it } from 'vitest'
import { plainTitle, splitCodeSpans } from '../../../src/shared/codeSpans'

describe('splitCodeSpans', () => {
  it('reads a code span in a title as the digest wrote it', () => {
    expect(splitCodeSpans('Beyond `import torch`: hardware-aware training')).toEqual([
      { text: 'Beyond ', code: false },
      { text: 'import torch', code: true },
      { text: ': hardware-aware training', code: false },
    ])
  })

  it('keeps a title without backticks whole', () => {
    expect(splitCodeSpans('Aya Model: An Instruction Finetuned Multilingual Model')).toEqual([
      { text: 'Aya Model: An Instruction Finetuned Multilingual Model', code: false },
    ])
    expect(splitCodeSpans('')).toEqual([])
  })

  it('leaves a backtick with no partner as text', () => {
    expect(splitCodeSpans("It's `open")).toEqual([{ text: "It's `open", code: false }])
    expect(splitCodeSpans('a `` b ` c')).toEqual([{ text: 'a `` b ` c', code: false }])
  })

  it('closes a span only with a run of the same length, as CommonMark does', () => {
    expect(splitCodeSpans('``a ` b`` and `c`')).toEqual([
      { text: 'a ` b', code: true },
      { text: ' and ', code: false },
      { text: 'c', code: true },
    ])
    // A lone run before a matched pair stays literal.
    expect(splitCodeSpans('``x `y`')).toEqual([
      { text: '``x ', code: false },
      { text: 'y', code: true },
    ])
  })

  it('strips one space each side only when both are there', () => {
    expect(splitCodeSpans('`` `tick` ``')).toEqual([{ text: '`tick`', code: true }])
    expect(splitCodeSpans('` a`')).toEqual([{ text: ' a', code: true }])
    expect(splitCodeSpans('`  `')).toEqual([{ text: '  ', code: true }])
  })

  it('keeps markup as text: a title never becomes HTML', () => {
    expect(splitCodeSpans('`<img src=x onerror=alert(1)>` & <b>bold</b>')).toEqual([
      { text: '<img src=x onerror=alert(1)>', code: true },
      { text: ' & <b>bold</b>', code: false },
    ])
  })

  it('gives the title without backticks for tooltips', () => {
    expect(plainTitle('Beyond `import torch`')).toBe('Beyond import torch')
  })
})
