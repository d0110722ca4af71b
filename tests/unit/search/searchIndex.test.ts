import { describe, expect, it } from 'vitest'

import { searchDocFromPaper } from '../../../src/main/core/search/searchDoc'
import {
  framed,
  SearchIndex,
  SearchIndexFormatError,
  unframe,
  type SearchDoc,
} from '../../../src/main/core/search/searchIndex'
import { forEachIndexTerm, queryWords } from '../../../src/main/core/search/textAnalysis'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { seededRandom } from '../../fixtures/seededRandom'

function doc(id: string, fields: Partial<Omit<SearchDoc, 'id'>>): SearchDoc {
  return { id, title: '', authors: '', abstract: '', summary: '', note: '', tags: '', ...fields }
}

function ids(index: SearchIndex, text: string, opts?: Parameters<SearchIndex['search']>[1]): string[] {
  return index.search(text, opts).map((h) => h.id)
}

/** The index saved to bytes and loaded back. */
function roundTrip(index: SearchIndex): SearchIndex {
  return SearchIndex.loadBinary(Buffer.concat(index.toBinary()))
}

/** Drops removed documents (a save keeps them). */
function vacuumed(index: SearchIndex): void {
  for (const _ of index.vacuumSteps());
}

function indexOf(docs: SearchDoc[]): SearchIndex {
  const index = new SearchIndex()
  index.addAll(docs)
  return index
}

describe('SearchIndex ranking', () => {
  const docs = [
    doc('abstract-only', {
      title: 'Scaling laws for language models',
      abstract: 'We compare gaussian splatting with gaussian splatting variants and neural fields at length.',
    }),
    doc('title', {
      title: 'Gaussian Splatting for dynamic scenes',
      abstract: 'We render scenes in real time.',
    }),
    doc('author', { title: 'Robust locomotion', authors: 'Julia Kreutzer, Sara Hooker' }),
    doc('author-in-abstract', {
      title: 'Instruction tuning',
      abstract: 'Following Kreutzer we tune models.',
    }),
  ]
  const index = indexOf(docs)

  it('puts a title hit above a document that matches only in its abstract', () => {
    expect(ids(index, 'gaussian splatting')).toEqual(['title', 'abstract-only'])
  })

  it('puts an author hit above a mention in an abstract', () => {
    expect(ids(index, 'kreutzer')).toEqual(['author', 'author-in-abstract'])
  })

  it('requires every word (AND)', () => {
    expect(ids(index, 'gaussian scenes')).toEqual(['title'])
    expect(ids(index, 'gaussian kreutzer')).toEqual([])
  })

  it('returns the matched terms for highlighting', () => {
    const [hit] = index.search('splatting gauss')
    expect(hit?.id).toBe('title')
    expect(hit?.terms.sort()).toEqual(['gaussian', 'splatting'].sort())
  })
})

describe('SearchIndex prefix matching', () => {
  const index = indexOf([
    doc('a', { title: 'Diffusion models for video' }),
    doc('b', { title: 'A diff tool for model weights' }),
  ])

  it('matches the last word as a prefix while it is typed', () => {
    expect(ids(index, 'diffusion mod')).toEqual(['a'])
    expect(ids(index, 'diffus').sort()).toEqual(['a'])
  })

  it('matches earlier words whole only', () => {
    // `diff` must be a whole word here, so only b matches; `mod` completes to model/models.
    expect(ids(index, 'diff mod')).toEqual(['b'])
    expect(ids(index, 'mod diffusion')).toEqual([])
  })

  it('ignores a lone letter still being typed, and matches it whole once complete', () => {
    expect(ids(index, 'diffusion v')).toEqual(['a'])
    expect(ids(index, 'tool w')).toEqual(['b'])
    expect(ids(index, 'tool w ')).toEqual([])
    expect(ids(index, 'd', { limit: Infinity })).toEqual(['a', 'b'])
  })

  it('treats a last word followed by a space as complete', () => {
    expect(ids(index, 'diffusion mod ')).toEqual([])
    expect(ids(index, 'diffusion models ')).toEqual(['a'])
  })

  it('returns the completions that matched', () => {
    expect(index.search('video mod')[0]?.terms.sort()).toEqual(['models', 'video'])
  })
})

