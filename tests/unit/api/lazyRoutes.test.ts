import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { api, route } from '../../../src/shared/api'

describe('route schemas', () => {
  it('are built on first use, once', () => {
    const build = vi.fn(() => z.strictObject({ id: z.string() }))
    const declared = route(build).returns<{ ok: true }>()
    expect(build).not.toHaveBeenCalled()
    const first = declared.input
    expect(declared.input).toBe(first)
    expect(build).toHaveBeenCalledTimes(1)
    expect(first.safeParse({ id: 'x' }).success).toBe(true)
  })

  it('of the contract are not built when it is loaded: each is made by a getter when asked for', () => {
    for (const declared of Object.values(api)) {
      const input = Object.getOwnPropertyDescriptor(declared, 'input')
      expect(input?.get).toBeTypeOf('function')
      expect(input && 'value' in input).toBe(false)
    }
    expect(api['papers:get'].input.safeParse({ id: '2402.07827' }).success).toBe(true)
    expect(api['papers:get'].input.safeParse({ id: '2402.07827', extra: 1 }).success).toBe(false)
  })
})
