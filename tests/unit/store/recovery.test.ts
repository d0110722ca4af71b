import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { examineStore } from '../../../src/main/core/store/doctor'
import { shardOf, textShardOf } from '../../../src/main/core/store/schema'
import { lectern as cli } from '../support/runCli'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** A library that has been opened and closed once cleanly, so its last-good backups exist. */
async function libraryWithBackups() {
  const dir = await tempDir()
  const { lectern, api } = await openSeeded(dir)
  await api.call('lists:create', { name: 'Keep me' })
  await api.call('notes:save', { paperId: '2402.07827', text: 'precious' })
  await lectern.close()
  // A second clean open makes the files just written the last good ones.
  await (await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })).close()
  return dir
}

const PAPER = '2402.07827'
/** A note shard (read at open) and a text shard (read on demand, checked at open). */
const DAMAGED = [
  ['notes', (dir: string) => join(dir, 'notes', `${shardOf(PAPER)}.json`)],
  ['texts', (dir: string) => join(dir, 'texts', `${textShardOf(PAPER)}.json`)],
] as const

describe('a damaged store file', () => {
  for (const [folder, fileIn] of DAMAGED)
    for (const [what, damage] of [
      ['garbage', () => 'this is not JSON at all \u0000\u0001'],
      ['a truncated copy', (text: string) => text.slice(0, Math.floor(text.length / 2))],
      [
        'valid JSON of the wrong shape',
        () => JSON.stringify({ format: `lectern-${folder}`, version: 2, notes: [], texts: [] }),
      ],
    ] as const) {
      it(`(${folder}) replaced by ${what} is quarantined and restored from its last good backup`, async () => {
        const dir = await libraryWithBackups()
        const file = fileIn(dir)
        const summary = (lectern: Lectern) => lectern.papers.get(PAPER).paper.appearances[0]?.summary
        const before = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
        const shownBefore = summary(before)
        await before.close()
        expect(shownBefore?.length).toBeGreaterThan(0)
        const bad = damage(await readFile(file, 'utf8'))
        await writeFile(file, bad)

        const doctor = await examineStore(dir)
        expect(doctor.findings).toEqual([expect.objectContaining({ severity: 'error', file })])

        const reopened = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
        expect(reopened.notes.get(PAPER)).toBe('precious')
        expect(summary(reopened)).toEqual(shownBefore)
        expect(reopened.lists.all().map((l) => l.name)).toEqual(['Keep me'])
        const [recovery] = reopened.store.recovered
        expect(recovery?.file).toBe(file)
        expect(recovery?.problem).toContain(file)
        // The bad bytes are kept, not deleted.
        expect(await readFile(recovery!.quarantinedTo, 'utf8')).toBe(bad)
        expect((await readdir(join(dir, 'quarantine'))).length).toBe(1)
        await reopened.close()
      })
    }

  it('from a newer Lectern is refused by the app and doctor alike, and left untouched', async () => {
    const dir = await libraryWithBackups()
    const file = join(dir, 'library.json')
    const future = JSON.stringify({
      format: 'lectern-library',
      version: 7,
      settings: {},
      lists: {},
      teleport: true,
    })
    await writeFile(file, future)
    await expect(Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })).rejects.toMatchObject({
      code: 'store-future-version',
    })
    const doctor = await cli('doctor', '--data', dir)
    expect(doctor.code).toBe(1)
    expect(doctor.stdout).toContain('written by a newer Lectern (schema 7')
    expect(await readFile(file, 'utf8')).toBe(future)
    expect(await readdir(dir)).not.toContain('quarantine')
  })

  it('without any backup stops the open with a message naming the file, which stays as it was', async () => {
    const dir = await tempDir()
    await (await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })).close()
    await writeFile(join(dir, 'papers', '00.json'), '{"broken')
    const error = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } }).catch((e: Error) => e)
    expect((error as Error).message).toContain(join(dir, 'papers', '00.json'))
    expect((error as Error).message).toContain('no good backup')
    expect(await readFile(join(dir, 'papers', '00.json'), 'utf8')).toBe('{"broken')
    // A failed open does not keep the lock.
    await (await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' } })).close()
    await writeFile(
      join(dir, 'papers', '00.json'),
      JSON.stringify({ format: 'lectern-papers', version: 1, papers: {}, attachments: {} }),
    )
    await (await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })).close()
  })
})