describe('SearchIndex fields and clauses', () => {
  const index = indexOf([
    doc('by-kreutzer', {
      title: 'Diffusion policies',
      authors: 'Julia Kreutzer',
      abstract: 'Policy learning with police-like judges and juries.',
    }),
    doc('about-kreutzer', { title: 'Diffusion policies revisited', abstract: 'We extend Kreutzer et al.' }),
    doc('other', { title: 'Diffusion transformers', authors: 'Sara Hooker' }),
  ])

  it('restricts the free text to the given fields', () => {
    expect(ids(index, 'kreutzer', { fields: ['authors'] })).toEqual(['by-kreutzer'])
  })

  it('ANDs a clause restricted to the authors field with the free text (author: filter)', () => {
    const hits = index.search('diffusion', { and: [{ text: 'Julia Kreutzer', fields: ['authors'] }] })
    expect(hits.map((h) => h.id)).toEqual(['by-kreutzer'])
    expect(hits[0]?.terms.sort()).toEqual(['diffusion', 'julia', 'kreutzer'])
  })

  it('returns only terms that matched in the allowed fields', () => {
    const hits = index.search('polic', { fields: ['title'] })
    expect(hits).toHaveLength(2)
    for (const hit of hits) expect(hit.terms).toEqual(['policies'])
    const [byAuthor] = index.search('diffusion', { and: [{ text: 'ju', fields: ['authors'] }] })
    expect(byAuthor?.terms.sort()).toEqual(['diffusion', 'julia'])
  })

  it('answers a clause alone when there is no free text', () => {
    expect(ids(index, '', { and: [{ text: 'hooker', fields: ['authors'] }] })).toEqual(['other'])
  })
})

describe('SearchIndex filter, limit and empty text', () => {
  const index = indexOf(
    ['x1', 'x2', 'x3', 'x4'].map((id, i) => doc(id, { title: `graph ${'graph '.repeat(i)}networks ${id}` })),
  )

  it('applies the filter before the limit', () => {
    const all = ids(index, 'graph', { limit: Infinity })
    expect(all).toHaveLength(4)
    expect(ids(index, 'graph', { limit: 1, filter: (id) => id !== all[0] })).toEqual([all[1]])
  })

  it('lists every document passing the filter for empty text, in insertion order', () => {
    expect(ids(index, '', { filter: (id) => id !== 'x2', limit: Infinity })).toEqual(['x1', 'x3', 'x4'])
    expect(ids(index, '  ', { limit: 2 })).toEqual(['x1', 'x2'])
  })

  it('matches nothing for text made only of stop words', () => {
    expect(ids(index, 'the of ')).toEqual([])
  })

  it('returns nothing for a limit of 0', () => {
    expect(ids(index, 'graph', { limit: 0 })).toEqual([])
  })
})

describe('SearchIndex incremental updates', () => {
  it('upserts and removes documents', () => {
    const index = indexOf([doc('p1', { title: 'Sparse attention' }), doc('p2', { title: 'Sparse experts' })])
    expect(index.size).toBe(2)
    index.upsert(doc('p1', { title: 'Linear attention', note: 'compare with quokka' }))
    expect(index.size).toBe(2)
    expect(ids(index, 'sparse')).toEqual(['p2'])
    expect(ids(index, 'linear attention')).toEqual(['p1'])
    // A word new to the vocabulary is found as a prefix right away.
    expect(ids(index, 'quok')).toEqual(['p1'])
    index.remove('p1')
    expect(index.size).toBe(1)
    expect(index.has('p1')).toBe(false)
    expect(ids(index, 'attention')).toEqual([])
    index.remove('missing')
    expect(index.size).toBe(1)
  })

  it('stays correct across the compaction that follows many removals', () => {
    const index = indexOf(
      Array.from({ length: 300 }, (_, i) => doc(`d${i}`, { title: `topic${i % 3} paper` })),
    )
    for (let i = 0; i < 250; i++) index.remove(`d${i}`)
    index.upsert(doc('d299', { title: 'topic2 paper revised' }))
    expect(index.size).toBe(50)
    expect(ids(index, 'topic0', { limit: Infinity }).sort()).toEqual(
      ['d252', 'd255', 'd258', 'd261', 'd264', 'd267', 'd270', 'd273', 'd276', 'd279']
        .concat(['d282', 'd285', 'd288', 'd291', 'd294', 'd297'])
        .sort(),
    )
    expect(ids(index, 'revised')).toEqual(['d299'])
    expect(ids(index, 'paper', { limit: Infinity })).toHaveLength(50)
  })
})

