import { describe, expect, it } from 'vitest'
import type { LibraryChange, PaperSummary } from '../../../src/shared/api'
import { LISTS_ORDER, Optimistic } from '../../../src/renderer/rows/optimistic'
import { RowStore } from '../../../src/renderer/rows/rowStore'
import { hitRows, viewRows } from '../../../src/renderer/rows/views'

function row(id: string, fields: Partial<PaperSummary> = {}): PaperSummary {
  return {
    id,
    title: `Paper ${id}`,
    authors: [],
    authorCount: 0,
    authorsElided: false,
    date: '2024-02-13',
    votes: 1,
    status: 'unread',
    starred: false,
    tags: [],
    listIds: [],
    hasNote: false,
    published: null,
    hasPdf: false,
    metaState: 'ok',
    addedAt: '2024-02-13T00:00:00.000Z',
    lastOpenedAt: null,
    ...fields,
  }
}
const NOW = new Date('2024-02-14T12:00:00Z')

describe('the row store', () => {
  it('is filled in pages and patched by events; a load sent before an event does not undo it', () => {
    const store = new RowStore()
    const mark = store.mark()
    store.fill([row('a'), row('b')], mark, { complete: false })
    expect(store.started && !store.complete).toBe(true)
    // The star arrives while the rest of the list is still on its way, with the old row of `c`.
    const rest = store.mark()
    expect(store.apply({ seq: 1, papers: { rows: [row('c', { starred: true })], removed: ['a'] } })).toBe(
      true,
    )
    store.fill([row('a'), row('c'), row('d')], rest, { complete: true })
    expect(store.all().map((r) => [r.id, r.starred])).toEqual([
      ['b', false],
      ['c', true],
      ['d', false],
    ])
    expect(store.complete).toBe(true)
  })

  it('lets a page asked again replace the one brought earlier: a row it no longer has is gone', () => {
    const store = new RowStore()
    const brought = [row('a'), row('b'), row('c')]
    store.fill(brought, store.mark(), { complete: false })
    const again = store.mark()
    // Heard after the page was asked again: `d` arrives, `c` is renamed; neither is undone.
    store.apply({ seq: 1, papers: { rows: [row('d'), row('c', { title: 'Renamed' })], removed: [] } })
    // `b` was deleted before this page listened; `c` moved out of the page in the answer.
    store.fill([row('a', { hasNote: true })], again, { complete: false, replaces: brought })
    expect(store.row('b')).toBeUndefined()
    expect(store.row('a')?.hasNote).toBe(true)
    expect(store.row('c')?.title).toBe('Renamed')
    expect(store.row('d')).toBeDefined()
    expect(store.size).toBe(3)
  })

  it('counts the events that may change main’s order of the library (days changed, papers removed)', () => {
    const store = new RowStore()
    store.fill([row('a'), row('b')], store.mark(), { complete: true })
    const start = store.reordered
    // A star, or a citation key given to a row not held yet: no paper moves.
    store.apply({ seq: 1, papers: { rows: [row('a', { starred: true }), row('x')], removed: [] } })
    expect(store.reordered).toBe(start)
    store.apply({ seq: 2, papers: { rows: [row('b', { votes: 9 })], removed: [] }, digests: true })
    expect(store.reordered).toBe(start + 1)
    store.apply({ seq: 3, papers: { rows: [], removed: ['a'] } })
    expect(store.reordered).toBe(start + 2)
  })

  it('says when an event was missed, so that the caller reloads', () => {
    const store = new RowStore()
    expect(store.apply({ seq: 4 })).toBe(true)
    expect(store.apply({ seq: 5 })).toBe(true)
    expect(store.apply({ seq: 7 })).toBe(false)
    const before = store.version
    store.reset()
    expect(store.version).toBeGreaterThan(before)
    expect(store.size).toBe(0)
  })

  it('keeps a list’s order from its events, and asks again for day orders when the days change', () => {
    const store = new RowStore()
    store.fill([row('a'), row('b')], store.mark(), { complete: true })
    const asked = store.mark()
    const change: LibraryChange = {
      seq: 1,
      lists: { rows: [{ id: 'L', name: 'L', order: 0, count: 2, paperIds: ['b', 'a'] }], removed: [] },
    }
    store.apply(change)
    // An answer asked for before the event is older than it: ignored.
    store.setOrder('list:L', { ids: ['a'], votes: null }, asked)
    expect(store.order('list:L')?.ids).toEqual(['b', 'a'])
    store.setOrder('digest:2024-02-13', { ids: ['a'], votes: [3] }, store.mark())
    expect(store.needsOrder('digest:2024-02-13')).toBe(false)
    store.apply({ seq: 2, digests: true })
    // Still shown (the list neither blanks nor loses its selection) while it is asked for again.
    expect(store.order('digest:2024-02-13')?.ids).toEqual(['a'])
    expect(store.needsOrder('digest:2024-02-13')).toBe(true)
    store.setOrder('digest:2024-02-13', { ids: ['a', 'b'], votes: [3, 1] }, store.mark())
    expect(store.needsOrder('digest:2024-02-13')).toBe(false)
    expect(store.order('digest:2024-02-13')?.ids).toEqual(['a', 'b'])
  })
})

