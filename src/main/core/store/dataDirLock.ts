import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { LecternError } from '../../../shared/errors'
import { SECRET_FILE_MODE } from './accessModes'
import { writeFileDurably } from './durableFile'

const LOCK_FILE = 'lectern.lock'

export interface LockHolder {
  pid: number
  hostname: string
  startedAt: string
  kind: 'app' | 'cli'
  /** Where a running app answers the API on loopback, so a CLI can send it commands. */
  endpoint?: { url: string; token: string }
}

export class LockHeldError extends LecternError {
  constructor(
    readonly holder: LockHolder,
    dir: string,
  ) {
    super(
      'store-locked',
      `The library in ${dir} is open in another Lectern ${holder.kind === 'app' ? 'window' : 'command'} (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt})`,
    )
  }
}

/**
 * One writer per data directory. The lock file names its holder; a lock whose process is gone (a
 * crash) is taken over. A CLI waits a little for another CLI; a running app is never waited for.
 */
export class DataDirLock {
  private constructor(
    private readonly path: string,
    private holder: LockHolder,
  ) {}

  static async acquire(
    dir: string,
    kind: LockHolder['kind'],
    options: { waitMs?: number } = {},
  ): Promise<DataDirLock> {
    const path = join(dir, LOCK_FILE)
    const holder: LockHolder = {
      pid: process.pid,
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      kind,
    }
    const deadline = Date.now() + (options.waitMs ?? 0)
    for (;;) {
      try {
        // Not synced to disk: a lock names a live process, and none outlives a crash of the machine;
        // a lock left empty by one is read as half-written, then as stale (readHolder). Every CLI
        // command paid the fsync (issue #16).
        await writeFile(path, JSON.stringify(holder), { flag: 'wx', mode: SECRET_FILE_MODE })
        return new DataDirLock(path, holder)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const current = await readHolder(path)
      if (current === 'stale') {
        await rm(path, { force: true })
        continue
      }
      if (current !== 'unreadable' && (current.kind === 'app' || Date.now() >= deadline))
        throw new LockHeldError(current, dir)
      if (current === 'unreadable' && Date.now() >= deadline + 2_000)
        throw new LecternError('store-locked', `${path} is held by another process`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /** The holder of a data dir's lock, if a live process holds it. */
  static async holder(dir: string): Promise<LockHolder | null> {
    const current = await readHolder(join(dir, LOCK_FILE))
    return typeof current === 'object' ? current : null
  }

  async setEndpoint(endpoint: LockHolder['endpoint']): Promise<void> {
    this.holder = { ...this.holder, ...(endpoint ? { endpoint } : {}) }
    await writeFileDurably(this.path, JSON.stringify(this.holder), { mode: SECRET_FILE_MODE })
  }

  async release(): Promise<void> {
    const current = await readHolder(this.path)
    if (
      typeof current === 'object' &&
      current.pid === this.holder.pid &&
      current.startedAt === this.holder.startedAt
    ) {
      await rm(this.path, { force: true })
    }
  }
}

/** The live holder; 'stale' when its process is gone; 'unreadable' while its writer is still writing it. */
async function readHolder(path: string): Promise<LockHolder | 'stale' | 'unreadable'> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return 'stale'
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    // Half-written by a process that is creating it right now, or left half-written by a crash.
    const age = Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? 0)
    return age > 10_000 ? 'stale' : 'unreadable'
  }
  const holder = lockHolderOf(raw)
  // Lectern never writes a lock of another shape: it names no live holder, and is taken over.
  if (typeof holder === 'string') return 'stale'
  if (holder.hostname !== hostname()) return holder
  return isAlive(holder.pid) ? holder : 'stale'
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * A parsed lock file as a holder, or what is wrong with it. The endpoint must be loopback HTTP: the
 * CLI sends its commands there, so a lock file planted in a shared data dir must not redirect them.
 */
export function lockHolderOf(raw: unknown): LockHolder | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'is not a JSON object'
  const h = raw as Record<string, unknown>
  if (typeof h.pid !== 'number' || !Number.isInteger(h.pid) || h.pid <= 0) return 'has no valid pid'
  if (typeof h.hostname !== 'string') return 'has no host name'
  if (typeof h.startedAt !== 'string') return 'has no start time'
  if (h.kind !== 'app' && h.kind !== 'cli') return 'names neither an app nor a command as its holder'
  if (h.endpoint !== undefined) {
    const e = h.endpoint as Record<string, unknown> | null
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.token !== 'string' ||
      typeof e.url !== 'string' ||
      !/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(e.url)
    )
      return 'has an endpoint that is not a loopback address with a token'
  }
  return raw as LockHolder
}

/** What `doctor` says about a data dir's lock file: null when there is none or it is well formed. */
export async function lockFileProblem(dir: string): Promise<string | null> {
  let text: string
  try {
    text = await readFile(join(dir, LOCK_FILE), 'utf8')
  } catch {
    return null
  }
  try {
    const holder = lockHolderOf(JSON.parse(text))
    return typeof holder === 'string' ? holder : null
  } catch {
    return 'is not valid JSON (a Lectern that is starting writes it; otherwise it is left from a crash)'
  }
}