describe('SearchIndex persistence', () => {
  const papers = generateLibrary(400, 7)
  const docs = papers.map((p) => searchDocFromPaper(p))
  const queries = ['diffusion', 'reward mod', 'graph neural network', 'kreutz', '로봇', 'ustun', 'code gen']

  it('answers the same after a round trip through bytes', () => {
    const index = indexOf(docs)
    index.remove(docs[3]?.id as string)
    const loaded = roundTrip(index)
    expect(loaded.size).toBe(index.size)
    for (const q of queries) {
      const expected = index.search(q, { limit: 20 })
      expect(expected.length, q).toBeGreaterThan(0)
      expect(loaded.search(q, { limit: 20 }), q).toEqual(expected)
    }
    // Saved again, words the queries decoded and words still as read make the same bytes.
    expect(Buffer.concat(loaded.toBinary()).equals(Buffer.concat(index.toBinary()))).toBe(true)
  })

  it('keeps every id through bytes, one a line in steps, line breaks and backslashes too', () => {
    const odd = ['a\nb', 'c\\nd', 'e\\', '\\\n', '\\']
    const many = Array.from({ length: 12_000 }, (_, i) => doc(`p${i}`, { title: `word${i} shared` }))
    // Around the 5,000-line steps, and at both ends.
    const at = [0, 4_999, 5_000, 7_000, 12_000]
    at.forEach((slot, i) => many.splice(slot, 0, doc(odd[i] as string, { title: `odd${i}` })))
    const index = indexOf(many)
    // Removed ones are kept as holes: the first slot, the last, two in a row, at a step's edge.
    const gone = [0, 1, 4_998, 4_999, 5_001, many.length - 1].map((slot) => (many[slot] as SearchDoc).id)
    for (const id of gone) index.remove(id)
    const loaded = roundTrip(index)
    expect(loaded.size).toBe(many.length - gone.length)
    odd.forEach((id, i) => expect(ids(loaded, `odd${i}`)).toEqual(gone.includes(id) ? [] : [id]))
    expect(ids(loaded, 'word11998')).toEqual(['p11998'])
    expect(ids(loaded, 'shared', { limit: Infinity }).sort()).toEqual(
      many
        .filter((d) => d.title.endsWith('shared') && !gone.includes(d.id))
        .map((d) => d.id)
        .sort(),
    )
    expect(loaded.search('shared', { limit: 50 })).toEqual(index.search('shared', { limit: 50 }))
  })

  it('keeps accepting updates after a load', () => {
    const loaded = roundTrip(indexOf(docs))
    const target = docs[0] as SearchDoc
    loaded.upsert({ ...target, note: 'zymurgy of transformers' })
    expect(ids(loaded, 'zymurg')).toEqual([target.id])
    loaded.remove(target.id)
    expect(ids(loaded, 'zymurgy')).toEqual([])
    expect(loaded.size).toBe(docs.length - 1)
  })

  it('rejects bytes of another format, version or label, and damaged ones', () => {
    const bytes = Buffer.concat(indexOf(docs.slice(0, 5)).toBinary('state 1'))
    expect(SearchIndex.loadBinary(bytes, 'state 1').size).toBe(5)
    expect(() => SearchIndex.loadBinary(bytes, 'state 2')).toThrow(/another state/)
    const { header, sections } = unframe(bytes)
    const reframed = (changes: object) =>
      Buffer.concat(framed({ ...(header as object), ...changes }, sections))
    expect(() => SearchIndex.loadBinary(reframed({ version: 2 }), 'state 1')).toThrow(SearchIndexFormatError)
    expect(() => SearchIndex.loadBinary(reframed({ format: 'other' }), 'state 1')).toThrow(
      SearchIndexFormatError,
    )
    // A byte flipped anywhere in the sections fails the checksum; a cut file fails its framing.
    const flipped = Buffer.from(bytes)
    flipped[bytes.length - 3] = (flipped[bytes.length - 3] as number) ^ 0x10
    expect(() => SearchIndex.loadBinary(flipped, 'state 1')).toThrow(/checksum/)
    expect(() => SearchIndex.loadBinary(bytes.subarray(0, bytes.length - 7), 'state 1')).toThrow(
      SearchIndexFormatError,
    )
    expect(() => SearchIndex.loadBinary(new Uint8Array(0))).toThrow(SearchIndexFormatError)
    expect(() => SearchIndex.loadBinary(Buffer.from('{"format":"lectern-search-index"}'))).toThrow(
      SearchIndexFormatError,
    )
  })

  it('gives up a save in steps when the index changes between two steps', () => {
    const index = indexOf(docs)
    const saving = index.toBinarySteps()
    saving.next()
    index.upsert({ ...(docs[0] as SearchDoc), note: 'zymurgy' })
    let step = saving.next()
    while (!step.done) step = saving.next()
    expect(step.value).toBeNull()
    // Saved again, it holds the change.
    expect(ids(roundTrip(index), 'zymurgy')).toEqual([(docs[0] as SearchDoc).id])
  })
})

