import { describe, expect, it } from 'vitest'
import { arxivBaseOverride } from '../../../src/main/core/arxiv/arxivBase'
import { hfBaseOverride } from '../../../src/main/core/huggingface/hfBase'

describe('the Hugging Face base URL of a run', () => {
  it('is --hf-base over LECTERN_HF_BASE, without a trailing slash; none means the setting', () => {
    const env = { LECTERN_HF_BASE: 'http://127.0.0.1:9000/' }
    expect(hfBaseOverride('https://hf.example/', env)).toBe('https://hf.example')
    expect(hfBaseOverride(undefined, env)).toBe('http://127.0.0.1:9000')
    expect(hfBaseOverride(undefined, {})).toBeUndefined()
  })

  it('must be an http(s) URL, and the message names where it came from', () => {
    expect(() => hfBaseOverride('file:///etc', {})).toThrow('--hf-base file:///etc must be an http(s) URL')
    expect(() => hfBaseOverride(undefined, { LECTERN_HF_BASE: 'nope' })).toThrow(
      'LECTERN_HF_BASE nope is not a URL',
    )
  })

  it('is resolved by the same rule as arXiv’s', () => {
    expect(arxivBaseOverride(undefined, { LECTERN_ARXIV_BASE: 'http://a.test/' })).toBe('http://a.test')
    expect(() => arxivBaseOverride('ftp://a.test', {})).toThrow(
      '--arxiv-base ftp://a.test must be an http(s) URL',
    )
  })
})
