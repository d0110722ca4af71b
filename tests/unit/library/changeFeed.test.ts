import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { LibraryChange } from '../../../src/shared/api'
import { generateDigest } from '../../fixtures/digests/generateDigest'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const SERVICES = join(import.meta.dirname, '../../../src/main/core')

/** A seeded Lectern and the change events it sends from now on. */
async function watched() {
  const { lectern, api } = await openSeeded(await tempDir())
  const events: LibraryChange[] = []
  lectern.events.subscribe((e) => {
    if (e.name === 'library:changed') events.push(e.data)
  })
  return { lectern, api, events }
}

describe('change events derived from store commits', () => {
  it('a star is one event with that paper’s new row, and nothing else', async () => {
    const { api, events } = await watched()
    await api.call('papers:update', { ids: ['2402.07827'], starred: true })
    expect(events).toHaveLength(1)
    const [event] = events
    expect(event?.papers?.rows.map((r) => [r.id, r.starred])).toEqual([['2402.07827', true]])
    expect(event?.papers?.removed).toEqual([])
    expect(event?.lists).toBeUndefined()
    expect(event?.digests).toBeUndefined()
    // A few hundred bytes, not the library.
    expect(JSON.stringify(event).length).toBeLessThan(1000)
  })

  it('a list change carries the list in order and the rows whose membership changed', async () => {
    const { api, events } = await watched()
    const list = await api.call('lists:create', { name: 'To read' })
    expect(events.at(-1)?.lists?.rows).toEqual([{ ...list, paperIds: [] }])
    await api.call('lists:addPapers', { id: list.id, paperIds: ['2402.07827', '2402.07456'] })
    const added = events.at(-1)
    expect(added?.lists?.rows[0]?.paperIds).toEqual(['2402.07827', '2402.07456'])
    expect(added?.papers?.rows.map((r) => [r.id, r.listIds]).sort()).toEqual([
      ['2402.07456', [list.id]],
      ['2402.07827', [list.id]],
    ])
    // A move inside the list changes no row, only the list's order.
    await api.call('lists:addPapers', { id: list.id, paperIds: ['2402.07456'], index: 0 })
    expect(events.at(-1)?.lists?.rows[0]?.paperIds).toEqual(['2402.07456', '2402.07827'])
    expect(events.at(-1)?.papers).toBeUndefined()
    await api.call('lists:delete', { id: list.id })
    expect(events.at(-1)?.lists).toEqual({ rows: [], removed: [list.id] })
    expect(events.at(-1)?.papers?.rows.every((r) => r.listIds.length === 0)).toBe(true)
  })

  it('a note, a setting and an import each say what they changed; seq counts commits', async () => {
    const { api, events } = await watched()
    await api.call('notes:save', { paperId: '2402.07827', text: 'Good one' })
    expect(events.at(-1)?.notes).toEqual(['2402.07827'])
    expect(events.at(-1)?.papers?.rows[0]).toMatchObject({ id: '2402.07827', hasNote: true })
    await api.call('settings:update', { theme: 'dark' })
    expect(events.at(-1)?.settings?.theme).toBe('dark')
    await api.call('digests:importText', {
      files: [{ name: '2024-03-01.md', text: await readFile(SEED_2, 'utf8') }],
    })
    expect(events.at(-1)?.digests).toBe(true)
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => (events[0]?.seq ?? 0) + i))
  })

  it('a big commit’s rows are made after its turn, all of them; the next commit’s event follows it', async () => {
    const { api, events } = await watched()
    const text = generateDigest('2031-01-01', 150, 1, { startIndex: 700_000 })
    const report = await api.call('digests:importText', { files: [{ name: '2031-01-01.md', text }] })
    expect(report.added).toBe(150)
    // Committed, and its caller answered, in a turn that made none of its 150 rows.
    expect(events).toHaveLength(0)
    const [row] = await api.call('papers:list', { limit: 1 })
    await api.call('papers:update', { ids: [row?.id ?? ''], starred: true })
    await vi.waitFor(() => expect(events).toHaveLength(2))
    const [imported, starred] = events
    expect(imported?.papers?.rows).toHaveLength(150)
    expect(imported?.digests).toBe(true)
    expect(starred?.papers?.rows.map((r) => [r.id, r.starred])).toEqual([[row?.id, true]])
    expect(starred?.seq).toBe((imported?.seq ?? 0) + 1)
  })

  it('no service emits a change event by hand', async () => {
    const { execFileSync } = await import('node:child_process')
    const out = execFileSync('grep', ['-rln', "emit('library:changed'", SERVICES], { encoding: 'utf8' })
    expect(out.trim().split('\n')).toEqual([join(SERVICES, 'library/changeFeed.ts')])
  })
})

const SEED_2 = join(import.meta.dirname, '../../fixtures/digests/ids.md')

describe('rows for a renderer that keeps them by id', () => {
  it('papers:list pages through the library in its order; papers:view gives a view’s ids', async () => {
    const { api } = await openSeeded(await tempDir())
    const all = await api.call('papers:list', {})
    const first = await api.call('papers:list', { limit: 3 })
    const rest = await api.call('papers:list', { offset: 3 })
    expect([...first, ...rest]).toEqual(all)
    expect(first).toHaveLength(3)
    const list = await api.call('lists:create', { name: 'A' })
    await api.call('lists:addPapers', { id: list.id, paperIds: ['2402.07456', '2402.07827'] })
    expect(await api.call('papers:view', { listId: list.id })).toEqual({
      ids: ['2402.07456', '2402.07827'],
      votes: null,
    })
    const day = await api.call('papers:view', { digest: '2024-02-13' })
    const dayRows = await api.call('papers:list', { digest: '2024-02-13' })
    expect(day).toEqual({ ids: dayRows.map((r) => r.id), votes: dayRows.map((r) => r.votes) })
    await expect(api.call('papers:view', {})).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('keeps the library’s order between calls, sorting again only when a commit moves a paper', async () => {
    const { api } = await openSeeded(await tempDir())
    const before = await api.call('papers:list', {})
    const ids = before.map((r) => r.id)
    // A star moves nothing: the same order, with the new row.
    const starredId = ids[5] ?? ''
    await api.call('papers:update', { ids: [starredId], starred: true })
    const starred = await api.call('papers:list', {})
    expect(starred.map((r) => r.id)).toEqual(ids)
    expect(starred.find((r) => r.id === starredId)?.starred).toBe(true)
    // A day's papers (one new, one that was there already, now seen a day later) come first.
    await api.call('digests:importText', {
      files: [{ name: '2024-02-14.md', text: await readFile(SEED_2, 'utf8') }],
    })
    const after = await api.call('papers:list', {})
    expect(after.map((r) => r.id)).not.toEqual(ids)
    const byNewest = [...after].sort(
      (a, b) => (b.date ?? '').localeCompare(a.date ?? '') || (b.votes ?? -1) - (a.votes ?? -1),
    )
    expect(after.map((r) => [r.date, r.votes])).toEqual(byNewest.map((r) => [r.date, r.votes]))
    expect(after[0]?.date).toBe('2024-02-14')
    expect((await api.call('app:info', {})).paperCount).toBe(after.length)
    // Pages cut from the kept order fit together.
    const pages = [
      ...(await api.call('papers:list', { limit: 4 })),
      ...(await api.call('papers:list', { offset: 4, limit: 4 })),
      ...(await api.call('papers:list', { offset: 8 })),
    ]
    expect(pages).toEqual(after)
  })
})
