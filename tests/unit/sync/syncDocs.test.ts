import { describe, expect, it } from 'vitest'
import type { Annotation, Note, Paper, ReadingList } from '../../../src/shared/domain'
import { DEFAULT_SETTINGS } from '../../../src/shared/domain'
import {
  annotationDoc,
  annotationFromDoc,
  listDoc,
  listFromDocs,
  mergeBodies,
  noteDoc,
  noteFromDoc,
  paperDocs,
  paperFromDocs,
  parseDocId,
  sameBody,
  settingsDoc,
  settingsFromDoc,
  type DocBody,
  type PaperBody,
} from '../../../src/main/core/sync/syncDocs'

const NOW = new Date('2026-12-01T10:00:00Z')

const paper: Paper = {
  id: '2402.07827',
  rev: 7,
  updatedAt: '2026-11-30T08:00:00.000Z',
  arxivId: '2402.07827',
  url: 'https://arxiv.org/abs/2402.07827',
  title: 'Aya Model',
  authors: ['A. Üstün', 'V. Aryabumi'],
  authorsElided: false,
  appearances: [
    {
      date: '2024-02-13',
      position: 0,
      votes: 12,
      title: 'Aya Model',
      authors: ['A. Üstün'],
      authorsElided: true,
      summary: ['A multilingual model.'],
      media: null,
    },
  ],
  meta: null,
  metaStatus: { state: 'queued' },
  addedAt: '2026-11-29T08:00:00.000Z',
  status: 'reading',
  starred: true,
  tags: ['llm', 'multilingual'],
  lastOpenedAt: '2026-11-30T08:00:00.000Z',
  viewer: { page: 3, zoom: 'page-width' },
}

describe('documents of the store', () => {
  it('names each document for what it is', () => {
    expect(parseDocId('paper:2402.07827')).toEqual({
      kind: 'paper',
      entity: { kind: 'paper', paperId: '2402.07827' },
    })
    expect(parseDocId('state:url:ab12')?.entity).toEqual({ kind: 'paper', paperId: 'url:ab12' })
    expect(parseDocId('member:L1:url:ab12')).toEqual({
      kind: 'member',
      entity: { kind: 'list', listId: 'L1' },
    })
    expect(parseDocId('settings:library')?.kind).toBe('settings')
    expect(parseDocId('settings:device')).toBeNull()
    expect(parseDocId('_design/x')).toBeNull()
    expect(parseDocId('member:L1:')).toBeNull()
  })

  it('splits a paper into its imported record and the reader’s state, and joins them back', () => {
    const docs = paperDocs(paper)
    expect(Object.keys(docs.state).sort()).toEqual(['lastOpenedAt', 'starred', 'status', 'tags', 'viewer'])
    expect(docs.paper).not.toHaveProperty('starred')
    expect(docs.paper).not.toHaveProperty('rev')
    const back = paperFromDocs(paper.id, docs.paper, docs.state, paper, NOW)
    expect(back).toEqual({ ...paper, rev: 8, updatedAt: NOW.toISOString() })
    // Store → doc → store → doc is stable: applying a replicated change does not echo back.
    expect(paperDocs(back)).toEqual(docs)
  })

  it('makes a new paper from documents alone, marking a record with arXiv metadata as fetched', () => {
    const withMeta: PaperBody = {
      ...paperDocs(paper).paper,
      meta: {
        id: paper.id,
        version: 2,
        title: 'Aya',
        abstract: 'x',
        authors: [],
        published: '2024-02-12',
        updated: '2024-02-14',
        primaryCategory: 'cs.CL',
        categories: ['cs.CL'],
        doi: null,
        journalRef: null,
        comment: null,
        absUrl: paper.url,
        pdfUrl: paper.url,
      },
    }
    const made = paperFromDocs(paper.id, withMeta, undefined, undefined, NOW)
    expect(made).toMatchObject({ id: paper.id, rev: 1, status: 'unread', starred: false, tags: [] })
    expect(made.metaStatus).toEqual({ state: 'ok', at: NOW.toISOString() })
    expect(made).not.toHaveProperty('viewer')
  })

  it('round-trips lists, notes, annotations and only the library’s settings', () => {
    const list: ReadingList = {
      id: 'L1',
      rev: 3,
      updatedAt: 'x',
      name: 'To read',
      order: 0,
      paperIds: ['b', 'a'],
      createdAt: '2026-11-01T00:00:00.000Z',
    }
    const members = [
      { listId: 'L1', paperId: 'a', order: 'V' },
      { listId: 'L1', paperId: 'b', order: 'F' },
    ]
    expect(listFromDocs('L1', listDoc(list), members, list, NOW)).toMatchObject({
      paperIds: ['b', 'a'],
      rev: 4,
    })
    const dead = listFromDocs('L1', { ...listDoc(list), deleted: true }, members, list, NOW)
    expect(dead.deleted).toBe(true)

    const note: Note = { id: 'p', paperId: 'p', rev: 2, updatedAt: '2026-11-30T00:00:00.000Z', text: 'hello' }
    expect(noteDoc(noteFromDoc(noteDoc(note), note))).toEqual(noteDoc(note))

    const annotation: Annotation = {
      id: 'h1',
      paperId: 'p',
      rev: 1,
      updatedAt: 'u',
      createdAt: 'c',
      anchor: { page: 1, start: 0, end: 4, quads: [[1, 2, 3, 4]] },
      quote: 'text',
      color: 'yellow',
      comment: '',
    }
    expect(annotationFromDoc('h1', annotationDoc(annotation), annotation)).toEqual({ ...annotation, rev: 2 })

    const settings = { ...DEFAULT_SETTINGS, theme: 'dark' as const, watchFolder: '/home/me/digests' }
    expect(settingsDoc(settings)).toEqual({ autoFetchMetadata: true })
    const mine = settingsFromDoc({ autoFetchMetadata: false }, settings)
    expect(mine).toEqual({ ...settings, autoFetchMetadata: false })
  })
})

