import { copyFile, readdir, rename, rm, stat, utimes } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { makePrivateDir } from './accessModes'
import { syncDirectory } from './durableFile'

const KEEP_DAILY = 7
/** Files snapshotted at once (libuv's thread pool has 4 threads; stats queue there cheaply). */
const SNAPSHOT_CONCURRENCY = 8

/**
 * Backups of the library files: `last-good/` holds each file as it was when it last opened cleanly,
 * `daily/YYYY-MM-DD/` one snapshot a day (the last 7 kept). Copies, not hard links: a link would share
 * the damage of a file corrupted in place. A file whose size and mtime match its copy is skipped, so a
 * snapshot costs what changed since the last one.
 */
export class Backups {
  readonly root: string

  constructor(private readonly dataDir: string) {
    this.root = join(dataDir, 'backups')
  }

  lastGoodOf(file: string): string {
    return join(this.root, 'last-good', relative(this.dataDir, file))
  }

  /** Snapshots the given files (all of which just opened cleanly) as last good and as today's. */
  async snapshot(files: string[], today: string): Promise<void> {
    // Several files at a time: most only need their times compared (three stats), and one after the
    // other those waits made up most of a `lectern papers` run on a 1,000-paper library (385 files).
    const queue = [...files]
    const worker = async (): Promise<void> => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        await snapshotFile(file, this.lastGoodOf(file))
        const daily = join(this.root, 'daily', today, relative(this.dataDir, file))
        if (!(await exists(daily))) await snapshotFile(file, daily)
      }
    }
    await Promise.all(Array.from({ length: SNAPSHOT_CONCURRENCY }, worker))
    await this.pruneDaily()
  }

  private async pruneDaily(): Promise<void> {
    const days = (await readdir(join(this.root, 'daily')).catch(() => [] as string[]))
      .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
      .sort()
    for (const day of days.slice(0, Math.max(0, days.length - KEEP_DAILY))) {
      await rm(join(this.root, 'daily', day), { recursive: true, force: true })
    }
  }
}

/** Moves a bad file aside, never deleting it: `quarantine/<path with / as __>.<time>`. */
export async function quarantine(dataDir: string, file: string, now: Date): Promise<string> {
  const name = `${relative(dataDir, file).replaceAll(/[\\/]/g, '__')}.${now.toISOString().replaceAll(':', '-')}`
  const target = join(dataDir, 'quarantine', name)
  await makePrivateDir(dirname(target))
  await rename(file, target)
  await syncDirectory(dirname(file))
  return target
}

/** Puts a copy of `backup` in place of `file` (a copy, so the backup stays a backup). */
export async function restoreCopy(backup: string, file: string): Promise<void> {
  const temp = `${file}.restore.tmp`
  await copyFile(backup, temp)
  await rename(temp, file)
  await syncDirectory(dirname(file))
}

async function snapshotFile(file: string, target: string): Promise<void> {
  const [source, copy] = await Promise.all([stat(file).catch(() => null), stat(target).catch(() => null)])
  if (!source) return
  if (copy && copy.size === source.size && Math.trunc(copy.mtimeMs) === Math.trunc(source.mtimeMs)) return
  await makePrivateDir(dirname(target))
  const temp = `${target}.tmp`
  await copyFile(file, temp)
  await utimes(temp, source.atime, source.mtime)
  await rename(temp, target)
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null
}
