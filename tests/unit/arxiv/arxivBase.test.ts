import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { arxivBaseChoice } from '../../../src/main/core/arxiv/arxivBase'
import { Lectern, type LecternOptions } from '../../../src/main/core/lectern'
import { createClient } from '../../../src/shared/client'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('arxivBaseChoice', () => {
  it('takes the flag over the environment and says which chose', () => {
    expect(arxivBaseChoice('http://127.0.0.1:9/', { LECTERN_ARXIV_BASE: 'http://env.test' })).toEqual({
      url: 'http://127.0.0.1:9',
      source: 'flag',
    })
    expect(arxivBaseChoice(undefined, { LECTERN_ARXIV_BASE: 'http://env.test' })).toEqual({
      url: 'http://env.test',
      source: 'environment',
    })
    expect(arxivBaseChoice(undefined, {})).toBeUndefined()
    expect(() => arxivBaseChoice('ftp://x', {})).toThrow(/http\(s\)/)
  })
})

describe('app:info tells the arXiv address in effect and where it comes from', () => {
  async function open(options: Partial<LecternOptions> = {}) {
    const lectern = await Lectern.open({ dataDir: await tempDir(), lock: { kind: 'cli' }, ...options })
    const api = createClient(
      createDispatch(createHandlers(lectern, 'test'), (e) => {
        throw e
      }),
    )
    return { lectern, api }
  }

  it('the default, then the setting', async () => {
    const { lectern, api } = await open()
    expect((await api.call('app:info', {})).arxivBase).toEqual({
      url: 'https://export.arxiv.org',
      source: 'default',
    })
    await api.call('settings:update', { arxivBaseUrl: 'https://mirror.example/arxiv' })
    expect((await api.call('app:info', {})).arxivBase).toEqual({
      url: 'https://mirror.example/arxiv',
      source: 'setting',
    })
    await lectern.close()
  })

  it('the run’s --arxiv-base or LECTERN_ARXIV_BASE over the setting, which stays as it was', async () => {
    const { lectern, api } = await open({
      arxivBaseUrl: 'http://127.0.0.1:4321',
      arxivBaseSource: 'environment',
    })
    await api.call('settings:update', { arxivBaseUrl: 'https://mirror.example/arxiv' })
    expect((await api.call('app:info', {})).arxivBase).toEqual({
      url: 'http://127.0.0.1:4321',
      source: 'environment',
    })
    expect((await api.call('settings:get', {})).arxivBaseUrl).toBe('https://mirror.example/arxiv')
    await lectern.close()

    const flagged = await open({ arxivBaseUrl: 'http://127.0.0.1:4322' })
    expect((await flagged.api.call('app:info', {})).arxivBase.source).toBe('flag')
    await flagged.lectern.close()
  })
})
