import { parse as parseBibtex } from '@retorquere/bibtex-parser'
import { describe, expect, it } from 'vitest'
import { openSeeded, SEED_DIGEST } from '../support/openLectern'
import { lectern as cli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const SHOWN = ['2402.07827', '2402.07872', '2402.06859']

describe('export and citation of what the UI shows', () => {
  it('export:papers writes exactly the given ids, counted, in a file named for what they are', async () => {
    const { lectern, api } = await openSeeded(await tempDir())
    const shown = await api.call('export:papers', { ids: SHOWN, label: 'search', format: 'bibtex' })
    expect(shown.count).toBe(3)
    expect(shown.filename).toBe('search.bib')
    const eprints = parseBibtex(shown.text, { english: false }).entries.map((e) => e.fields.eprint)
    expect(eprints).toEqual(SHOWN)
    const one = await api.call('export:papers', { ids: ['2402.07872'], format: 'ris' })
    expect([one.count, one.filename]).toEqual([1, 'selection.ris'])
    expect(one.text.match(/^TY {2}-/gm)).toHaveLength(1)
    const day = await api.call('export:papers', {
      ids: SHOWN,
      label: '2024-02-13 digest',
      format: 'csl-json',
    })
    expect(day.filename).toBe('2024-02-13-digest.json')
    const all = await api.call('export:papers', { format: 'bibtex' })
    expect([all.count, all.filename]).toEqual([16, 'library.bib'])
    await lectern.close()
  })

  it('export:cite formats the given ids only and says how many', async () => {
    const { lectern, api } = await openSeeded(await tempDir())
    const cited = await api.call('export:cite', { ids: ['2402.07827'], style: 'apa' })
    expect(cited.count).toBe(1)
    expect(cited.text.trim().split('\n')).toHaveLength(1)
    expect(cited.text).toContain('Aya Model')
    const all = await api.call('export:cite', { style: 'vancouver' })
    expect(all.count).toBe(16)
    await expect(api.call('export:cite', { ids: ['9999.99999'], style: 'apa' })).rejects.toMatchObject({
      code: 'not-found',
    })
    await lectern.close()
  })

  it('lectern export takes paper ids', { timeout: 120_000 }, async () => {
    const data = await tempDir()
    expect((await cli('import', SEED_DIGEST, '--data', data)).code).toBe(0)
    const result = await cli('export', '--format', 'bibtex', ...SHOWN.slice(0, 2), '--data', data)
    expect(result.code).toBe(0)
    const eprints = parseBibtex(result.stdout, { english: false }).entries.map((e) => e.fields.eprint)
    expect(eprints).toEqual(SHOWN.slice(0, 2))
  })
})
