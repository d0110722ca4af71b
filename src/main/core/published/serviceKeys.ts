import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LecternError } from '../../../shared/errors'
import { SECRET_FILE_MODE, SERVICE_KEYS_FILE } from '../store/accessModes'
import { serialize, writeFileDurably } from '../store/durableFile'

export type KeyedService = 'openalex' | 'semantic-scholar'

export interface ServiceKeyValues {
  openalex: string | null
  'semantic-scholar': string | null
}

/** Where each key in effect comes from; Settings shows this, never the key itself. */
export type KeySource = 'file' | 'environment' | 'none'

export { SERVICE_KEYS_FILE }
const FORMAT = 'lectern-service-keys'
const KEY_SHAPE = /^[\x21-\x7e]{1,512}$/

/**
 * The user's API keys for OpenAlex and Semantic Scholar. They are secrets: kept in their own file
 * (mode 0600 through every rewrite), not in library.json, so they are never in a backup bundle, a daily
 * snapshot, an export or a sync. `overrides` (from the environment) win over the file for this run.
 */
export class ServiceKeys {
  readonly path: string

  constructor(
    dataDir: string,
    private readonly overrides: Partial<ServiceKeyValues> = {},
  ) {
    this.path = join(dataDir, SERVICE_KEYS_FILE)
  }

  async get(): Promise<ServiceKeyValues> {
    const stored = await this.#read()
    return {
      openalex: this.overrides.openalex ?? stored.openalex,
      'semantic-scholar': this.overrides['semantic-scholar'] ?? stored['semantic-scholar'],
    }
  }

  async sources(): Promise<Record<KeyedService, KeySource>> {
    const stored = await this.#read()
    const source = (service: KeyedService): KeySource =>
      this.overrides[service] ? 'environment' : stored[service] ? 'file' : 'none'
    return { openalex: source('openalex'), 'semantic-scholar': source('semantic-scholar') }
  }

  /** Stores a key (null removes it). */
  async set(service: KeyedService, key: string | null): Promise<void> {
    const trimmed = key?.trim() || null
    if (trimmed !== null && !KEY_SHAPE.test(trimmed))
      throw new LecternError('invalid-input', 'An API key is up to 512 printable characters without spaces')
    const stored = await this.#read()
    const next = { ...stored, [service]: trimmed }
    await writeFileDurably(this.path, serialize({ format: FORMAT, version: 1, ...next }), {
      mode: SECRET_FILE_MODE,
    })
  }

  async #read(): Promise<ServiceKeyValues> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { openalex: null, 'semantic-scholar': null }
      throw new LecternError('io', `Cannot read ${this.path}: ${(error as Error).message}`)
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      throw new LecternError(
        'store-corrupt',
        `${this.path} is not valid JSON; enter the keys again in Settings`,
      )
    }
    const record = data as Record<string, unknown>
    const keyOf = (name: KeyedService) => {
      const value = record[name]
      if (value === null || value === undefined) return null
      if (typeof value !== 'string' || !KEY_SHAPE.test(value))
        throw new LecternError(
          'store-corrupt',
          `${this.path}: "${name}" is not an API key; enter it again in Settings`,
        )
      return value
    }
    if (typeof data !== 'object' || data === null || record.format !== FORMAT)
      throw new LecternError(
        'store-corrupt',
        `${this.path} is not a Lectern keys file; enter the keys again in Settings`,
      )
    return { openalex: keyOf('openalex'), 'semantic-scholar': keyOf('semantic-scholar') }
  }
}
