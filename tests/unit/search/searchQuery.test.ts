import { describe, expect, it } from 'vitest'

import { authorClauses, parseSearchQuery } from '../../../src/main/core/search/searchQuery'

describe('parseSearchQuery', () => {
  it('keeps plain words as text', () => {
    expect(parseSearchQuery('diffusion model')).toEqual({
      text: 'diffusion model',
      lists: [],
      tags: [],
      authors: [],
      is: [],
      has: [],
      days: [],
      in: [],
    })
  })

  it('reads has: and day: filters, and keeps values it does not know as text', () => {
    const q = parseSearchQuery('has:note HAS:PDF has:note day:2024-02-13 day:2024-02 day:2024 rl')
    expect([q.has, q.days, q.text]).toEqual([['note', 'pdf'], ['2024-02-13', '2024-02', '2024'], 'rl'])
    const unknown = parseSearchQuery('has:code day:yesterday day:2024-2')
    expect([unknown.has, unknown.days, unknown.text]).toEqual([[], [], 'has:code day:yesterday day:2024-2'])
  })

  it('reads in:pdf, in:note, in:highlight and keeps other in: values as text', () => {
    const q = parseSearchQuery('in:pdf "rank ablation" IN:Highlight in:pdf in:table')
    expect(q.in).toEqual(['pdf', 'highlight'])
    expect(q.text).toBe('"rank ablation" in:table')
  })

  it('reads every filter kind, quoted values included, and leaves the rest as text', () => {
    const q = parseSearchQuery('list:"To read" diffusion tag:survey is:unread author:"Julia Kreutzer" mo')
    expect(q.lists).toEqual(['To read'])
    expect(q.tags).toEqual(['survey'])
    expect(q.is).toEqual(['unread'])
    expect(q.authors).toEqual(['Julia Kreutzer'])
    expect(q.text).toBe('diffusion mo')
  })

  it('collects repeated filters in order, without duplicate is: values', () => {
    const q = parseSearchQuery('tag:a tag:b is:read is:starred is:read list:x list:"y z"')
    expect(q.tags).toEqual(['a', 'b'])
    expect(q.is).toEqual(['read', 'starred'])
    expect(q.lists).toEqual(['x', 'y z'])
    expect(q.text).toBe('')
  })

  it('keeps unknown keys and unknown is: values as text', () => {
    expect(parseSearchQuery('foo:bar baz').text).toBe('foo:bar baz')
    expect(parseSearchQuery('is:maybe robots').text).toBe('is:maybe robots')
    expect(parseSearchQuery('is:maybe robots').is).toEqual([])
    expect(parseSearchQuery('https://arxiv.org/abs/2402.07827').text).toBe('https://arxiv.org/abs/2402.07827')
  })

  it('reads keys case-insensitively and is: values lowercased', () => {
    const q = parseSearchQuery('TAG:Survey Is:Starred')
    expect(q.tags).toEqual(['Survey'])
    expect(q.is).toEqual(['starred'])
  })

  it('takes an unterminated quote to the end, as while it is typed', () => {
    expect(parseSearchQuery('list:"To re').lists).toEqual(['To re'])
  })

  it('ignores a filter key with no value yet', () => {
    const q = parseSearchQuery('diffusion tag:')
    expect(q.tags).toEqual([])
    expect(q.text).toBe('diffusion ')
  })

  it('ends the text with a space when its last word is complete, so only a word being typed is a prefix', () => {
    expect(parseSearchQuery('diffusion mo').text).toBe('diffusion mo')
    expect(parseSearchQuery('diffusion mo ').text).toBe('diffusion mo ')
    expect(parseSearchQuery('diffusion mo tag:x').text).toBe('diffusion mo ')
    expect(parseSearchQuery('tag:x diffusion mo').text).toBe('diffusion mo')
  })

  it('keeps a quoted phrase of free text whole', () => {
    expect(parseSearchQuery('"diffusion model" tag:x').text).toBe('"diffusion model" ')
  })

  it('turns author filters into clauses on the authors field', () => {
    expect(authorClauses(parseSearchQuery('author:Kreutzer author:"Sara Hooker"'))).toEqual([
      { text: 'Kreutzer', fields: ['authors'] },
      { text: 'Sara Hooker', fields: ['authors'] },
    ])
  })
})
