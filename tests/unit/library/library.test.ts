import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { openSeeded, SEED_DIGEST } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('reading lists with papers', () => {
  it('adds, moves, removes papers in order; a paper may be in many lists', async () => {
    const dir = await tempDir()
    const { api } = await openSeeded(dir)
    const a = await api.call('lists:create', { name: 'A' })
    const b = await api.call('lists:create', { name: 'B' })
    await api.call('lists:addPapers', { id: a.id, paperIds: ['2402.07827', '2402.07456', '2402.07033'] })
    await api.call('lists:addPapers', { id: b.id, paperIds: ['2402.07827'] })
    // Move the last paper to the front: the index counts positions as shown.
    await api.call('lists:addPapers', { id: a.id, paperIds: ['2402.07033'], index: 0 })
    expect((await api.call('papers:list', { listId: a.id })).map((p) => p.id)).toEqual([
      '2402.07033',
      '2402.07827',
      '2402.07456',
    ])
    await api.call('lists:addPapers', { id: a.id, paperIds: ['2402.07033'], index: 2 })
    expect((await api.call('papers:list', { listId: a.id })).map((p) => p.id)).toEqual([
      '2402.07827',
      '2402.07033',
      '2402.07456',
    ])
    await api.call('lists:removePapers', { id: a.id, paperIds: ['2402.07827'] })
    expect((await api.call('papers:list', { listId: a.id })).map((p) => p.id)).toEqual([
      '2402.07033',
      '2402.07456',
    ])
    const detail = await api.call('papers:get', { id: '2402.07827' })
    expect(detail.listIds).toEqual([b.id])
    await expect(api.call('lists:addPapers', { id: a.id, paperIds: ['0000.00000'] })).rejects.toMatchObject({
      code: 'not-found',
    })

    const reopened = await LibraryStore.open(dir)
    expect(reopened.list(a.id)?.paperIds).toEqual(['2402.07033', '2402.07456'])
  })

  it('reorders lists only with every list named once', async () => {
    const { api } = await openSeeded(await tempDir())
    const a = await api.call('lists:create', { name: 'A' })
    const b = await api.call('lists:create', { name: 'B' })
    expect((await api.call('lists:reorder', { ids: [b.id, a.id] })).map((l) => l.name)).toEqual(['B', 'A'])
    await expect(api.call('lists:reorder', { ids: [b.id] })).rejects.toMatchObject({ code: 'invalid-input' })
  })
})

describe('the user’s own state of papers', () => {
  it('sets status, star and tags, and smart views follow', async () => {
    const { api } = await openSeeded(await tempDir(), { now: () => new Date('2024-02-15T00:00:00Z') })
    await api.call('papers:update', {
      ids: ['2402.07827', '2402.07456'],
      status: 'read',
      starred: true,
      addTags: [' Multilingual ', 'llm'],
    })
    await api.call('papers:update', { ids: ['2402.07456'], removeTags: ['llm'] })
    const aya = (await api.call('papers:get', { id: '2402.07827' })).paper
    expect(aya).toMatchObject({ status: 'read', starred: true, tags: ['llm', 'multilingual'] })
    expect((await api.call('papers:list', { smart: 'starred' })).map((p) => p.id).sort()).toEqual([
      '2402.07456',
      '2402.07827',
    ])
    expect(await api.call('papers:list', { smart: 'unread' })).toHaveLength(14)
    expect(await api.call('papers:list', { smart: 'week' })).toHaveLength(16)
    await expect(
      api.call('papers:update', { ids: ['2402.07827'], addTags: ['two words'] }),
    ).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('re-importing a digest leaves status, star, tags and notes alone', async () => {
    const dir = await tempDir()
    const { api, lectern } = await openSeeded(dir)
    await api.call('papers:update', { ids: ['2402.07827'], status: 'reading', starred: true, addTags: ['x'] })
    await api.call('notes:save', { paperId: '2402.07827', text: 'mine' })
    const report = await lectern.digests.importTexts([
      { name: 'again.md', text: readFileSync(SEED_DIGEST, 'utf8').replace('Vote: 21', 'Vote: 30') },
    ])
    expect(report.updated).toBe(1)
    const detail = await api.call('papers:get', { id: '2402.07827' })
    expect(detail.paper).toMatchObject({ status: 'reading', starred: true, tags: ['x'] })
    expect(detail.paper.appearances[0]?.votes).toBe(30)
    expect(detail.note?.text).toBe('mine')
  })
})

describe('notes', () => {
  it('saves with revisions, survives a reopen and shows in smart view and summaries', async () => {
    const dir = await tempDir()
    const { api } = await openSeeded(dir)
    const first = await api.call('notes:save', {
      paperId: '2402.07872',
      text: 'PIVOT: compare with 2402.07827',
    })
    const second = await api.call('notes:save', {
      paperId: '2402.07872',
      text: 'PIVOT: compare with 2402.07827!',
    })
    expect(second.rev).toBe(first.rev + 1)
    const same = await api.call('notes:save', {
      paperId: '2402.07872',
      text: 'PIVOT: compare with 2402.07827!',
    })
    expect(same.rev).toBe(second.rev)
    expect((await api.call('papers:list', { smart: 'notes' })).map((p) => p.id)).toEqual(['2402.07872'])
    const reopened = await LibraryStore.open(dir)
    expect(reopened.note('2402.07872')?.text).toBe('PIVOT: compare with 2402.07827!')
    await expect(api.call('notes:save', { paperId: 'nope', text: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    })
  })
})

describe('annotations', () => {
  it('saves, edits, deletes with undo, and exports with the note as Markdown', async () => {
    const { api } = await openSeeded(await tempDir())
    const anchor = {
      page: 3,
      start: 10,
      end: 24,
      quads: [[72, 700, 300, 712]] as [number, number, number, number][],
    }
    const a = await api.call('annotations:save', {
      paperId: '2402.07827',
      anchor,
      quote: 'multilingual   model',
      color: 'yellow',
      comment: '',
    })
    const edited = await api.call('annotations:save', {
      paperId: '2402.07827',
      id: a.id,
      anchor,
      quote: a.quote,
      color: 'green',
      comment: 'key claim',
    })
    expect(edited).toMatchObject({ id: a.id, rev: 2, color: 'green' })
    await api.call('notes:save', { paperId: '2402.07827', text: 'Worth a read.' })
    const { markdown } = await api.call('notes:export', { paperId: '2402.07827' })
    expect(markdown).toContain('## Note\n\nWorth a read.')
    expect(markdown).toContain('> multilingual model (p. 3)\n\nkey claim')
    await api.call('annotations:delete', { paperId: '2402.07827', id: a.id })
    expect((await api.call('papers:get', { id: '2402.07827' })).annotations).toEqual([])
    await api.call('annotations:restore', { paperId: '2402.07827', id: a.id })
    expect((await api.call('papers:get', { id: '2402.07827' })).annotations).toHaveLength(1)
  })
})
