import { describe, expect, it } from 'vitest'
import { loadInPages, type PagedSource } from '../../../src/renderer/rows/loadInPages'

/** A library of `size` numbered rows, recording every request. */
function library(size: number) {
  let rows = Array.from({ length: size }, (_, i) => i)
  const asked: string[] = []
  const source: PagedSource<number> = {
    page: async (offset, limit) => {
      asked.push(`page ${offset}+${limit}`)
      return rows.slice(offset, offset + limit)
    },
    all: async () => {
      asked.push('all')
      return [...rows]
    },
  }
  return { source, asked, replace: (next: number[]) => (rows = next) }
}

/** A gate the test opens by hand: the first screen being painted. */
function gate() {
  let open = () => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('loadInPages', () => {
  it('hands over a library that fits the first page at once, complete, and asks nothing more', async () => {
    const { source, asked } = library(7)
    const batches: { rows: readonly number[]; complete: boolean }[] = []
    let waited = false
    await loadInPages(source, {
      firstPage: 10,
      restPage: 100,
      onRows: (rows, { complete }) => batches.push({ rows, complete }),
      firstShown: async () => void (waited = true),
      moved: () => false,
    })
    expect(batches).toEqual([{ rows: [0, 1, 2, 3, 4, 5, 6], complete: true }])
    expect(asked).toEqual(['page 0+10'])
    expect(waited).toBe(false)
  })

  it('asks for the rest only once the first screen is shown, then hands it over in one batch', async () => {
    const { source, asked } = library(25)
    const shown = gate()
    const batches: { size: number; complete: boolean }[] = []
    const done = loadInPages(source, {
      firstPage: 5,
      restPage: 8,
      onRows: (rows, { complete }) => batches.push({ size: rows.length, complete }),
      firstShown: () => shown.opened,
      moved: () => false,
    })
    await settle()
    expect(batches).toEqual([{ size: 5, complete: false }])
    expect(asked).toEqual(['page 0+5'])
    shown.open()
    await done
    expect(asked).toEqual(['page 0+5', 'page 5+8', 'page 13+8', 'page 21+8'])
    expect(batches).toEqual([
      { size: 5, complete: false },
      { size: 20, complete: true },
    ])
  })

  it('stops at an empty page when the library ends on a page edge', async () => {
    const { source, asked } = library(5 + 2 * 8)
    let rest: readonly number[] = []
    await loadInPages(source, {
      firstPage: 5,
      restPage: 8,
      onRows: (rows, { complete }) => complete && (rest = rows),
      firstShown: async () => {},
      moved: () => false,
    })
    expect(asked).toEqual(['page 0+5', 'page 5+8', 'page 13+8', 'page 21+8'])
    expect(rest).toEqual(Array.from({ length: 16 }, (_, i) => i + 5))
  })

  it('asks for the whole library again when the order moved while the pages came', async () => {
    const { source, asked, replace } = library(12)
    let moved = false
    let rest: readonly number[] = []
    await loadInPages(source, {
      firstPage: 5,
      restPage: 4,
      onRows: (rows, { complete }) => complete && (rest = rows),
      firstShown: async () => {
        // A paper arrives at the top while the first screen is painted: every page shifts by one.
        replace([99, ...Array.from({ length: 12 }, (_, i) => i)])
        moved = true
      },
      moved: () => moved,
    })
    expect(asked.at(-1)).toBe('all')
    expect(rest).toEqual([99, ...Array.from({ length: 12 }, (_, i) => i)])
  })

  it('fails when a page fails, after handing over the first page', async () => {
    const { source } = library(30)
    const failing: PagedSource<number> = {
      ...source,
      page: (offset, limit) =>
        offset === 0 ? source.page(offset, limit) : Promise.reject(new Error('main is gone')),
    }
    const batches: number[] = []
    await expect(
      loadInPages(failing, {
        firstPage: 5,
        restPage: 10,
        onRows: (rows) => batches.push(rows.length),
        firstShown: async () => {},
        moved: () => false,
      }),
    ).rejects.toThrow('main is gone')
    expect(batches).toEqual([5])
  })
})
