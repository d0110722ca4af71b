import { describe, expect, it } from 'vitest'
import { parseDigest } from '../../../src/main/core/digests/parseDigest'
import { arxivIdFor, generateDigest } from '../../fixtures/digests/generateDigest'
import { fixtureText } from './fixtures'

/** The sequence of line kinds of each paper, e.g. `H B I B V B A B L L L B`. */
function paperShapes(text: string): string[] {
  const kind = (line: string): string => {
    if (line === '') return 'B'
    if (line.startsWith('### [')) return 'H'
    if (line.startsWith('![](')) return 'I'
    if (line.startsWith('[Watch Video](')) return 'W'
    if (line.startsWith('<div><video controls src="')) return 'D'
    if (/^Vote: \d+$/.test(line)) return 'V'
    if (line.startsWith('Authors: ')) return 'A'
    if (line.startsWith('- ')) return 'L'
    return '?'
  }
  // Drop the final line break so the last paper ends in one blank line like the others.
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n')
  const body = lines.slice(2).map(kind).join(' ')
  return body.split(/ (?=H)/).map((shape) => shape.replace(/( L)+/, ' L+'))
}

describe('generateDigest', () => {
  it('is deterministic in the seed', () => {
    expect(generateDigest('2024-05-01', 30, 1)).toBe(generateDigest('2024-05-01', 30, 1))
    expect(generateDigest('2024-05-01', 30, 1)).not.toBe(generateDigest('2024-05-01', 30, 2))
  })

  it('writes papers in exactly the line shapes of the real digest', () => {
    const real = new Set(paperShapes(fixtureText('2024-02-13.md')))
    expect(real).toEqual(new Set(['H B I B V B A B L+ B', 'H B W D B V B A B L+ B']))
    const generated = generateDigest('2024-05-01', 300, 5)
    expect(generated.startsWith('## Daily Papers (2024-05-01)\n\n### [')).toBe(true)
    const shapes = new Set(paperShapes(generated))
    expect(shapes).toEqual(real)
  })

  it('parses without a diagnostic, with varied authors, votes, bullets and media', () => {
    const digest = parseDigest(generateDigest('2024-05-01', 400, 11), 'g.md')
    expect(digest.diagnostics).toEqual([])
    expect(digest.date).toBe('2024-05-01')
    expect(digest.papers).toHaveLength(400)
    const votes = digest.papers.map((p) => p.votes!)
    expect(votes).toEqual([...votes].sort((a, b) => b - a))
    expect(new Set(votes).size).toBeGreaterThan(10)
    expect(digest.papers.every((p) => p.summary.length >= 3 && p.summary.length <= 6)).toBe(true)
    const elided = digest.papers.filter((p) => p.authorsElided).length
    expect(elided).toBeGreaterThan(20)
    expect(elided).toBeLessThan(200)
    const videos = digest.papers.filter((p) => p.media?.kind === 'video').length
    expect(videos).toBeGreaterThan(15)
    expect(videos).toBeLessThan(80)
    expect(new Set(digest.papers.map((p) => p.title)).size).toBeGreaterThan(350)
  })

  it('gives ids unique across calls with disjoint startIndex ranges', () => {
    const a = parseDigest(generateDigest('2024-05-01', 1000, 1), 'a.md').papers.map((p) => p.id)
    const b = parseDigest(generateDigest('2024-05-02', 1000, 1, { startIndex: 1000 }), 'b.md').papers.map(
      (p) => p.id,
    )
    expect(new Set([...a, ...b]).size).toBe(2000)
    expect(a[0]).toBe(arxivIdFor(0))
    expect(b[0]).toBe('2401.11000')
    expect(arxivIdFor(90_000)).toBe('2402.10000')
    expect(arxivIdFor(12 * 90_000 + 5)).toBe('2501.10005')
  })

  // How fast it parses is `npm run bench`'s to measure (digestParse.ts); that parsing stays linear on
  // hostile input is parseDigest.hostile.test.ts's.
  it('builds a digest of thousands of papers that parses without a diagnostic', () => {
    const digest = parseDigest(generateDigest('2024-05-03', 5000, 3), 'big.md')
    expect(digest.papers).toHaveLength(5000)
    expect(digest.diagnostics).toEqual([])
  })
})
