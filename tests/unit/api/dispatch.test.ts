import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { Lectern } from '../../../src/main/core/lectern'
import { createClient } from '../../../src/shared/client'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

async function setup() {
  const lectern = await Lectern.open({
    dataDir: await tempDir(),
    lock: { kind: 'cli' },
    now: () => new Date('2026-01-01T00:00:00Z'),
  })
  const internal: unknown[] = []
  const dispatch = createDispatch(createHandlers(lectern, '0.0.0'), (e) => internal.push(e))
  return { lectern, dispatch, internal, api: createClient(dispatch) }
}

describe('the contract dispatcher', () => {
  it('rejects an unknown channel', async () => {
    const { dispatch } = await setup()
    expect(await dispatch('constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
    expect(await dispatch('fs:read', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
  })

  it('rejects unknown keys and wrong types before any service runs', async () => {
    const { dispatch, lectern } = await setup()
    const reply = await dispatch('lists:create', { name: 'ok', admin: true })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(!reply.ok && reply.error.message).toContain('admin')
    expect(lectern.lists.all()).toEqual([])
    expect(await dispatch('lists:create', { name: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
  })

  it('passes service errors through with their code', async () => {
    const { api } = await setup()
    await api.call('lists:create', { name: 'To read' })
    await expect(api.call('lists:create', { name: ' to READ ' })).rejects.toMatchObject({ code: 'conflict' })
    await expect(api.call('lists:rename', { id: 'nope', name: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    })
  })

  it('creates, renames, deletes and restores a list with revisions', async () => {
    const { api, lectern } = await setup()
    const list = await api.call('lists:create', { name: '  To read ' })
    expect(list.name).toBe('To read')
    await api.call('lists:rename', { id: list.id, name: 'Later' })
    await api.call('lists:delete', { id: list.id })
    expect(await api.call('lists:list', {})).toEqual([])
    const stored = lectern.store.list(list.id)
    expect(stored).toMatchObject({ deleted: true, rev: 3, name: 'Later' })
    expect(await api.call('lists:restore', { id: list.id })).toMatchObject({ name: 'Later' })
    expect(lectern.store.list(list.id)?.deleted).toBeUndefined()
  })

  it('reports an unexpected failure as internal and tells the host', async () => {
    const { lectern, internal } = await setup()
    const handlers = createHandlers(lectern, '0')
    handlers['lists:list'] = () => {
      throw new TypeError('bad')
    }
    const reply = await createDispatch(handlers, (e) => internal.push(e))('lists:list', {})
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(internal).toHaveLength(1)
  })
})