describe('SearchIndex languages', () => {
  const index = indexOf([
    doc('ko', {
      title: 'Aya Model',
      summary: 'Aya 모델은 101개 언어를 지원하는 다국어 생성 모델입니다.\n연구팀은 데이터셋을 공개했습니다.',
    }),
    doc('accents', { title: 'Naïve Bayes revisited', authors: 'Ahmet Üstün, Łukasz Kaiser' }),
  ])

  it('finds a Korean word from a summary bullet, with or without its particle', () => {
    expect(ids(index, '모델')).toEqual(['ko'])
    expect(ids(index, '모델은 ')).toEqual(['ko'])
    expect(ids(index, '언어 다국어')).toEqual(['ko'])
    expect(ids(index, '데이터')).toEqual(['ko'])
    expect(index.search('연구팀은 ')[0]?.terms).toEqual(['연구팀은'])
  })

  it('matches a single Hangul syllable as a prefix', () => {
    expect(ids(index, '공')).toEqual(['ko'])
  })

  it('folds accents in documents and queries alike', () => {
    expect(ids(index, 'ustun')).toEqual(['accents'])
    expect(ids(index, 'ÜSTÜN')).toEqual(['accents'])
    expect(ids(index, 'naive lukasz')).toEqual(['accents'])
    expect(ids(index, 'naïve Łukasz')).toEqual(['accents'])
  })
})

describe('SearchIndex against a brute-force scan', () => {
  it('returns exactly the documents whose words match every query word', () => {
    const docs = generateLibrary(1500, 11).map((p, i) =>
      searchDocFromPaper(p, i % 7 === 0 ? 'note on flow' : ''),
    )
    const index = indexOf(docs)
    const words = docs.map((d) => {
      const set = new Set<string>()
      for (const f of ['title', 'authors', 'abstract', 'summary', 'note', 'tags'] as const) {
        forEachIndexTerm(d[f], (t) => set.add(t))
      }
      return [...set]
    })
    const queries = [
      'diffusion',
      'reward model',
      'graph neural netw',
      'speech recog',
      'kreu',
      'flow ma',
      '모델',
      'no',
    ]
    for (const q of queries) {
      const { words: qw, lastIsPrefix } = queryWords(q)
      const expected = docs
        .filter((_, i) =>
          qw.every((w, k) =>
            lastIsPrefix && k === qw.length - 1
              ? (words[i] as string[]).some((t) => t.startsWith(w))
              : (words[i] as string[]).includes(w),
          ),
        )
        .map((d) => d.id)
      expect(expected.length, q).toBeGreaterThan(0)
      expect(ids(index, q, { limit: Infinity }).sort(), q).toEqual(expected.sort())
      // Matched terms: exactly the document's words that answer some query word.
      for (const hit of index.search(q, { limit: 30 })) {
        const own = words[docs.findIndex((d) => d.id === hit.id)] as string[]
        const answering = own.filter((t) =>
          qw.some((w, k) => (lastIsPrefix && k === qw.length - 1 ? t.startsWith(w) : t === w)),
        )
        expect(hit.terms.sort(), `${q} ${hit.id}`).toEqual(answering.sort())
      }
    }
  })
})

