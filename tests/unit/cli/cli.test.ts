import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportReport } from '../../../src/shared/api'
import { SEED_DIGEST } from '../support/openLectern'
import { lectern } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

// Each CLI run is a fresh process (tsx start-up included): generous timeouts for loaded machines.
describe('lectern CLI', { timeout: 120_000 }, () => {
  it('imports the seed digest: 16 added with titles, ids, votes and authors; again: 16 unchanged', async () => {
    const data = await tempDir()
    const first = await lectern('import', SEED_DIGEST, '--json', '--data', data)
    expect(first.code).toBe(0)
    const report = JSON.parse(first.stdout) as ImportReport
    expect([report.added, report.updated, report.unchanged]).toEqual([16, 0, 0])
    const added = report.files[0]!.added
    expect(added[0]).toMatchObject({
      id: '2402.07827',
      votes: 21,
      title: 'Aya Model: An Instruction Finetuned Open-Access Multilingual Language Model',
    })
    expect(added[0]!.authors.slice(0, 2)).toEqual(['Wei-Yin Ko', 'Shivalika Singh'])
    const pivot = added.find((p) => p.id === '2402.07872')!
    expect(pivot).toMatchObject({ votes: 9, authorsElided: true })
    expect(pivot.authors).not.toContain('+')
    expect(pivot.authors).toHaveLength(22)
    const again = JSON.parse(
      (await lectern('import', SEED_DIGEST, '--json', '--data', data)).stdout,
    ) as ImportReport
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 16])
  })

  it('adds and lists reading lists, in text and JSON', async () => {
    const data = await tempDir()
    expect((await lectern('lists', 'add', 'To', 'read', '--data', data)).stdout).toContain(
      'Created list "To read"',
    )
    const json = await lectern('lists', '--json', '--data', data)
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject([{ name: 'To read', count: 0 }])
    const papers = await lectern('papers', '--json', '--data', data)
    expect(JSON.parse(papers.stdout)).toEqual([])
  })

  it('refuses a duplicate list on stderr with a non-zero exit', async () => {
    const data = await tempDir()
    await lectern('lists', 'add', 'To read', '--data', data)
    const again = await lectern('lists', 'add', 'To read', '--data', data)
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain('already exists')
    expect(again.stdout).toBe('')
  })

  it('doctor names a broken store file, exits non-zero and leaves the file untouched', async () => {
    const data = await tempDir()
    await lectern('lists', 'add', 'To read', '--data', data)
    expect((await lectern('doctor', '--json', '--data', data)).code).toBe(0)
    await writeFile(join(data, 'library.json'), '{"broken')
    const result = await lectern('doctor', '--json', '--data', data)
    expect(result.code).not.toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.ok).toBe(false)
    expect(report.findings[0].file).toBe(join(data, 'library.json'))
    expect(result.stderr).toContain(join(data, 'library.json'))
    expect(await readFile(join(data, 'library.json'), 'utf8')).toBe('{"broken')
  })

  it('a command that only reads takes no backup snapshot; one that writes does', async () => {
    const data = await tempDir()
    expect((await lectern('import', SEED_DIGEST, '--data', data)).code).toBe(0)
    const backups = join(data, 'backups')
    await rm(backups, { recursive: true, force: true })
    const papers = await lectern('papers', '--json', '--data', data)
    expect(papers.code).toBe(0)
    expect(JSON.parse(papers.stdout)).toHaveLength(16)
    await expect(stat(backups)).rejects.toMatchObject({ code: 'ENOENT' })
    expect((await lectern('note', '2402.07827', '--set', 'Read it', '--data', data)).code).toBe(0)
    expect((await stat(join(backups, 'last-good'))).isDirectory()).toBe(true)
  })

  it('fails clearly on an unknown command', async () => {
    const unknown = await lectern('frobnicate')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command "frobnicate"')
  })

  it(
    'backs up the whole library to one file and restores it, refusing to overwrite without --force',
    { timeout: 240_000 },
    async () => {
      const from = await tempDir()
      const to = await tempDir()
      const bundle = join(await tempDir(), 'library.json')
      await lectern('import', SEED_DIGEST, '--data', from)
      await lectern('lists', 'add', 'Keep', '--data', from)
      await lectern('note', '2402.07827', '--set', 'a note', '--data', from)
      expect((await lectern('backup', bundle, '--data', from)).code).toBe(0)

      expect((await lectern('restore', bundle, '--data', to)).code).toBe(0)
      expect((await lectern('note', '2402.07827', '--data', to)).stdout).toBe('a note\n')
      expect(JSON.parse((await lectern('papers', '--json', '--data', to)).stdout)).toHaveLength(16)

      await lectern('lists', 'add', 'Local only', '--data', to)
      const refused = await lectern('restore', bundle, '--data', to)
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toContain('--force')
      expect(
        JSON.parse((await lectern('lists', '--json', '--data', to)).stdout).map(
          (l: { name: string }) => l.name,
        ),
      ).toEqual(['Keep', 'Local only'])

      const forced = await lectern('restore', bundle, '--force', '--json', '--data', to)
      expect(forced.code).toBe(0)
      const { setAside } = JSON.parse(forced.stdout) as { setAside: string }
      expect(
        JSON.parse((await lectern('lists', '--json', '--data', to)).stdout).map(
          (l: { name: string }) => l.name,
        ),
      ).toEqual(['Keep'])
      // The replaced library is kept, not deleted.
      expect(await readFile(join(setAside, 'library.json'), 'utf8')).toContain('Local only')

      await writeFile(bundle, '{"format":"something-else"}')
      const bad = await lectern('restore', bundle, '--force', '--data', to)
      expect(bad.code).not.toBe(0)
      expect(bad.stderr).toContain('not a Lectern backup')
    },
  )
})
