import { describe, expect, it } from 'vitest'
import { parsePaperRef, splitPaperRefs } from '../../../src/main/core/search/paperRefs'

describe('paper references in a search', () => {
  it.each([
    ['2402.07033', '2402.07033'],
    ['2402.07033v2', '2402.07033'],
    ['arXiv:2402.07033', '2402.07033'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['math.GT/0309136v1', 'math.GT/0309136'],
    ['https://arxiv.org/abs/2402.07033v1', '2402.07033'],
    ['https://arxiv.org/pdf/2402.07033.pdf', '2402.07033'],
    ['https://arxiv.org/abs/hep-th/9901001', 'hep-th/9901001'],
    ['https://huggingface.co/papers/2402.07033', '2402.07033'],
    ['10.48550/arXiv.2402.07033', '2402.07033'],
    ['https://doi.org/10.48550/arXiv.2402.07033', '2402.07033'],
  ])('%s names arXiv paper %s', (word, id) => {
    expect(parsePaperRef(word)).toEqual({ kind: 'arxiv', id })
  })

  it.each([
    ['10.1145/3442188.3445922', '10.1145/3442188.3445922'],
    ['doi:10.1038/S41586-021-03819-2.', '10.1038/s41586-021-03819-2'],
    ['https://doi.org/10.1145/3442188.3445922', '10.1145/3442188.3445922'],
  ])('%s is the DOI %s', (word, doi) => {
    expect(parsePaperRef(word)).toEqual({ kind: 'doi', doi })
  })

  it.each(['diffusion', '2402', '1234.12345', 'https://example.com/abs/2402.07033', '10.1/x', 'hf.co'])(
    '%s is text',
    (word) => expect(parsePaperRef(word)).toBeNull(),
  )

  it('keeps the other words, quoted runs whole, and says whether the last word is complete', () => {
    expect(splitPaperRefs('2402.07033')).toEqual({ refs: [{ kind: 'arxiv', id: '2402.07033' }], rest: '' })
    expect(splitPaperRefs('mixture 2402.07033 ')).toEqual({
      refs: [{ kind: 'arxiv', id: '2402.07033' }],
      rest: 'mixture ',
    })
    // `mixt` is still being typed (no trailing space): it stays a prefix.
    expect(splitPaperRefs('2402.07033 mixt').rest).toBe('mixt')
    expect(splitPaperRefs('mixt 2402.07033').rest).toBe('mixt ')
    expect(splitPaperRefs('"see 2402.07033 here" x ')).toEqual({ refs: [], rest: '"see 2402.07033 here" x ' })
    expect(splitPaperRefs('diffusion model ')).toEqual({ refs: [], rest: 'diffusion model ' })
  })
})