describe('SearchIndex updates after a load', () => {
  const papers = generateLibrary(400, 7)
  const docs = papers.map((p, i) => searchDocFromPaper(p, i % 10 === 0 ? 'note on flow matching' : ''))
  const queries = ['diffusion', 'reward mod', 'graph neural network', 'kreutz', '로봇', 'code gen', 'flow']
  const edited = ['zymurgy', 'zymurg', 'quokka', 'quok', 'zymurgy quokka']

  /**
   * Upserts random docs with a marker in their note (one in three with a new title too, so that its
   * old title words must stop matching), some more than once, and removes one step in ten. `current`
   * mirrors the result in slot order: an upserted doc goes last, as it does in the index.
   */
  function edit(index: SearchIndex, current: Map<string, SearchDoc>, steps: number, seed: number): void {
    let state = seed
    for (let i = 0; i < steps; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      const original = docs[(state >>> 8) % docs.length] as SearchDoc
      if (i % 10 === 9) {
        index.remove(original.id)
        current.delete(original.id)
        continue
      }
      const doc = {
        ...original,
        note: `zymurgy z${seed}x${i}`,
        ...(i % 3 === 0 ? { title: `Quokka census ${i}` } : {}),
      }
      index.upsert(doc)
      current.delete(doc.id)
      current.set(doc.id, doc)
    }
  }

  /** Also a doc's own marker with a word many share: its postings are probed, not walked. */
  function queriesFor(current: Map<string, SearchDoc>): string[] {
    const markers = [...current.values()]
      .filter((d) => d.note.startsWith('zymurgy '))
      .slice(-40)
      .map((d) => `${d.note.split(' ')[1]} ${d.title.startsWith('Quokka') ? 'quokka' : 'zymurgy'}`)
    return [...queries, ...edited, ...markers]
  }

  /** Every match with its highlight terms: equal to a fresh index's even while scores still differ. */
  function matches(index: SearchIndex, q: string): string[] {
    return index.search(q, { limit: Infinity }).map((h) => `${h.id} ${h.terms.sort().join(',')}`)
  }

  function expectSameMatches(index: SearchIndex, current: Map<string, SearchDoc>): void {
    const fresh = indexOf([...current.values()])
    expect(index.size).toBe(fresh.size)
    for (const q of queriesFor(current)) {
      expect(matches(index, q).sort(), q).toEqual(matches(fresh, q).sort())
    }
  }

  /** Once removed postings are compacted, scores and order too: the persisted forms are the same. */
  function expectIdentical(index: SearchIndex, current: Map<string, SearchDoc>): void {
    vacuumed(index)
    const fresh = indexOf([...current.values()])
    // Compared whole: a diff of 200 kB took minutes to print.
    expect(Buffer.concat(index.toBinary()).equals(Buffer.concat(fresh.toBinary()))).toBe(true)
    for (const q of queriesFor(current)) {
      const expected = fresh.search(q, { limit: 30 })
      expect(expected.length, q).toBeGreaterThan(0)
      expect(index.search(q, { limit: 30 }), q).toEqual(expected)
    }
  }

  it('finds new words and no longer finds replaced or removed ones', () => {
    const loaded = roundTrip(indexOf(docs))
    const [first, second] = docs as [SearchDoc, SearchDoc]
    // A word of its title only, so that the doc stops matching it once its title changes.
    const elsewhere = new Set<string>()
    for (const f of ['authors', 'abstract', 'summary', 'note', 'tags'] as const) {
      forEachIndexTerm(first[f], (t) => elsewhere.add(t))
    }
    const titleWord = queryWords(`${first.title} `).words.find((w) => !elsewhere.has(w)) as string
    expect(ids(loaded, titleWord, { limit: Infinity })).toContain(first.id)
    loaded.upsert({ ...first, title: 'Quokka census', note: 'zymurgy' })
    expect(ids(loaded, titleWord, { limit: Infinity })).not.toContain(first.id)
    expect(ids(loaded, 'quokka census')).toEqual([first.id])
    expect(ids(loaded, 'zymurg')).toEqual([first.id])
    loaded.upsert({ ...second, note: 'zymurgy' })
    expect(ids(loaded, 'zymurgy').sort()).toEqual([first.id, second.id].sort())
    loaded.remove(first.id)
    expect(ids(loaded, 'zymurgy')).toEqual([second.id])
    expect(ids(loaded, 'quokka')).toEqual([])
  })

  /** Scores and order too: what a save keeps of removed documents counts as it did. */
  function expectSameAnswers(index: SearchIndex, saved: SearchIndex, current: Map<string, SearchDoc>): void {
    for (const q of queriesFor(current)) {
      expect(index.search(q, { limit: 30 }), q).toEqual(saved.search(q, { limit: 30 }))
    }
  }

  it('answers as the index it was saved from, and as one built from scratch once vacuumed', () => {
    const loaded = roundTrip(indexOf(docs))
    const current = new Map(docs.map((d) => [d.id, d]))
    edit(loaded, current, 40, 1)
    expectSameMatches(loaded, current)
    // A save keeps removed slots (holes), so the index it loads scores exactly as the saved one.
    const reloaded = roundTrip(loaded)
    const untouched = roundTrip(loaded)
    expectSameMatches(reloaded, current)
    expectSameAnswers(reloaded, loaded, current)
    // Changed alike and saved: bases as they were read with tails after them (`untouched` was never
    // queried) make the bytes that bases decoded by queries make.
    edit(loaded, current, 30, 2)
    edit(reloaded, new Map(), 30, 2)
    edit(untouched, new Map(), 30, 2)
    const bytes = Buffer.concat(loaded.toBinary())
    expect(Buffer.concat(untouched.toBinary()).equals(bytes)).toBe(true)
    expect(Buffer.concat(reloaded.toBinary()).equals(bytes)).toBe(true)
    expectSameMatches(untouched, current)
    // Vacuumed, each scores as an index built from scratch.
    expectIdentical(loaded, current)
    expectIdentical(reloaded, current)
    expectIdentical(untouched, current)
  })

  it('answers as an index built from scratch across the vacuums that many updates trigger', () => {
    const loaded = roundTrip(indexOf(docs))
    const current = new Map(docs.map((d) => [d.id, d]))
    // Enough updates for removed slots to pass a quarter of all slots several times: vacuums that
    // repack base and tails (a third of the postings have moved), with further updates on top of each.
    for (const [round, steps] of [300, 250, 45].entries()) {
      edit(loaded, current, steps, 10 + round)
      expectSameMatches(loaded, current)
    }
    expectIdentical(loaded, current)
    expectIdentical(roundTrip(loaded), current)
  })

  it('does not copy the loaded postings to update them', () => {
    const many = generateLibrary(3000, 5).map((p) => searchDocFromPaper(p))
    const loaded = roundTrip(indexOf(many))
    const before = process.memoryUsage().arrayBuffers
    for (const doc of many.slice(0, 30)) loaded.upsert({ ...doc, note: 'zymurgy' })
    // Copying the posting lists these updates touch took about 7 MB; appending to tails takes 0.1 MB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1_000_000)
    expect(ids(loaded, 'zymurgy', { limit: Infinity })).toHaveLength(30)
  })
})

