import { readFileSync } from 'node:fs'

/** Bytes of a digest fixture, exactly as committed. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/digests/${name}`, import.meta.url))
}

export function fixtureText(name: string): string {
  return fixtureBytes(name).toString('utf8')
}

// mulberry32, for hostile inputs that are random yet the same on every run.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
