import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { QuarantinedRecord } from '../../../shared/api'
import type { Backups } from './backups'
import { sha256Hex } from '../lazyCrypto'
import { recordProblem, type RejectedRecord } from './recordChecks'
import { CURRENT_VERSION } from './schema'

export type { QuarantinedRecord }

/**
 * Takes care of records that failed their check: each is written to `quarantine/records/` (with the
 * file, its id and why), and its last good version is put back from the file's last-good backup when
 * that one passes. Synchronous, because texts shards are read synchronously; it runs only when a bad
 * record is found. The same bad record read again (a texts shard is read on demand, and keeps it until
 * its next write) is reported once, and its quarantine file is named by its content, so never doubled.
 */
export class RecordQuarantine {
  /** Every record taken out since the store opened, for `app:info` and the CLI. */
  readonly found: QuarantinedRecord[] = []
  private readonly seen = new Set<string>()

  constructor(
    private readonly dataDir: string,
    private readonly backups: Backups,
    private readonly options: { now: () => Date; readOnly: boolean },
  ) {}

  /**
   * Handles the records `rejected` from `data` (the file at `path`, as parsed and checked): puts back
   * good versions from the backup into `data`, and writes the bad ones aside and reports them once.
   */
  handle(path: string, kind: string, data: Record<string, unknown>, rejected: RejectedRecord[]): void {
    if (rejected.length === 0) return
    const backup = this.backupOf(path)
    for (const bad of rejected) {
      const good = backup && findRecord(backup.data, bad)
      const usable = good !== undefined && recordProblem(kind, bad.collection, bad.id, good) === null
      if (usable) putRecord(data, bad, good)
      const key = `${path}\u0000${bad.collection}\u0000${bad.id}`
      if (this.seen.has(key)) continue
      this.seen.add(key)
      this.found.push({
        file: path,
        collection: bad.collection,
        id: bad.id,
        problem: bad.problem,
        quarantinedTo: this.options.readOnly
          ? null
          : writeRecordAside(this.dataDir, path, bad, this.options.now()),
        restoredFrom: usable && backup ? backup.path : null,
      })
    }
  }

  private backupOf(path: string): { path: string; data: Record<string, unknown> } | null {
    const backup = this.backups.lastGoodOf(path)
    try {
      const data: unknown = JSON.parse(readFileSync(backup, 'utf8'))
      // Records are put back only from a backup of this schema (an older one holds them in another shape).
      return typeof data === 'object' &&
        data !== null &&
        (data as { version?: unknown }).version === CURRENT_VERSION
        ? { path: backup, data: data as Record<string, unknown> }
        : null
    } catch {
      return null // no backup, or one that does not parse: there is nothing to put back
    }
  }
}

function findRecord(file: Record<string, unknown>, bad: RejectedRecord): unknown {
  const map = file[bad.collection]
  return typeof map === 'object' && map !== null ? (map as Record<string, unknown>)[bad.id] : undefined
}

function putRecord(file: Record<string, unknown>, bad: RejectedRecord, good: unknown): void {
  ;(file[bad.collection] as Record<string, unknown>)[bad.id] = good
}

/**
 * Writes a bad record to `quarantine/records/`, with the file it came from, its id and why; named by
 * its content, so finding the same record again does not make a second copy. Returns the path.
 */
export function writeRecordAside(dataDir: string, path: string, bad: RejectedRecord, now: Date): string {
  const file = relative(dataDir, path).split(sep).join('/')
  const body = JSON.stringify({
    file,
    collection: bad.collection,
    id: bad.id,
    problem: bad.problem,
    record: bad.record,
    foundAt: now.toISOString(),
  })
  const digest = sha256Hex(JSON.stringify(bad.record) ?? 'undefined')
  const name = [file, bad.collection, bad.id, digest.slice(0, 12)]
    .join('__')
    .replaceAll(/[^A-Za-z0-9._-]/g, '_')
  const folder = join(dataDir, 'quarantine', 'records')
  const target = join(folder, `${name}.json`)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  const temp = `${target}.tmp`
  writeFileSync(temp, body + '\n')
  renameSync(temp, target)
  return target
}