describe('SearchIndex with a filter', () => {
  // The filter is applied to the rarest word's postings before anything is scored: the answers
  // must be those of ranking every match and keeping the ones that pass, as the index did before.
  const docs = generateLibrary(3000, 5).map((p, i) =>
    searchDocFromPaper(p, i % 9 === 0 ? 'note on flow' : ''),
  )
  const index = indexOf(docs)
  const rand = seededRandom(3)
  const titleWords = docs
    .flatMap((d) => d.title.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length > 2)
  const pick = () => titleWords[Math.floor(rand() * titleWords.length)] as string
  const queries = [
    ...Array.from({ length: 30 }, () => `${pick()} `),
    ...Array.from({ length: 30 }, () => `${pick()} ${pick()}`),
    ...Array.from({ length: 30 }, () => `${pick()} ${pick().slice(0, 3)}`),
    'di',
    'no',
    'flow',
  ]
  const filters: [string, (id: string) => boolean][] = [
    ['one in three', (id) => id.charCodeAt(id.length - 1) % 3 === 0],
    ['a tenth', (id) => id.endsWith('7')],
    ['none', () => false],
  ]

  it('ranks, cuts and counts as ranking everything and keeping what passes', () => {
    let seen = 0
    for (const q of queries) {
      const all = index.searchCounted(q, { limit: Infinity })
      for (const [name, filter] of filters) {
        const kept = all.hits.filter((h) => filter(h.id))
        seen += kept.length
        for (const limit of [1, 20, Infinity]) {
          const got = index.searchCounted(q, { limit, filter })
          expect(got.hits, `${q} ${name} ${limit}`).toEqual(kept.slice(0, limit))
          expect(got.total, `${q} ${name} ${limit}`).toBe(kept.length)
          // Without a count, a word being typed may skip completions that cannot enter the top.
          const uncounted = index.searchCounted(q, { limit, filter, count: false })
          expect(
            uncounted.hits.map((h) => h.id),
            `${q} ${name} ${limit}`,
          ).toEqual(kept.slice(0, limit).map((h) => h.id))
          // `check`, asked only of hits that would enter the best: the same hits, the same count.
          const checked = index.searchCounted(q, { limit, check: filter })
          expect(checked.hits, `${q} ${name} ${limit}`).toEqual(kept.slice(0, limit))
          expect(checked.total, `${q} ${name} ${limit}`).toBe(kept.length)
          const checkedUncounted = index.searchCounted(q, { limit, check: filter, count: false })
          expect(
            checkedUncounted.hits.map((h) => h.id),
            `${q} ${name} ${limit}`,
          ).toEqual(kept.slice(0, limit).map((h) => h.id))
        }
      }
    }
    expect(seen).toBeGreaterThan(1000)
  })

  it('tells which of the asked ids match and pass, past the limit', () => {
    for (const q of queries.slice(0, 20)) {
      const [name, filter] = filters[0] as [string, (id: string) => boolean]
      const all = index.search(q, { limit: Infinity })
      const asked = new Set([...all.map((h) => h.id), ...docs.slice(0, 50).map((d) => d.id)])
      const { matchedOf } = index.searchCounted(q, { limit: 1, filter, matchedOf: asked })
      expect(new Set(matchedOf), `${q} ${name}`).toEqual(new Set(all.map((h) => h.id).filter(filter)))
    }
  })

  it('filters by keys (keyBy, keyed) as by ids, through removes, re-adds, a vacuum and a load', () => {
    // Keys in an order unrelated to the slots', as the filter sets' ordinals are (7919 is prime).
    const keyOf = new Map(docs.map((d, i) => [d.id, (i * 7919) % docs.length]))
    const bitsOf = (filter: (id: string) => boolean): Uint32Array => {
      const bits = new Uint32Array((docs.length + 31) >>> 5)
      for (const [id, k] of keyOf) if (filter(id)) bits[k >>> 5] = (bits[k >>> 5] as number) | (1 << (k & 31))
      return bits
    }
    const expectAsFiltered = (index: SearchIndex, stage: string): void => {
      for (const q of queries.slice(0, 40)) {
        const all = index.searchCounted(q, { limit: Infinity })
        for (const [name, filter] of filters) {
          const kept = all.hits.filter((h) => filter(h.id))
          for (const limit of [1, 20, Infinity]) {
            const got = index.searchCounted(q, { limit, keyed: bitsOf(filter) })
            expect(got.hits, `${stage}: ${q} ${name} ${limit}`).toEqual(kept.slice(0, limit))
            expect(got.total, `${stage}: ${q} ${name} ${limit}`).toBe(kept.length)
          }
        }
        // With a test by id as well (papers named in the query are kept out so): both apply.
        const [, third] = filters[0] as [string, (id: string) => boolean]
        const odd = (id: string) => id.charCodeAt(id.length - 1) % 2 === 1
        const both = index.searchCounted(q, { limit: 20, keyed: bitsOf(third), filter: odd })
        const kept = all.hits.filter((h) => third(h.id) && odd(h.id))
        expect(both.hits, `${stage}: ${q} and odd`).toEqual(kept.slice(0, 20))
        expect(both.total, `${stage}: ${q} and odd`).toBe(kept.length)
      }
      // No words: every document whose key is set, in slot order.
      const [, third] = filters[0] as [string, (id: string) => boolean]
      expect(ids(index, '', { keyed: bitsOf(third), limit: Infinity }), stage).toEqual(
        ids(index, '', { limit: Infinity }).filter(third),
      )
    }

    const index = new SearchIndex()
    index.keyBy((id) => keyOf.get(id) as number)
    index.addAll(docs)
    expectAsFiltered(index, 'fresh')
    // A third removed: past a quarter, a vacuum starts and the next remove finishes it (slots move);
    // the rest stay removed in the postings. Then some come back, with other text, in new slots.
    const removed = docs.filter((_, i) => i % 3 === 1)
    for (const d of removed) index.remove(d.id)
    for (const d of removed.slice(0, 300)) index.upsert({ ...d, title: `${d.title} flow` })
    expectAsFiltered(index, 'after removes and re-adds')
    // Writing it vacuums again; a loaded index is keyed anew.
    const bytes = Buffer.concat(index.toBinary())
    expectAsFiltered(index, 'after a vacuum')
    const loaded = SearchIndex.loadBinary(bytes)
    loaded.keyBy((id) => keyOf.get(id) as number)
    expectAsFiltered(loaded, 'loaded')
    expect(() => new SearchIndex().search('', { keyed: bitsOf(() => true) })).toThrow(/keyBy/)
  })
})