describe('merging revisions edited apart', () => {
  const state = (over: Partial<DocBody>): DocBody => ({ ...paperDocs(paper).state, ...over }) as DocBody

  it('keeps a star from one machine and a tag from the other', () => {
    const base = state({ starred: false, tags: ['llm'] })
    const result = mergeBodies(
      'state',
      base,
      state({ starred: true, tags: ['llm'] }),
      state({ starred: false, tags: ['llm', 'read-later'] }),
    )
    expect(result).toEqual({ merged: state({ starred: true, tags: ['llm', 'read-later'] }) })
  })

  it('removes a tag removed on either machine, and takes the later last-opened time', () => {
    const base = state({ tags: ['a', 'b'], lastOpenedAt: '2026-01-01' })
    const result = mergeBodies(
      'state',
      base,
      state({ tags: ['a', 'b', 'c'], lastOpenedAt: '2026-01-03' }),
      state({ tags: ['b'], lastOpenedAt: '2026-01-02' }),
    )
    expect(result).toEqual({ merged: state({ tags: ['b', 'c'], lastOpenedAt: '2026-01-03' }) })
  })

  it('assumes both machines started from the empty entity when the ancestor is unknown', () => {
    const result = mergeBodies(
      'state',
      null,
      state({ starred: true, tags: [] }),
      state({ starred: false, tags: ['x'] }),
    )
    expect(result).toEqual({ merged: state({ starred: true, tags: ['x'] }) })
  })

  it('leaves a note whose text changed on both machines for a person', () => {
    const base = { paperId: 'p', text: 'one', updatedAt: '1' }
    expect(
      mergeBodies(
        'note',
        base,
        { ...base, text: 'two', updatedAt: '3' },
        { ...base, text: 'three', updatedAt: '2' },
      ),
    ).toEqual({
      conflict: ['text'],
    })
    // One side only: merged, with the later time.
    expect(
      mergeBodies('note', base, { ...base, updatedAt: '3' }, { ...base, text: 'three', updatedAt: '2' }),
    ).toEqual({
      merged: { paperId: 'p', text: 'three', updatedAt: '3' },
    })
  })

  it('lets a deletion win over an edit elsewhere', () => {
    const base = { name: 'A', order: 0, createdAt: 'c' }
    expect(mergeBodies('list', base, { ...base, order: 2 }, { ...base, deleted: true })).toEqual({
      merged: { ...base, order: 2, deleted: true },
    })
  })

  it('merges imported records as the union of what each machine knew', () => {
    const a = paperDocs(paper).paper
    const b: PaperBody = {
      ...a,
      addedAt: '2026-11-28T00:00:00.000Z',
      appearances: [{ ...paper.appearances[0]!, date: '2024-02-14', title: 'Aya Model (v2)' }],
    }
    const { merged } = mergeBodies('paper', null, a as unknown as DocBody, b as unknown as DocBody) as {
      merged: PaperBody & DocBody
    }
    expect(merged.appearances.map((x) => x.date)).toEqual(['2024-02-13', '2024-02-14'])
    expect(merged.title).toBe('Aya Model (v2)')
    expect(merged.addedAt).toBe('2026-11-28T00:00:00.000Z')
    // Either machine's merge gives the same record.
    const other = mergeBodies('paper', null, b as unknown as DocBody, a as unknown as DocBody) as {
      merged: DocBody
    }
    expect(sameBody(merged, other.merged)).toBe(true)
  })
})
