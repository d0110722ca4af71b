import { describe, expect, it } from 'vitest'
import type { Attachment, Paper } from '../../../src/shared/domain'
import { isLive, revise, tombstone } from '../../../src/main/core/library/entity'
import { Lectern } from '../../../src/main/core/lectern'
import type { PaperHead } from '../../../src/main/core/store/paperParts'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { seededRandom } from '../../fixtures/seededRandom'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** What a filter query should match, straight from the store: the old way, one paper at a time. */
function bruteForce(lectern: Lectern, query: Filters): string[] {
  const { store } = lectern
  const lists = store.allLists().filter(isLive)
  return [...store.allHeads()]
    .filter(isLive)
    .filter((p: PaperHead) => {
      const note = store.note(p.id)
      const checks = [
        ...(query.is ?? []).map((s) => (s === 'starred' ? p.starred : p.status === s)),
        ...(query.tags ?? []).map((t) => p.tags.includes(t)),
        ...(query.lists ?? []).map(
          (name) => lists.find((l) => l.name === name)?.paperIds.includes(p.id) ?? false,
        ),
        ...(query.has ?? []).map((h) =>
          h === 'note'
            ? isLive(note) && note.text.trim() !== ''
            : store.attachments(p.id).some((a) => isLive(a)),
        ),
        ...(query.days ?? []).map((d) => p.appearances.some((a) => a.date.startsWith(d))),
      ]
      return checks.every(Boolean)
    })
    .map((p) => p.id)
    .sort()
}

interface Filters {
  is?: ('unread' | 'reading' | 'read' | 'starred')[]
  tags?: string[]
  lists?: string[]
  has?: ('note' | 'pdf')[]
  days?: string[]
}

function queryText(f: Filters): string {
  return [
    ...(f.is ?? []).map((s) => `is:${s}`),
    ...(f.tags ?? []).map((t) => `tag:${t}`),
    ...(f.lists ?? []).map((l) => `list:"${l}"`),
    ...(f.has ?? []).map((h) => `has:${h}`),
    ...(f.days ?? []).map((d) => `day:${d}`),
  ].join(' ')
}

