import { readFile, readdir, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Attachment } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { sha256Hex } from '../lazyCrypto'
import { makePrivateDir } from './accessModes'
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
  /**
   * PDFs the user attached (their own files, which nothing can fetch again), base64 by sha256.
   * Absent from backups made before they were included.
   */
  pdfs?: Record<string, string>
  /** What the backup does not hold, said plainly. */
  leftOut?: BundleLeftOut
}

export interface BundleLeftOut {
  /** PDFs downloaded from arXiv: Lectern downloads them again when they are opened. */
  downloadedPdfs: number
  /** Attached PDFs that could not be included, and why. */
  attachedPdfs: { paperId: string; sha256: string; origin: string; reason: string }[]
}

// Base64 grows a PDF by a third, and the bundle is one JSON string: past this the backup would
// near what a JavaScript string can hold. The PDFs left out are named, so they can be copied.
const MAX_BUNDLED_PDF_BYTES = 256 * 1024 * 1024
const SHA256_HEX = /^[0-9a-f]{64}$/

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

/**
 * A consistent snapshot: the library files are taken as a transaction, so no write is half in it;
 * then the attached PDFs they name are read from `pdfs/` (content-addressed, so they cannot have
 * changed under their names).
 */
export async function bundleOf(store: LibraryStore, now: Date): Promise<LibraryBundle> {
  // A copy: the PDFs are read after the transaction, and commits may change the live objects meanwhile.
  const files = await store.update(() => structuredClone(store.files()))
  const attachments = Object.entries(files).flatMap(([path, data]) =>
    KIND_OF(path) === 'lectern-papers' && 'attachments' in data
      ? Object.values(data.attachments).filter((a) => !a.deleted)
      : [],
  )
  const local = new Map<string, Attachment>()
  for (const a of attachments) if (a.source === 'local') local.set(a.sha256, a)
  const downloaded = new Set(attachments.filter((a) => !local.has(a.sha256)).map((a) => a.sha256))
  const pdfs: Record<string, string> = {}
  const leftOut: BundleLeftOut = { downloadedPdfs: downloaded.size, attachedPdfs: [] }
  let bytes = 0
  for (const a of local.values()) {
    const skip = (reason: string) =>
      leftOut.attachedPdfs.push({ paperId: a.paperId, sha256: a.sha256, origin: a.origin, reason })
    if (!SHA256_HEX.test(a.sha256)) {
      skip('its record names no valid file')
      continue
    }
    const file = join(store.dir, 'pdfs', `${a.sha256}.pdf`)
    if (bytes + a.size > MAX_BUNDLED_PDF_BYTES) {
      skip(
        `the backup holds at most ${MAX_BUNDLED_PDF_BYTES / 1048576} MB of attached PDFs; copy ${file} yourself`,
      )
      continue
    }
    let content: Buffer
    try {
      content = await readFile(file)
    } catch (error) {
      skip(`${file} cannot be read: ${(error as Error).message}`)
      continue
    }
    bytes += content.byteLength
    pdfs[a.sha256] = content.toString('base64')
  }
  return { format: 'lectern-backup', version: 1, createdAt: now.toISOString(), files, pdfs, leftOut }
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
): Promise<{ files: number; pdfs: number; setAside: string | null; quarantined: RestoreQuarantined[] }> {
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
  const pdfs = pdfsOf(bundle.pdfs)
  await makePrivateDir(dataDir)
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
        await makePrivateDir(dirname(join(setAside, path)))
        await rename(join(dataDir, path), join(setAside, path))
      }
    }
    for (const [path, content] of Object.entries(bundle.files)) {
      await makePrivateDir(dirname(join(dataDir, path)))
      await writeFileDurably(join(dataDir, path), serialize(content))
    }
    // PDFs are named by their hash, so one already in pdfs/ is the same file: it is left as is.
    if (pdfs.size > 0) await makePrivateDir(join(dataDir, 'pdfs'))
    for (const [sha256, bytes] of pdfs) await writeFileDurably(join(dataDir, 'pdfs', `${sha256}.pdf`), bytes)
    const quarantined = rejected.map(({ path, bad }) => ({
      file: path,
      collection: bad.collection,
      id: bad.id,
      problem: bad.problem,
      quarantinedTo: writeRecordAside(dataDir, join(dataDir, path), bad, options.now),
    }))
    return { files: Object.keys(bundle.files).length, pdfs: pdfs.size, setAside, quarantined }
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

/** The bundle's PDFs, each checked against the hash it is filed under before anything is written. */
function pdfsOf(raw: unknown): Map<string, Uint8Array> {
  const pdfs = new Map<string, Uint8Array>()
  if (raw === undefined) return pdfs
  if (typeof raw !== 'object' || raw === null)
    throw new LecternError('invalid-input', 'The backup\'s "pdfs" is not a map of PDFs')
  for (const [sha256, base64] of Object.entries(raw)) {
    if (!SHA256_HEX.test(sha256) || typeof base64 !== 'string')
      throw new LecternError(
        'invalid-input',
        `The backup holds an unexpected PDF entry "${sha256.slice(0, 80)}"`,
      )
    const bytes = Buffer.from(base64, 'base64')
    if (sha256Hex(bytes) !== sha256)
      throw new LecternError(
        'invalid-input',
        `The backup's PDF ${sha256} does not match its hash: the backup is damaged`,
      )
    pdfs.set(sha256, bytes)
  }
  return pdfs
}
