import type * as NodeCrypto from 'node:crypto'
import { createRequire } from 'node:module'

/**
 * node:crypto, loaded at its first use rather than with the module graph: its thirty-odd modules were
 * a good part of the start-up of `lectern papers`, which uses none of it (issue #16). Synchronous, as
 * the callers are.
 */
const require = createRequire(import.meta.url)
let loaded: typeof NodeCrypto | undefined

function nodeCrypto(): typeof NodeCrypto {
  return (loaded ??= require('node:crypto') as typeof NodeCrypto)
}

/** The SHA-256 of `data`, in hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(data).digest('hex')
}

/** A random UUID (v4). */
export function randomUUID(): string {
  return nodeCrypto().randomUUID()
}