describe('views over the rows', () => {
  const store = new RowStore()
  store.fill(
    [
      row('a', { status: 'read', starred: true }),
      row('b', { hasNote: true, date: '2024-01-01' }),
      row('c', { date: '2024-02-10' }),
    ],
    0,
    { complete: true },
  )
  store.setOrder('list:L', { ids: ['c', 'gone', 'a'], votes: null }, store.mark())
  store.setOrder('digest:2024-01-01', { ids: ['b'], votes: [42] }, store.mark())
  const ids = (rows: readonly PaperSummary[] | null) => rows?.map((r) => r.id) ?? null

  it('all, the smart views, a list, a day, and a view whose order has not arrived', () => {
    expect(ids(viewRows({ kind: 'all' }, store, NOW))).toEqual(['a', 'b', 'c'])
    expect(ids(viewRows({ kind: 'smart', view: 'unread' }, store, NOW))).toEqual(['b', 'c'])
    expect(ids(viewRows({ kind: 'smart', view: 'starred' }, store, NOW))).toEqual(['a'])
    expect(ids(viewRows({ kind: 'smart', view: 'notes' }, store, NOW))).toEqual(['b'])
    expect(ids(viewRows({ kind: 'smart', view: 'week' }, store, NOW))).toEqual(['a', 'c'])
    expect(ids(viewRows({ kind: 'list', id: 'L' }, store, NOW))).toEqual(['c', 'a'])
    expect(viewRows({ kind: 'digest', date: '2024-01-01' }, store, NOW)).toEqual([
      { ...store.row('b'), date: '2024-01-01', votes: 42 },
    ])
    expect(viewRows({ kind: 'recommend', listId: 'L' }, store, NOW)).toBeNull()
  })

  it('search hits show the newest state of their rows', () => {
    const hits = [row('a'), row('x')]
    expect(hitRows({ ids: ['a', 'x'], hits }, store).map((r) => [r.id, r.starred])).toEqual([
      ['a', true],
      ['x', false],
    ])
  })

  it('hits sent as ids alone (filters) are the held rows, in rank order; unknown ones wait', () => {
    expect(hitRows({ ids: ['c', 'nowhere', 'a'], hits: [] }, store).map((r) => r.id)).toEqual(['c', 'a'])
  })
})

