import { resolve } from 'node:path'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { Lectern, type LecternOptions } from '../../../src/main/core/lectern'
import { createClient } from '../../../src/shared/client'

export const SEED_DIGEST = resolve(import.meta.dirname, '../../fixtures/digests/2024-02-13.md')

/** A Lectern on a temp dir with the seed digest imported, and a client over the real dispatcher. */
export async function openSeeded(dataDir: string, options: Partial<LecternOptions> = {}) {
  const lectern = await Lectern.open({ dataDir, lock: { kind: 'cli' }, ...options })
  await lectern.digests.importPaths([SEED_DIGEST])
  const api = createClient(
    createDispatch(createHandlers(lectern, 'test'), (e) => {
      throw e
    }),
  )
  return { lectern, api }
}

/**
 * One machine of a sync test: a Lectern on `dataDir`, with the seed digest (the machine that has a
 * library) or empty (a fresh machine), and a client over the real dispatcher.
 */
export async function openMachine(dataDir: string, options: { seeded: boolean }) {
  if (options.seeded) return openSeeded(dataDir)
  const lectern = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
  const api = createClient(
    createDispatch(createHandlers(lectern, 'test'), (e) => {
      throw e
    }),
  )
  return { lectern, api }
}
