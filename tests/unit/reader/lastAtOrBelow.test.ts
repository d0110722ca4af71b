import { describe, expect, it } from 'vitest'
import { lastAtOrBelow } from '../../../src/renderer/features/pdf/lastAtOrBelow'
import { indexAt, stackLayout } from '../../../src/renderer/features/pdf/pageLayout'
import { itemAt, type PageText } from '../../../src/renderer/features/pdf/pageText'

describe('the item holding a position, by binary search over where items start', () => {
  it('is the last start at or below it, 0 before the first or when there is none', () => {
    const starts = [0, 10, 10, 25, 40]
    const linear = (x: number) =>
      Math.max(
        0,
        starts.findLastIndex((s) => s <= x),
      )
    for (let x = -5; x <= 50; x++) expect(lastAtOrBelow(starts, x)).toBe(linear(x))
    expect(lastAtOrBelow([], 7)).toBe(0)
    expect(lastAtOrBelow([5], 1)).toBe(0)
  })

  it('finds the page at a height and the text item at an offset', () => {
    const layout = stackLayout(
      [
        { width: 100, height: 100 },
        { width: 100, height: 200 },
      ],
      { gap: 10, padding: 5 },
    )
    expect([0, 114, 115, 10_000].map((y) => indexAt(layout, y))).toEqual([0, 0, 1, 1])
    const text = {
      text: 'ab\ncd',
      items: [{ str: 'ab' }, { str: 'cd' }],
      starts: [0, 3],
    } as unknown as PageText
    expect(itemAt(text, 2)).toEqual({ index: 0, at: 2 })
    expect(itemAt(text, 4)).toEqual({ index: 1, at: 1 })
  })
})