describe('optimistic updates', () => {
  function setup() {
    const store = new RowStore()
    store.fill([row('a'), row('b')], 0, { complete: true })
    let now = 0
    const optimistic = new Optimistic(store, () => now)
    return { store, optimistic, later: (ms: number) => (now += ms) }
  }
  const star = (ids: string[]) => ({ rows: { ids, patch: () => ({ starred: true }) } })

  it('show at once, and a refused one is taken back', () => {
    const { store, optimistic } = setup()
    const token = optimistic.begin(star(['a', 'b']))
    expect(optimistic.row(store.row('a'))?.starred).toBe(true)
    optimistic.rollback(token)
    expect(optimistic.row(store.row('a'))?.starred).toBe(false)
    expect(optimistic.pending).toBe(false)
  })

  it('an answered change stays until its event carries it, whichever comes first', () => {
    const { store, optimistic } = setup()
    // Answer first, event after (HTTP: they race).
    const first = optimistic.begin(star(['a']))
    optimistic.settle(first)
    expect(optimistic.row(store.row('a'))?.starred).toBe(true)
    store.apply({ seq: 1, papers: { rows: [row('a', { starred: true })], removed: [] } })
    optimistic.carried(['a'], [])
    expect(optimistic.pending).toBe(false)
    // Event first, answer after (IPC).
    const second = optimistic.begin(star(['b']))
    store.apply({ seq: 2, papers: { rows: [row('b', { starred: true })], removed: [] } })
    optimistic.carried(['b'], [])
    expect(optimistic.pending).toBe(true)
    optimistic.settle(second)
    expect(optimistic.pending).toBe(false)
    expect(optimistic.row(store.row('b'))?.starred).toBe(true)
  })

  it('a later change is not undone by the rollback of an earlier one; lost events time out', () => {
    const { store, optimistic, later } = setup()
    const first = optimistic.begin(star(['a']))
    const second = optimistic.begin({ rows: { ids: ['a'], patch: () => ({ status: 'read' }) } })
    optimistic.rollback(first)
    expect(optimistic.row(store.row('a'))).toMatchObject({ starred: true, status: 'read' })
    optimistic.settle(second)
    later(60_000)
    optimistic.carried([], [])
    expect(optimistic.pending).toBe(false)
  })

  it('a list order moves at once and goes when the list’s event carries it', () => {
    const { store, optimistic } = setup()
    store.setOrder('list:L', { ids: ['a', 'b'], votes: null }, store.mark())
    const token = optimistic.begin({ order: { key: 'list:L', ids: ['b', 'a'] } })
    expect(optimistic.order('list:L', ['a', 'b'])).toEqual(['b', 'a'])
    optimistic.settle(token)
    expect(optimistic.pending).toBe(true)
    store.apply({
      seq: 1,
      lists: { rows: [{ id: 'L', name: 'L', order: 0, count: 2, paperIds: ['b', 'a'] }], removed: [] },
    })
    optimistic.carried([], ['list:L'])
    expect(optimistic.pending).toBe(false)
  })

  it('the reading lists’ own order moves at once, is taken back if refused, goes once carried', () => {
    const store = new RowStore()
    // The lists as the query layer holds them; main's reorder reaches them through its event.
    let lists = ['x', 'y', 'z']
    const optimistic = new Optimistic(
      {
        row: (id) => store.row(id),
        order: (key) => (key === LISTS_ORDER ? { ids: lists } : store.order(key)),
      },
      () => 0,
    )
    const refused = optimistic.begin({ order: { key: LISTS_ORDER, ids: ['z', 'x', 'y'] } })
    expect(optimistic.order(LISTS_ORDER, lists)).toEqual(['z', 'x', 'y'])
    // A list's papers have an order of their own, untouched.
    expect(optimistic.order('list:x', ['a', 'b'])).toEqual(['a', 'b'])
    optimistic.rollback(refused)
    expect(optimistic.order(LISTS_ORDER, lists)).toEqual(['x', 'y', 'z'])
    expect(optimistic.pending).toBe(false)

    const taken = optimistic.begin({ order: { key: LISTS_ORDER, ids: ['y', 'z', 'x'] } })
    optimistic.settle(taken)
    // Answered before its event (HTTP): still shown, main's lists are not yet in that order.
    expect(optimistic.order(LISTS_ORDER, lists)).toEqual(['y', 'z', 'x'])
    lists = ['y', 'z', 'x']
    optimistic.carried([], [LISTS_ORDER])
    expect(optimistic.pending).toBe(false)
    expect(optimistic.order(LISTS_ORDER, lists)).toEqual(['y', 'z', 'x'])

    // The event first (IPC), then the answer: gone as soon as the held lists show it.
    const again = optimistic.begin({ order: { key: LISTS_ORDER, ids: ['x', 'y', 'z'] } })
    lists = ['x', 'y', 'z']
    optimistic.settle(again)
    expect(optimistic.pending).toBe(false)
  })

  it('patches are computed from the row as shown (toggling twice)', () => {
    const { store, optimistic } = setup()
    const toggle = {
      rows: { ids: ['a'], patch: (r: PaperSummary | undefined) => ({ starred: !r?.starred }) },
    }
    optimistic.begin(toggle)
    optimistic.begin(toggle)
    expect(optimistic.row(store.row('a'))?.starred).toBe(false)
  })
})

describe('the order of the rows', () => {
  it('changes shape only when rows come or go or a sort field changes', () => {
    const store = new RowStore()
    store.fill([row('a'), row('b')], 0, { complete: true })
    const shape = store.shapeVersion
    store.apply({ seq: 1, papers: { rows: [row('a', { starred: true, status: 'read' })], removed: [] } })
    expect(store.shapeVersion).toBe(shape)
    store.apply({
      seq: 2,
      papers: { rows: [row('a', { lastOpenedAt: '2024-02-14T00:00:00Z' })], removed: [] },
    })
    expect(store.shapeVersion).toBe(shape + 1)
    store.apply({ seq: 3, papers: { rows: [], removed: ['b'] } })
    expect(store.shapeVersion).toBe(shape + 2)
  })
})
