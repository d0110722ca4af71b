import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportReport } from '../../../src/shared/api'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { DigestWatcher } from '../../../src/main/core/digests/digestWatcher'
import { createClient } from '../../../src/shared/client'
import type { LecternEvent } from '../../../src/shared/api'
import { Lectern } from '../../../src/main/core/lectern'
import { generateDigest } from '../../fixtures/digests/generateDigest'
import { SEED_DIGEST } from '../support/openLectern'
import { fixtureText } from './fixtures'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

async function open() {
  return Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })
}

describe('importing digests into the library', () => {
  it('merges a paper seen on several days, keeping each day, and reports per file', async () => {
    const lectern = await open()
    const day1 = generateDigest('2024-03-01', 5, 1)
    const day2 = day1.replace('2024-03-01', '2024-03-02').replace(/Vote: \d+/, 'Vote: 99')
    const first = await lectern.digests.importTexts([{ name: 'a.md', text: day1 }])
    const second = await lectern.digests.importTexts([{ name: 'b.md', text: day2 }])
    expect([first.added, second.added, second.updated]).toEqual([5, 0, 5])
    const [paper] = lectern.papers.list({})
    const stored = lectern.store.paper(paper!.id)!
    expect(stored.appearances.map((a) => a.date)).toEqual(['2024-03-01', '2024-03-02'])
    expect(lectern.digests.days()).toEqual([
      { date: '2024-03-02', count: 5 },
      { date: '2024-03-01', count: 5 },
    ])
    await lectern.close()
  })

  it('walks folders for .md files, names missing paths, and skips a file that is not a digest', async () => {
    const lectern = await open()
    const folder = await tempDir()
    await mkdir(join(folder, 'feb'), { recursive: true })
    await copyFile(SEED_DIGEST, join(folder, 'feb', '2024-02-13.md'))
    await writeFile(join(folder, 'feb', 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))
    await writeFile(join(folder, 'binary.md'), Buffer.from([0, 1, 2, 3, 255, 254]))
    const report = await lectern.digests.importPaths([folder, join(folder, 'nope.md')])
    expect(report.added).toBe(16)
    expect(report.files.map((f) => f.file.split('/').pop())).toEqual([
      'nope.md',
      'binary.md',
      '2024-02-13.md',
    ])
    expect(report.files[0]?.skipped[0]).toContain('no such file or folder')
    expect(report.files[1]?.skipped[0]).toMatch(/binary\.md:1: not a text file/)
    await lectern.close()
  })

  it('a cut-off last paper is not stored; a later complete copy of the day adds it', async () => {
    const lectern = await open()
    const cut = fixtureText('truncated.md') // stops inside `Authors: Dan Evans, Eve Fis`
    const first = await lectern.digests.importTexts([{ name: 'day.md', text: cut }])
    expect([first.added, first.skipped]).toEqual([2, 1])
    expect(first.files[0]!.skipped).toEqual([
      'day.md:24: file ends inside paper "The Paper That Was Cut" (its last line is unfinished); ' +
        'paper skipped: a complete copy of this day adds it',
    ])
    expect(lectern.store.paper('2403.04003')).toBeUndefined()
    expect([...lectern.store.allHeads()].filter((p) => p.authors.length === 0)).toEqual([])
    const whole = `${cut}h\n\n- The third paper is whole.\n`
    const second = await lectern.digests.importTexts([{ name: 'day.md', text: whole }])
    expect([second.added, second.updated, second.unchanged, second.skipped]).toEqual([1, 0, 2, 0])
    expect(lectern.store.paper('2403.04003')!.appearances).toEqual([
      {
        date: '2024-03-05',
        position: 2,
        votes: 4,
        title: 'The Paper That Was Cut',
        authors: ['Dan Evans', 'Eve Fish'],
        authorsElided: false,
        summary: ['The third paper is whole.'],
        media: {
          kind: 'image',
          url: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2403.04003.png',
        },
      },
    ])
    // The cut copy imported again afterwards takes nothing away.
    const again = await lectern.digests.importTexts([{ name: 'day.md', text: cut }])
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 2])
    expect(lectern.store.paper('2403.04003')!.authors).toEqual(['Dan Evans', 'Eve Fish'])
    await lectern.close()
  })

  it('a cancelled import leaves the library as it was', async () => {
    const lectern = await open()
    const controller = new AbortController()
    const files = Array.from({ length: 20 }, (_, i) => ({
      name: `${i}.md`,
      text: generateDigest(`2024-01-${String(i + 1).padStart(2, '0')}`, 3, i, { startIndex: i * 3 }),
    }))
    const run = lectern.digests.importTexts(files, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 10) controller.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
    expect(lectern.papers.count()).toBe(0)
    await lectern.close()
  })
})

