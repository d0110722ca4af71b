import { describe, expect, it } from 'vitest'
import { CanvasPool, type Sized } from '../../../src/renderer/features/pdf/canvasPool'

function setUp(maxPixels?: number) {
  const made: Sized[] = []
  const pool = new CanvasPool<Sized>(() => {
    const canvas = { width: 300, height: 150 }
    made.push(canvas)
    return canvas
  }, maxPixels)
  return { made, pool }
}

describe('the reader’s canvas pool', () => {
  it('hands a canvas back for the next page instead of making a new one', () => {
    const { made, pool } = setUp()
    const first = pool.take(1000, 1300)
    expect(first).toEqual({ width: 1000, height: 1300 })
    pool.give(first)
    pool.give(first) // given twice, held once
    expect(pool.idlePixels()).toBe(1_300_000)
    expect(pool.take(1000, 1300)).toBe(first)
    expect(pool.take(1000, 1300)).not.toBe(first)
    expect(made).toHaveLength(2)
  })

  it('prefers a canvas of the wanted size, and resizes another when none fits', () => {
    const { made, pool } = setUp()
    const small = pool.take(500, 650)
    const large = pool.take(1000, 1300)
    pool.give(large)
    pool.give(small)
    expect(pool.take(1000, 1300)).toBe(large)
    const resized = pool.take(800, 1000)
    expect(resized).toBe(small)
    expect(resized).toEqual({ width: 800, height: 1000 })
    expect(made).toHaveLength(2)
    expect(pool.idlePixels()).toBe(0)
  })

  it('keeps at most 10 M idle pixels, freeing the oldest canvases first', () => {
    const { pool } = setUp()
    const pages = Array.from({ length: 9 }, () => pool.take(1000, 1300))
    for (const page of pages) pool.give(page)
    // 7 × 1.3 M fit under 10 M; the two given first were shrunk to nothing.
    expect(pool.idlePixels()).toBe(7 * 1_300_000)
    expect(pages.slice(0, 2)).toEqual([
      { width: 0, height: 0 },
      { width: 0, height: 0 },
    ])
    expect(pages[2]).toEqual({ width: 1000, height: 1300 })
    // A canvas larger than the whole cap (made from an idle one) is freed, not kept.
    const huge = pool.take(4000, 3000)
    expect(pool.idlePixels()).toBe(6 * 1_300_000)
    pool.give(huge)
    expect(huge).toEqual({ width: 0, height: 0 })
    expect(pool.idlePixels()).toBe(6 * 1_300_000)
  })

  it('reserves the first page’s canvas ahead, allocated once, and finds it at the first render', () => {
    const { made, pool } = setUp()
    const allocated: Sized[] = []
    pool.reserve(1000, 1300, (canvas) => allocated.push(canvas))
    pool.reserve(1000, 1300, (canvas) => allocated.push(canvas))
    expect(allocated).toHaveLength(1)
    expect(pool.take(1000, 1300)).toBe(allocated[0])
    expect(made).toHaveLength(1)
  })
})
