import { describe, expect, it } from 'vitest'

import { generateLibrary } from '../../fixtures/library/generateLibrary'

describe('generateLibrary', () => {
  const papers = generateLibrary(600, 3)

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateLibrary(600, 3)).toEqual(papers)
    expect(generateLibrary(600, 4).map((p) => p.title)).not.toEqual(papers.map((p) => p.title))
  })

  it('gives unique new-style arXiv ids', () => {
    const ids = papers.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const p of papers) {
      expect(p.id).toMatch(/^24(0[1-9]|1[0-2])\.\d{5}$/)
      expect(p.arxivId).toBe(p.id)
    }
  })

  it('builds papers of the documented shape', () => {
    for (const p of papers) {
      expect(p.authors.length).toBeGreaterThanOrEqual(3)
      expect(p.authors.length).toBeLessThanOrEqual(12)
      expect(p.appearances.length).toBeGreaterThanOrEqual(1)
      expect(p.appearances.length).toBeLessThanOrEqual(3)
      for (const a of p.appearances) {
        expect(a.summary.length).toBeGreaterThanOrEqual(3)
        expect(a.summary.length).toBeLessThanOrEqual(5)
        expect(a.summary.join(' ')).toMatch(/[\uac00-\ud7a3]/)
        expect(a.date).toMatch(/^2024-\d{2}-\d{2}$|^2025-\d{2}-\d{2}$/)
      }
      if (p.meta) {
        const words = p.meta.abstract.split(' ').length
        expect(words).toBeGreaterThanOrEqual(150)
        expect(words).toBeLessThanOrEqual(260)
        expect(p.meta.categories.length).toBeGreaterThanOrEqual(1)
      }
    }
    // A few papers lack metadata, as when a fetch failed; most have it.
    const withMeta = papers.filter((p) => p.meta !== null).length
    expect(withMeta).toBeGreaterThan(papers.length * 0.9)
    expect(withMeta).toBeLessThan(papers.length)
  })

  it('shares vocabulary and authors across papers, as a real library does', () => {
    const diffusion = papers.filter((p) => p.meta?.abstract.includes('diffusion model')).length
    expect(diffusion).toBeGreaterThan(20)
    const counts = new Map<string, number>()
    for (const p of papers) for (const a of p.authors) counts.set(a, (counts.get(a) ?? 0) + 1)
    const mostPapers = Math.max(...counts.values())
    expect(mostPapers).toBeGreaterThan(3)
    // …but no one is on a large share of them.
    expect(mostPapers).toBeLessThan(papers.length * 0.05)
  })
})
