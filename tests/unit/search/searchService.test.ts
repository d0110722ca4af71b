import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

const AYA = '2402.07827'
const COPILOT = '2402.07456'
const ids = (lectern: Lectern, query: string) => lectern.search.query(query).hits.map((h) => h.id)

describe('the library search service', () => {
  it('indexes the papers’ texts (read from texts/), keeps up with commits, and persists the index', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.search.start()
    // Words that occur only in the digests' Korean summaries, which live in the text shards.
    expect(lectern.search.query('BLOOMZ').indexReady).toBe(true)
    expect(ids(lectern, 'BLOOMZ')).toEqual([AYA])
    expect(ids(lectern, 'FRIDAY')).toEqual([COPILOT])

    // A note save re-indexes the paper: the note is found, and so is its summary still.
    await lectern.notes.save(COPILOT, 'Compare with a zettelkasten workflow.')
    expect(ids(lectern, 'zettelkasten')).toEqual([COPILOT])
    expect(ids(lectern, 'FRIDAY zettelkasten')).toEqual([COPILOT])
    await lectern.close()
    const saved = (await stat(join(dir, 'search-index.json'))).mtimeMs

    // The next start loads the saved index, which already knows the note, instead of rebuilding it.
    const again = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    await again.search.start()
    expect(ids(again, 'zettelkasten')).toEqual([COPILOT])
    await again.close()
    expect((await stat(join(dir, 'search-index.json'))).mtimeMs).toBe(saved)
  })

  it('rebuilds an index that no longer matches the library', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.search.start()
    await lectern.close()

    // Changed by a process that never started search (a one-shot CLI command, say).
    const cli = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    await cli.notes.save(AYA, 'multilingual instruction tuning, see marginalia')
    await cli.close()

    const app = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    await app.search.start()
    expect(ids(app, 'marginalia')).toEqual([AYA])
    expect(ids(app, 'BLOOMZ')).toEqual([AYA])
    await app.close()
  })
})