describe('SearchIndex vacuum in steps', () => {
  // Enough postings (about 300,000) for the vacuum's renumbering to take several steps.
  const docs = generateLibrary(3000, 9).map((p) => searchDocFromPaper(p))
  const queries = ['diffusion', 'reward mod', 'graph neural network', 'kreutz', 'code gen', 'zymurgy', 'quok']
  const vacuuming = (index: SearchIndex) => (index as unknown as { vacuuming: unknown }).vacuuming !== null

  function expectSameBytes(index: SearchIndex, current: Map<string, SearchDoc>): void {
    const fresh = Buffer.concat(indexOf([...current.values()]).toBinary())
    expect(Buffer.concat(index.toBinary()).equals(fresh)).toBe(true)
  }

  function expectAsFresh(index: SearchIndex, current: Map<string, SearchDoc>): void {
    const fresh = indexOf([...current.values()])
    expect(index.size).toBe(fresh.size)
    for (const q of queries) {
      // Every match, then the best with their scores: exact, not only the same set.
      const all = (i: SearchIndex) =>
        i
          .search(q, { limit: Infinity })
          .map((h) => h.id)
          .sort()
      expect(all(index), q).toEqual(all(fresh))
      expect(index.search(q, { limit: 20 }), q).toEqual(fresh.search(q, { limit: 20 }))
    }
  }

  /**
   * Removes `docs[from..to)` (fewer than start a vacuum on their own), then starts a vacuum, which
   * drops them in steps, and stops it midway.
   */
  function stoppedInVacuum(index: SearchIndex, current: Map<string, SearchDoc>, from: number, to: number) {
    for (const doc of docs.slice(from, to)) {
      index.remove(doc.id)
      current.delete(doc.id)
    }
    const steps = index.vacuumSteps()
    steps.next()
    steps.next()
    expect(vacuuming(index)).toBe(true)
  }

  it('answers as a fresh index during and after a vacuum, and keeps a change made meanwhile', () => {
    const index = indexOf(docs)
    const current = new Map(docs.map((d) => [d.id, d]))
    stoppedInVacuum(index, current, 0, 300)
    // A search between steps finishes the vacuum first.
    expectAsFresh(index, current)
    expect(vacuuming(index)).toBe(false)

    stoppedInVacuum(index, current, 300, 600)
    // Changes between steps: a new paper, one replaced, one removed.
    const added = { ...(docs[0] as SearchDoc), id: 'new-1', title: 'Zymurgy of quokkas' }
    const replaced = { ...(docs[700] as SearchDoc), note: 'zymurgy' }
    index.upsert(added)
    index.upsert(replaced)
    index.remove((docs[800] as SearchDoc).id)
    current.set(added.id, added)
    current.delete(replaced.id)
    current.set(replaced.id, replaced)
    current.delete((docs[800] as SearchDoc).id)
    expect(vacuuming(index)).toBe(false)
    expect(
      index
        .search('zymurgy')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['new-1', replaced.id].sort())
    // Vacuumed again (it drops the paper removed meanwhile), it is as a fresh index.
    for (const _ of index.vacuumSteps());
    expectSameBytes(index, current)
    expectAsFresh(index, current)
  })

  it('finishes a vacuum under way before it saves, in steps', () => {
    const index = indexOf(docs)
    const current = new Map(docs.map((d) => [d.id, d]))
    stoppedInVacuum(index, current, 0, 300)
    const saving = index.toBinarySteps()
    saving.next()
    expect(vacuuming(index)).toBe(true)
    let step = saving.next()
    while (!step.done) step = saving.next()
    expect(vacuuming(index)).toBe(false)
    expectSameBytes(index, current)
    expectAsFresh(SearchIndex.loadBinary(Buffer.concat(step.value ?? [])), current)
  })
})
