import { parse as parseBibtex } from '@retorquere/bibtex-parser'
import { describe, expect, it } from 'vitest'
import { assignCiteKeys, baseCiteKey } from '../../../src/main/core/export/citeKeys'
import { exportPapers } from '../../../src/main/core/export'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('citation keys', () => {
  it('vaswani2017attention style: family name, year, first word that is not a stop word', () => {
    const paper = {
      id: '1706.03762',
      addedAt: '2024-01-01T00:00:00Z',
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer'],
      meta: { title: 'Attention Is All You Need', published: '2017-06-12T17:57:34Z' },
      appearances: [],
    }
    expect(baseCiteKey(paper)).toBe('vaswani2017attention')
    expect(
      baseCiteKey({ ...paper, authors: ['Ahmet Üstün'], title: 'The Ölçek of Things', meta: null }),
    ).toBe('ustunolcek')
  })

  // CPU-bound (8 s of CPU, most of it generating the library): 65 s at load 15, over the default 60 s.
  it(
    'are unique, and the same every time, across a generated library of 50,000 papers',
    { timeout: 240_000 },
    () => {
      const papers = generateLibrary(50_000, 7)
      const keys = assignCiteKeys(papers, new Set())
      expect(keys.size).toBe(50_000)
      const values = [...keys.values()]
      expect(new Set(values).size).toBe(50_000)
      // One check for all 50,000 keys (an expect per key cost 0.6 s of CPU).
      expect(values.filter((key) => !/^[a-z0-9]+$/.test(key))).toEqual([])
      // The generated library has many papers of one author, year and first word: they get suffixes.
      expect(values.filter((k) => /[a-z]\d{4}[a-z0-9]*[b-z]$/.test(k)).length).toBeGreaterThan(0)
      // Deterministic: the same library in another order gets the same keys.
      expect(assignCiteKeys([...papers].reverse(), new Set())).toEqual(keys)
    },
  )

  it('are stored once given: a title edit keeps the key, and every export uses it', async () => {
    const dir = await tempDir()
    const { lectern, api } = await openSeeded(dir)
    try {
      const detail = await api.call('papers:get', { id: '2402.07827' })
      expect(detail.paper.citeKey).toBe('ko2024aya')
      // Every paper got one in the same commit, all different.
      const keys = [...lectern.store.allHeads()].map((h) => h.citeKey)
      expect(new Set(keys).size).toBe(16)

      // The title changes (arXiv's record corrected it): the key does not.
      await lectern.store.update((tx) => {
        const paper = tx.paper('2402.07827')!
        tx.putPaper({ ...paper, title: 'Zebra: A Completely Different Title', rev: paper.rev + 1 })
      })
      expect((await api.call('papers:get', { id: '2402.07827' })).paper.citeKey).toBe('ko2024aya')
      const bib = await api.call('export:papers', { ids: ['2402.07827'], format: 'bibtex' })
      expect(parseBibtex(bib.text, { english: false }).entries[0]?.key).toBe('ko2024aya')
      const csl = JSON.parse(
        (await api.call('export:papers', { ids: ['2402.07827'], format: 'csl-json' })).text,
      )
      expect(csl[0]['citation-key']).toBe('ko2024aya')
      const ris = await api.call('export:papers', { ids: ['2402.07827'], format: 'ris' })
      expect(ris.text).toMatch(/^ID {2}- ko2024aya$/m)
      // A paper that arrives later with the same base key gets a suffix; the first keeps its own.
      const aya = lectern.store.paper('2402.07827')!
      const { citeKey: _key, ...twin } = { ...aya, id: '2402.99999', arxivId: '2402.99999' }
      await lectern.store.update((tx) =>
        tx.putPaper({ ...twin, title: 'Aya Model', rev: 1, addedAt: '2099-01-01T00:00:00Z' }),
      )
      expect((await api.call('papers:get', { id: '2402.99999' })).paper.citeKey).toBe('ko2024ayab')
      expect(exportPapers([lectern.store.paper('2402.07827')!], 'bibtex')).toContain('@misc{ko2024aya,')
    } finally {
      await lectern.close()
    }
  })
})
