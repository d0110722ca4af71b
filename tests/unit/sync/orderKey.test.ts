import { describe, expect, it } from 'vitest'
import { assignOrderKeys, isOrderKey, keyBetween, keysBetween } from '../../../src/main/core/sync/orderKey'

describe('order keys', () => {
  it('puts a key strictly between any two, and at either end', () => {
    const keys = [keyBetween(null, null)]
    // Insert repeatedly at the front, the back and between neighbours.
    for (let i = 0; i < 300; i++) {
      const at = i % 3 === 0 ? 0 : i % 3 === 1 ? keys.length : Math.floor(keys.length / 2)
      keys.splice(at, 0, keyBetween(keys[at - 1] ?? null, keys[at] ?? null))
    }
    expect([...keys].sort()).toEqual(keys)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.every(isOrderKey)).toBe(true)
  })

  it('spreads many keys so that they stay short', () => {
    const keys = keysBetween(null, null, 10_000)
    expect([...keys].sort()).toEqual(keys)
    expect(new Set(keys).size).toBe(10_000)
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(4)
  })

  it('refuses keys out of order', () => {
    expect(() => keyBetween('b', 'a')).toThrow(/out of order/)
  })

  it('keeps the keys of papers that did not move and gives new ones to those that did', () => {
    const existing = new Map([
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
      ['d', 'D'],
    ])
    // d moved to the front, e is new between b and c.
    const keys = assignOrderKeys(['d', 'a', 'b', 'e', 'c'], existing)
    expect(keys.get('a')).toBe('A')
    expect(keys.get('b')).toBe('B')
    expect(keys.get('c')).toBe('C')
    expect(keys.get('d')).not.toBe('D')
    const ordered = ['d', 'a', 'b', 'e', 'c'].map((id) => keys.get(id) as string)
    expect([...ordered].sort()).toEqual(ordered)
  })
})
