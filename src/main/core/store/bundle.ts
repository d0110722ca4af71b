import { mkdir, readdir, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { LecternError } from '../../../shared/errors'
import { DataDirLock } from './dataDirLock'
import { serialize, writeFileDurably } from './durableFile'
import type { LibraryStore } from './libraryStore'
import type { RejectedRecord } from './recordChecks'
import { writeRecordAside } from './recordQuarantine'
import { upgradeFile, type FileKind } from './schema'

/** The whole library in one JSON document: `lectern backup` writes it, `lectern restore` reads it. */
export interface LibraryBundle {
  format: 'lectern-backup'
  version: 1
  createdAt: string
  /** Data-dir-relative path → file contents, exactly as stored. */
  files: Record<string, unknown>
}

const KIND_OF = (path: string): FileKind | null =>
  path === 'library.json'
    ? 'lectern-library'
    : /^papers\/[0-9a-f]{2}\.json$/.test(path)
      ? 'lectern-papers'
      : /^notes\/[0-9a-f]{2}\.json$/.test(path)
        ? 'lectern-notes'
        : /^texts\/[0-9a-f]{2}\.json$/.test(path)
          ? 'lectern-texts'
          : null

/** A consistent snapshot: taken as a transaction, so no write is half in it. */
export function bundleOf(store: LibraryStore, now: Date): Promise<LibraryBundle> {
  return store.update(() => ({
    format: 'lectern-backup' as const,
    version: 1 as const,
    createdAt: now.toISOString(),
    files: store.files(),
  }))
}

/**
 * Replaces the library in `dataDir` by a bundle. Every file of the bundle is checked first, and every
 * record in it: a record that fails its check is not restored but written to `quarantine/records/`
 * and listed in the answer. A library that holds anything is replaced only with `force`, and its files
 * are moved to `quarantine/pre-restore-<time>/`, never deleted. Needs the library closed (it takes the lock).
 */
export async function restoreBundle(
  dataDir: string,
  raw: unknown,
  options: { force: boolean; now: Date },
): Promise<{ files: number; setAside: string | null; quarantined: RestoreQuarantined[] }> {
  const bundle = raw as Partial<LibraryBundle>
  if (
    bundle?.format !== 'lectern-backup' ||
    bundle.version !== 1 ||
    typeof bundle.files !== 'object' ||
    bundle.files === null
  ) {
    throw new LecternError(
      'invalid-input',
      'This is not a Lectern backup (expected format "lectern-backup", version 1)',
    )
  }
  const rejected: { path: string; bad: RejectedRecord }[] = []
  for (const [path, content] of Object.entries(bundle.files)) {
    const kind = KIND_OF(path)
    if (!kind) throw new LecternError('invalid-input', `The backup holds an unexpected file "${path}"`)
    for (const bad of upgradeFile(kind, content, `backup:${path}`).rejected) {
      takeOut(content as Record<string, unknown>, bad)
      rejected.push({ path, bad })
    }
  }
  await mkdir(dataDir, { recursive: true })
  const lock = await DataDirLock.acquire(dataDir, 'cli')
  try {
    const existing = await libraryFiles(dataDir)
    let setAside: string | null = null
    if (existing.length > 0) {
      if (!options.force) {
        throw new LecternError(
          'conflict',
          `${dataDir} already holds a library (${existing.length} files); restore with --force to replace it (its files are kept in quarantine/)`,
        )
      }
      setAside = join(dataDir, 'quarantine', `pre-restore-${options.now.toISOString().replaceAll(':', '-')}`)
      for (const path of existing) {
        await mkdir(dirname(join(setAside, path)), { recursive: true })
        await rename(join(dataDir, path), join(setAside, path))
      }
    }
    for (const [path, content] of Object.entries(bundle.files)) {
      await mkdir(dirname(join(dataDir, path)), { recursive: true })
      await writeFileDurably(join(dataDir, path), serialize(content))
    }
    const quarantined = rejected.map(({ path, bad }) => ({
      file: path,
      collection: bad.collection,
      id: bad.id,
      problem: bad.problem,
      quarantinedTo: writeRecordAside(dataDir, join(dataDir, path), bad, options.now),
    }))
    return { files: Object.keys(bundle.files).length, setAside, quarantined }
  } finally {
    await lock.release()
  }
}

export interface RestoreQuarantined {
  /** The file of the bundle (data-dir-relative). */
  file: string
  collection: string
  id: string
  problem: string
  quarantinedTo: string
}

/**
 * Takes a rejected record out of the bundle's file as stored (which may be of an older schema: a
 * version-1 papers file holds whole papers, so a bad text there takes its paper out with it).
 */
function takeOut(content: Record<string, unknown>, bad: RejectedRecord): void {
  const collection =
    bad.collection === 'texts' && content.format === 'lectern-papers' ? 'papers' : bad.collection
  const records = content[collection]
  if (typeof records === 'object' && records !== null) delete (records as Record<string, unknown>)[bad.id]
}

async function libraryFiles(dataDir: string): Promise<string[]> {
  const found: string[] = []
  for (const folder of ['', 'papers', 'notes', 'texts']) {
    for (const name of await readdir(join(dataDir, folder)).catch(() => [] as string[])) {
      const path = folder ? `${folder}/${name}` : name
      if (KIND_OF(path)) found.push(path)
    }
  }
  return found
}
