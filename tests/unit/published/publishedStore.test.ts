import { chmod, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { bundleOf } from '../../../src/main/core/store/bundle'
import { examineStore } from '../../../src/main/core/store/doctor'
import { SERVICE_KEYS_FILE } from '../../../src/main/core/published/serviceKeys'
import { shardOf } from '../../../src/main/core/store/schema'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const GOOD = '2402.07827'
const BAD = '2402.07456'

async function editHead(dir: string, id: string, change: (head: Record<string, unknown>) => void) {
  const file = join(dir, 'papers', `${shardOf(id)}.json`)
  const data = JSON.parse(await readFile(file, 'utf8'))
  change(data.papers[id])
  await writeFile(file, JSON.stringify(data))
}

const publishedAs = {
  doi: '10.5555/lectern.acl.2024.845',
  venue: 'ACL 2024',
  year: 2024,
  type: 'conference',
  source: 'openalex',
  confidence: 'identifier',
  url: 'https://doi.org/10.5555/lectern.acl.2024.845',
  checkedAt: '2026-12-01T10:00:00.000Z',
}

describe('publishedAs in the store', () => {
  it('a well-formed record is kept; a malformed one is quarantined on its own, every other paper works', async () => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.close()
    await editHead(dir, GOOD, (head) => void (head.publishedAs = publishedAs))
    // A link that is not http(s), where exports and the detail pane would put it.
    await editHead(
      dir,
      BAD,
      (head) => void (head.publishedAs = { ...publishedAs, url: 'javascript:alert(1)' }),
    )
    const reopened = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    try {
      expect(reopened.papers.get(GOOD).paper.publishedAs).toEqual(publishedAs)
      expect(reopened.store.quarantined.map((q) => [q.id, q.problem])).toEqual([
        [BAD, 'publishedAs.url: expected an http(s) URL, found string "javascript:alert(1)"'],
      ])
      expect(reopened.papers.count()).toBe(15)
    } finally {
      await reopened.close()
    }
  })

  it.each([
    ['type', 'book', /publishedAs\.type/],
    ['doi', 'not a doi', /publishedAs\.doi/],
    ['confidence', 'certain', /publishedAs\.confidence/],
    ['venue', '', /publishedAs\.venue/],
  ])('a publishedAs whose %s is %j is quarantined', async (field, value, problem) => {
    const dir = await tempDir()
    const { lectern } = await openSeeded(dir)
    await lectern.close()
    await editHead(dir, BAD, (head) => void (head.publishedAs = { ...publishedAs, [field]: value }))
    const reopened = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
    try {
      expect(reopened.store.quarantined.map((q) => q.problem)).toEqual([expect.stringMatching(problem)])
    } finally {
      await reopened.close()
    }
  })
})

describe('API keys are secrets', () => {
  it('kept in their own 0600 file, never in library.json, a backup bundle or an export', async () => {
    const dir = await tempDir()
    const { lectern, api } = await openSeeded(dir)
    try {
      expect(await api.call('settings:keys', {})).toEqual({ openalex: 'none', 'semantic-scholar': 'none' })
      expect(await api.call('settings:setKey', { service: 'openalex', key: 'oa-secret-123' })).toEqual({
        openalex: 'file',
        'semantic-scholar': 'none',
      })
      await api.call('settings:setKey', { service: 'semantic-scholar', key: 's2-secret-456' })
      await api.call('settings:update', { autoCheckPublished: true })
      expect(await lectern.serviceKeys.get()).toEqual({
        openalex: 'oa-secret-123',
        'semantic-scholar': 's2-secret-456',
      })
      if (process.platform !== 'win32')
        expect((await stat(join(dir, SERVICE_KEYS_FILE))).mode & 0o777).toBe(0o600)
      const bundle = JSON.stringify(await bundleOf(lectern.store, new Date()))
      const library = await readFile(join(dir, 'library.json'), 'utf8')
      const exported = await api.call('export:papers', { format: 'csl-json' })
      for (const text of [
        bundle,
        library,
        exported.text,
        JSON.stringify(await api.call('settings:get', {})),
      ]) {
        expect(text).not.toContain('oa-secret-123')
        expect(text).not.toContain('s2-secret-456')
      }
      // Doctor says so when the keys file is open to others.
      if (process.platform !== 'win32') {
        await chmod(join(dir, SERVICE_KEYS_FILE), 0o644)
        const findings = (await examineStore(dir)).findings.filter(
          (f) => f.file === join(dir, SERVICE_KEYS_FILE),
        )
        expect(findings).toEqual([
          expect.objectContaining({ message: expect.stringContaining('API keys file') }),
        ])
      }
      await api.call('settings:setKey', { service: 'openalex', key: null })
      if (process.platform !== 'win32')
        expect((await stat(join(dir, SERVICE_KEYS_FILE))).mode & 0o777).toBe(0o600)
      expect((await lectern.serviceKeys.get()).openalex).toBeNull()
    } finally {
      await lectern.close()
    }
  })
})