describe('filters answered from id sets', () => {
  it(
    'stay equal to a brute-force filter through stars, reads, tags, lists, notes, PDFs and deletions',
    { timeout: 120_000 },
    async () => {
      const lectern = await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
      const papers: Paper[] = generateLibrary(300, 7)
      await lectern.store.update((tx) => papers.forEach((p) => tx.putPaper(p)))
      // Built in the background, as at start; later changes reach the sets through commits.
      await lectern.search.start()
      const random = seededRandom(16)
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
      const ids = papers.map((p) => p.id)
      const some = () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(ids))
      const live = () => ids.filter((id) => isLive(lectern.store.head(id)))
      const days = [...new Set(papers.flatMap((p) => p.appearances.map((a) => a.date)))].sort()
      const tags = ['survey', 'to-cite', 'zz-new']
      const listIds: string[] = []
      for (const name of ['Reading', 'Later']) listIds.push((await lectern.lists.create(name)).id)

      const queries: Filters[] = [
        { is: ['unread'] },
        { is: ['starred'] },
        { is: ['read', 'starred'] },
        { is: ['reading'] },
        { tags: ['survey'] },
        { tags: ['zz-new', 'to-cite'] },
        { lists: ['Reading'] },
        { lists: ['Later'], is: ['unread'] },
        { lists: ['Renamed'] },
        { has: ['note'] },
        { has: ['pdf'] },
        { has: ['note', 'pdf'], is: ['starred'] },
        { days: [days[0] as string] },
        { days: [(days.at(-1) as string).slice(0, 7)] },
        { days: [(days[0] as string).slice(0, 4)], tags: ['survey'], is: ['unread'] },
      ]
      const check = (step: string) => {
        for (const f of queries) {
          const q = queryText(f)
          const result = lectern.search.query(q, 'all')
          const got = result.hits.map((h) => h.id)
          expect([step, q, [...got].sort()]).toEqual([step, q, bruteForce(lectern, f)])
          expect(result.total).toBe(got.length)
          // The rows are the list's rows (a blank note is no note), with no matched words.
          expect(result.hits).toEqual(lectern.papers.summaries(got).map((row) => ({ ...row, terms: [] })))
          for (const row of result.hits) {
            const note = lectern.store.note(row.id)
            expect(row.hasNote).toBe(isLive(note) && note.text.trim() !== '')
          }
          // Newest digest day first.
          const dates = result.hits.map((h) => h.date ?? '')
          expect(dates).toEqual([...dates].sort().reverse())
        }
      }
      check('built')

      let attachments = 0
      for (let step = 0; step < 150; step++) {
        const op = Math.floor(random() * 11)
        const targets = some().filter((id) => live().includes(id))
        if (targets.length === 0) continue
        const id = targets[0] as string
        if (op === 0) await lectern.papers.update({ ids: targets, starred: random() < 0.6 })
        else if (op === 1)
          await lectern.papers.update({ ids: targets, status: pick(['unread', 'reading', 'read'] as const) })
        else if (op === 2) await lectern.papers.update({ ids: targets, addTags: [pick(tags)] })
        else if (op === 3) await lectern.papers.update({ ids: targets, removeTags: [pick(tags)] })
        else if (op === 4 || op === 5) {
          const listId = pick(listIds)
          if (!isLive(lectern.store.list(listId))) continue
          if (op === 4) await lectern.lists.addPapers(listId, targets)
          else await lectern.lists.removePapers(listId, targets)
        } else if (op === 6) await lectern.notes.save(id, random() < 0.3 ? '  ' : `note ${step}`)
        else if (op === 7) {
          const at = new Date().toISOString()
          const attachment: Attachment = {
            id: `att-${attachments++}`,
            rev: 1,
            updatedAt: at,
            paperId: id,
            sha256: 'a'.repeat(64),
            size: 10,
            source: 'local',
            origin: '/tmp/x.pdf',
            pages: 1,
            addedAt: at,
          }
          await lectern.store.update((tx) => tx.putAttachment(attachment))
        } else if (op === 8) {
          // A deleted paper (as sync applies a deletion) leaves every set.
          await lectern.store.update((tx) => tx.putHead(tombstone(tx.head(id) as PaperHead, new Date())))
        } else if (op === 9) {
          // A later digest day: the paper's newest day, and so the order, changes.
          await lectern.store.update((tx) => {
            const paper = tx.paper(id) as Paper
            const day = {
              ...(paper.appearances[0] as Paper['appearances'][number]),
              date: '2031-01-0' + ((step % 9) + 1),
            }
            tx.putPaper(revise(paper, { appearances: [...paper.appearances, day] }, new Date()))
          })
        } else {
          // Lists are renamed (the second), deleted and restored.
          const listId = pick(listIds)
          const list = lectern.store.list(listId)
          if (!isLive(list)) await lectern.lists.restore(listId)
          else if (random() < 0.5 && listId === listIds[1])
            await lectern.lists.rename(listId, list.name === 'Later' ? 'Renamed' : 'Later')
          else await lectern.lists.remove(listId)
        }
        check(`step ${step} (op ${op})`)
      }
      await lectern.close()
    },
  )

  it('follow a commit too large to apply in its turn (an import): a query right after it sees all of it', async () => {
    const lectern = await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
    const [first, imported] = [generateLibrary(300, 8), generateLibrary(700, 9).slice(300)]
    await lectern.store.update((tx) => first.forEach((p) => tx.putPaper(p)))
    await lectern.search.start()
    const changed = imported.map((p, i) => ({ ...p, starred: i % 3 === 0, tags: i % 2 ? ['zz-new'] : [] }))
    const queries: Filters[] = [
      { is: ['starred'] },
      { tags: ['zz-new'] },
      { is: ['unread'], tags: ['zz-new'] },
    ]
    const answers = () => queries.map((f) => [...lectern.search.query(queryText(f), 'all').ids].sort())
    // 400 papers in one commit: queued and applied in slices after its turn, unless a query comes first.
    await lectern.store.update((tx) => changed.forEach((p) => tx.putPaper(p)))
    expect(answers()).toEqual(queries.map((f) => bruteForce(lectern, f)))
    expect(answers()[1]).toHaveLength(200)
    // And so are they when nothing asks until the slices are done.
    await lectern.store.update((tx) =>
      changed.forEach((p) => tx.putPaper({ ...p, starred: !p.starred, rev: 2 })),
    )
    await lectern.search.flush()
    expect(answers()).toEqual(queries.map((f) => bruteForce(lectern, f)))
    expect(answers()[0]).toEqual(expect.arrayContaining(changed.filter((p) => !p.starred).map((p) => p.id)))
    await lectern.close()
  })

  it('combine with words: the text matches within the filtered papers', async () => {
    const lectern = await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
    const papers = generateLibrary(400, 3)
    await lectern.store.update((tx) => papers.forEach((p) => tx.putPaper(p)))
    await lectern.search.start()
    for (const [words, filters] of [
      ['model ', { is: ['unread'] }],
      ['diffusion', { is: ['starred'] }],
      ['learning ', { tags: ['survey'], is: ['unread'] }],
    ] as [string, Filters][]) {
      const passing = new Set(bruteForce(lectern, filters))
      const text = lectern.search.query(words, 'all').hits.map((h) => h.id)
      const both = lectern.search.query(`${queryText(filters)} ${words}`, 'all').hits.map((h) => h.id)
      expect(both).toEqual(text.filter((id) => passing.has(id)))
      expect(both.length).toBeGreaterThan(0)
    }
    await lectern.close()
  })
})