describe('the watched folder', () => {
  it('imports what is there on start and new digests as they appear, once each', async () => {
    const lectern = await open()
    const folder = await tempDir()
    await copyFile(SEED_DIGEST, join(folder, '2024-02-13.md'))
    const reports: ImportReport[] = []
    const watcher = new DigestWatcher({
      importer: lectern.digests,
      onImported: (r) => reports.push(r),
      onError: (m) =>
        reports.push({ files: [], added: -1, updated: 0, unchanged: 0, skipped: 0, error: m } as never),
      debounceMs: 100,
    })
    await watcher.watch(folder)
    expect(reports.map((r) => r.added)).toEqual([16])
    await writeFile(join(folder, '2024-03-01.md'), generateDigest('2024-03-01', 4, 5, { startIndex: 500 }))
    await waitFor(() => reports.length === 2)
    expect(reports[1]?.added).toBe(4)
    expect(lectern.digests.days().map((d) => d.date)).toEqual(['2024-03-01', '2024-02-13'])
    watcher.stop()
    await lectern.close()
  })
})

describe('the watched folder log', () => {
  it('reports a binary file, a non-Markdown file and a truncated digest; a re-read digest is not news', async () => {
    const lectern = await open()
    const folder = await tempDir()
    await copyFile(SEED_DIGEST, join(folder, '2024-02-13.md'))
    const reports: ImportReport[] = []
    const watcher = new DigestWatcher({
      importer: lectern.digests,
      onImported: (r) => reports.push(r),
      onError: (m) => {
        throw new Error(m)
      },
      now: () => new Date('2024-03-01T08:00:00Z'),
      debounceMs: 100,
    })
    await watcher.watch(folder)
    expect(watcher.log().map((e) => [e.at, e.report.added.length])).toEqual([
      ['2024-03-01T08:00:00.000Z', 16],
    ])

    await writeFile(join(folder, 'scan.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]))
    await waitFor(() => reports.length === 2)
    expect(reports[1]).toMatchObject({ added: 0, skipped: 1 })
    expect(watcher.log()[0]?.report.skipped).toEqual([
      `${join(folder, 'scan.pdf')}: not a digest: only Markdown (.md) files are imported`,
    ])

    await writeFile(join(folder, 'notes.md'), Buffer.from([0x23, 0x20, 0x41, 0x0a, 0, 0, 0xff]))
    await waitFor(() => reports.length === 3)
    expect(watcher.log()[0]?.report.skipped).toEqual([
      `${join(folder, 'notes.md')}:2: not a text file: binary data (NUL byte at offset 4)`,
    ])

    const whole = generateDigest('2024-03-02', 3, 7, { startIndex: 900 })
    const truncated = whole.slice(0, whole.lastIndexOf('### ') + 12)
    await writeFile(join(folder, '2024-03-02.md'), truncated)
    await waitFor(() => reports.length === 4)
    const [latest] = watcher.log()
    expect(latest?.report.added.length).toBeGreaterThan(0)
    expect(latest?.report.skipped.length).toBeGreaterThan(0)
    expect(latest?.report.skipped[0]).toMatch(/2024-03-02\.md:\d+: /)

    // The seed digest again (unchanged) and a browser's partial download: no news, no log lines.
    await copyFile(SEED_DIGEST, join(folder, '2024-02-13.md'))
    await writeFile(join(folder, 'next.md.crdownload'), 'half')
    await new Promise((r) => setTimeout(r, 1000))
    expect(reports).toHaveLength(4)
    expect(watcher.log()).toHaveLength(4)
    watcher.stop()
    await lectern.close()
  })
})

describe('a file that is not a digest', () => {
  it('says why nothing was added; an empty day’s digest is not a problem', async () => {
    const lectern = await open()
    const report = await lectern.digests.importTexts([
      { name: 'notes.md', text: '# My notes\n\nSome thoughts about diffusion models.\n' },
      { name: 'empty.md', text: '## Daily Papers (2024-03-02)\n' },
    ])
    expect(report.files.map((f) => f.skipped)).toEqual([
      ['notes.md: not a Daily Papers digest: no "## Daily Papers (YYYY-MM-DD)" heading and no papers'],
      [],
    ])
    await lectern.close()
  })
})

describe('digests:watchLog', () => {
  it('serves the running app’s watched-folder log, and import:finished says when it grew', async () => {
    const lectern = await open()
    const api = createClient(
      createDispatch(createHandlers(lectern, 'test'), (e) => {
        throw e
      }),
    )
    expect(await api.call('digests:watchLog', {})).toEqual({ folder: null, entries: [] })
    const folder = await tempDir()
    await api.call('settings:update', { autoFetchMetadata: false, watchFolder: folder })
    const events: LecternEvent[] = []
    lectern.events.subscribe((e) => events.push(e))
    lectern.startBackgroundWork((message) => {
      throw new Error(message)
    })
    await writeFile(join(folder, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))
    await waitFor(() => events.some((e) => e.name === 'import:finished'))
    const log = await api.call('digests:watchLog', {})
    expect(log.folder).toBe(folder)
    expect(log.entries.map((e) => e.report.skipped)).toEqual([
      [`${join(folder, 'photo.png')}: not a digest: only Markdown (.md) files are imported`],
    ])
    await lectern.close()
  })
})

async function waitFor(condition: () => boolean): Promise<void> {
  const end = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}
