import { describe, expect, it } from 'vitest'
import { mostShown, mountedRange, stackLayout } from '../../../src/renderer/features/pdf/pageLayout'

/** 500 letter pages at 100 %: 1056 px tall, 12 px apart, 16 px padding. */
const pages = stackLayout(
  Array.from({ length: 500 }, () => ({ width: 816, height: 1056 })),
  { padding: 16, gap: 12 },
)
const MARGINS = { above: 1.5, below: 1.5 }

describe('page virtualization windows', () => {
  it('mounts the pages within a screen and a half of the view, not the document', () => {
    expect(mountedRange(pages, { scrollTop: 0, height: 800 }, MARGINS)).toEqual([0, 1])
    // Page 250 at the top of the view: 1200 px above reach page 248, 2000 px below page 251.
    const top = pages.tops[249] ?? 0
    expect(mountedRange(pages, { scrollTop: top, height: 800 }, MARGINS)).toEqual([247, 250])
    const [first, last] = mountedRange(pages, { scrollTop: pages.total - 800, height: 800 }, MARGINS)
    expect(last).toBe(499)
    expect(last - first).toBeLessThan(5)
  })

  it('gives nothing to mount in an empty document', () => {
    const empty = stackLayout([], { padding: 16, gap: 12 })
    expect(mountedRange(empty, { scrollTop: 0, height: 800 }, MARGINS)).toEqual([0, -1])
  })

  it('takes the page showing most as the current one, the upper one on a tie', () => {
    const at = (page: number, offset: number) => (pages.tops[page - 1] ?? 0) + offset
    expect(mostShown(pages, { scrollTop: 0, height: 800 })).toBe(0)
    // 1056 − 700 = 356 px of page 3 against 444 px of page 4 in an 800 px view.
    expect(mostShown(pages, { scrollTop: at(3, 700), height: 800 })).toBe(3)
    expect(mostShown(pages, { scrollTop: at(3, 300), height: 800 })).toBe(2)
    // The gap centred in the view: 394 px of each page.
    expect(mostShown(pages, { scrollTop: at(3, 1056 - 394), height: 800 })).toBe(2)
  })

  it('follows pages of different sizes', () => {
    const mixed = stackLayout(
      [
        { width: 816, height: 1056 },
        { width: 1056, height: 200 },
        { width: 816, height: 1056 },
      ],
      { padding: 16, gap: 12 },
    )
    // All 200 px of the short page 2 against 388 px of page 3, then 188 px of it.
    expect(mostShown(mixed, { scrollTop: mixed.tops[1] ?? 0, height: 600 })).toBe(2)
    expect(mostShown(mixed, { scrollTop: mixed.tops[1] ?? 0, height: 400 })).toBe(1)
    expect(
      mountedRange(mixed, { scrollTop: mixed.tops[1] ?? 0, height: 100 }, { above: 0, below: 0 }),
    ).toEqual([1, 1])
  })
})
