import { readFileSync } from 'node:fs'

/** Bytes of a digest fixture, exactly as committed. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/digests/${name}`, import.meta.url))
}

export function fixtureText(name: string): string {
  return fixtureBytes(name).toString('utf8')
}

// Hostile inputs are random yet the same on every run.
export { seededRandom } from '../../fixtures/seededRandom'
