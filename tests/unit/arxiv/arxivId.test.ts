import { describe, expect, it } from 'vitest'
import { parseArxivId, parseArxivRef } from '../../../src/shared/arxivId'

describe('parseArxivId', () => {
  it('accepts real ids of both styles, with and without version', () => {
    expect(parseArxivId('2402.07827v2')).toEqual({ id: '2402.07827', version: 2 })
    expect(parseArxivId('arXiv:2402.07456')).toEqual({ id: '2402.07456', version: null })
    expect(parseArxivId('0704.0001')).toEqual({ id: '0704.0001', version: null })
    expect(parseArxivId('1412.9999v3')).toEqual({ id: '1412.9999', version: 3 })
    expect(parseArxivId('hep-th/9901001v1')).toEqual({ id: 'hep-th/9901001', version: 1 })
    expect(parseArxivId('math.GT/0309136')).toEqual({ id: 'math.GT/0309136', version: null })
  })

  it('rejects what arXiv calls malformed, instead of spending a request on it', () => {
    // The API manual's own examples of malformed ids.
    expect(parseArxivId('1234.12345')).toBeNull()
    expect(parseArxivId('1234.1234')).toBeNull()
    // Number length must fit the month: 4 digits until 1412, 5 digits from 1501.
    expect(parseArxivId('2402.0782')).toBeNull()
    expect(parseArxivId('1312.07827')).toBeNull()
    expect(parseArxivId('0612.0001')).toBeNull()
    expect(parseArxivId('2413.00001')).toBeNull()
    expect(parseArxivId('hep-th/9913001')).toBeNull()
    expect(parseArxivId('2402.07827v0')).toBeNull()
  })
})

describe('parseArxivRef', () => {
  it('reads abs/pdf links and does not throw on a broken percent escape', () => {
    expect(parseArxivRef('https://arxiv.org/pdf/2402.07827v2.pdf')).toEqual({ id: '2402.07827', version: 2 })
    expect(parseArxivRef('https://arxiv.org/abs/hep-th/9901001')).toEqual({
      id: 'hep-th/9901001',
      version: null,
    })
    expect(parseArxivRef('https://arxiv.org/abs/%E0%A4%A')).toBeNull()
  })
})
