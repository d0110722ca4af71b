import { describe, expect, it } from 'vitest'
import { DrawnAhead, type DrawnPage } from '../../../src/renderer/features/pdf/drawnAhead'

/** The drawing as the document cache hands it over: `settled` once it has finished (now, if `settled`). */
function setUp(drawn: DrawnPage<string> | null, { settled = false } = {}) {
  const given: string[] = []
  const prepared = { result: Promise.resolve(drawn), settled: settled ? drawn : undefined }
  void prepared.result.then((value) => (prepared.settled = value))
  const kept: DrawnPage<string>[] = []
  let claims = 0
  const ahead = new DrawnAhead<string>({
    claim: () => {
      claims++
      return prepared
    },
    give: (canvas) => given.push(canvas),
    keep: (page) => kept.push(page),
  })
  return { ahead, given, kept, claims: () => claims }
}

describe('the opening page drawn ahead', () => {
  it('is adopted by its page at the scale it was drawn at, once', async () => {
    const { ahead, given } = setUp({ page: 1, scale: 1.5, canvas: 'canvas of page 1' })
    expect(await ahead.take(1, 1.5)).toBe('canvas of page 1')
    expect(await ahead.take(1, 1.5)).toBeNull()
    ahead.release()
    expect(given).toEqual([])
  })

  it('is there at once, with no await, when it had finished drawing: claimed once, on first use', () => {
    const { ahead, claims } = setUp({ page: 1, scale: 1.5, canvas: 'canvas of page 1' }, { settled: true })
    expect(claims()).toBe(0)
    expect(ahead.takeNow(1, 1.5)).toBe('canvas of page 1')
    expect(ahead.takeNow(1, 1.5)).toBeNull()
    expect(ahead.exists()).toBe(true)
    expect(claims()).toBe(1)
  })

  it('is not there at once while still drawing: the page then waits for it', async () => {
    const { ahead } = setUp({ page: 1, scale: 1.5, canvas: 'canvas of page 1' })
    expect(ahead.takeNow(1, 1.5)).toBeNull()
    expect(await ahead.take(1, 1.5)).toBe('canvas of page 1')
  })

  it('goes back to the pool when the reader shows the page at another scale', async () => {
    const { ahead, given } = setUp({ page: 1, scale: 1.5, canvas: 'canvas of page 1' })
    expect(await ahead.take(1, 1.25)).toBeNull()
    expect(given).toEqual(['canvas of page 1'])
    expect(await ahead.take(1, 1.5)).toBeNull()
  })

  it('waits for its own page: another page asking first draws its own', async () => {
    const { ahead, given } = setUp({ page: 3, scale: 1, canvas: 'canvas of page 3' })
    expect(await ahead.take(2, 1)).toBeNull()
    expect(given).toEqual([])
    expect(await ahead.take(3, 1)).toBe('canvas of page 3')
  })

  it('goes back to the pool when the reader closes without it', async () => {
    const { ahead, given } = setUp({ page: 1, scale: 1, canvas: 'canvas of page 1' })
    expect(ahead.exists()).toBe(true) // the reader asked for it (claimed), then closed
    ahead.release()
    await Promise.resolve()
    await Promise.resolve()
    expect(given).toEqual(['canvas of page 1'])
    expect(await ahead.take(1, 1)).toBeNull()
  })

  it('leaves with the cache, unclaimed, what it was never asked for (the page a reader kept there)', async () => {
    const { ahead, given, kept, claims } = setUp({ page: 1, scale: 1, canvas: 'canvas drawn ahead' })
    ahead.keep({ page: 2, scale: 1, canvas: 'canvas of page 2, shown on closing' })
    ahead.release()
    await settled()
    expect(kept).toEqual([{ page: 2, scale: 1, canvas: 'canvas of page 2, shown on closing' }])
    expect(claims()).toBe(0)
    expect(given).toEqual([])
  })

  it('gives nothing when nothing was drawn (cancelled, or a failure)', async () => {
    const { ahead, given } = setUp(null)
    expect(await ahead.take(1, 1)).toBeNull()
    ahead.release()
    expect(given).toEqual([])
  })
})

function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}
