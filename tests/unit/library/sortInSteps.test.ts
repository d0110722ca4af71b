import { describe, expect, it } from 'vitest'
import { inKeyOrder } from '../../../src/main/core/export/citeKeys'
import { runToEnd, sortInSteps } from '../../../src/main/core/sortInSteps'
import { generateLibrary } from '../../fixtures/library/generateLibrary'

/** A deterministic pseudo-random sequence (the tests must not differ between runs). */
function randoms(seed: number): () => number {
  let state = seed
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}

describe('sorting in steps', () => {
  it('gives what sort() gives, at sizes around its runs, with ties and characters past the BMP', () => {
    const next = randoms(7)
    const alphabet = ['a', 'b', 'Z', '\0', 'é', '\u{1F600}', '\uFFFF', '2024-01-01']
    for (const size of [0, 1, 2, 2047, 2048, 2049, 4096, 7000]) {
      const strings = Array.from({ length: size }, () =>
        Array.from(
          { length: 1 + Math.floor(next() * 4) },
          () => alphabet[Math.floor(next() * alphabet.length)],
        ).join(''),
      )
      expect(runToEnd(sortInSteps(strings))).toEqual([...strings].sort())
    }
  })

  it('yields between runs, so that a caller can let the event loop turn', () => {
    const steps = sortInSteps(Array.from({ length: 10_000 }, (_, i) => String(10_000 - i)))
    let yields = 0
    while (!steps.next().done) yields++
    expect(yields).toBeGreaterThan(4)
  })

  it('orders papers for their keys as comparing addedAt, then id, does', () => {
    const next = randoms(11)
    const papers = generateLibrary(5000, 4).map((paper) => ({
      ...paper,
      // Many papers added at the same time, as an import adds them.
      addedAt: `2024-0${1 + Math.floor(next() * 3)}-01T00:00:00.000Z`,
    }))
    const compared = [...papers].sort((a, b) =>
      a.addedAt === b.addedAt ? (a.id < b.id ? -1 : 1) : a.addedAt < b.addedAt ? -1 : 1,
    )
    expect(inKeyOrder(papers).map((p) => p.id)).toEqual(compared.map((p) => p.id))
  })
})
