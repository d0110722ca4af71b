import { readFile, readdir, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import type { DigestDay, ImportFileReport, ImportReport } from '../../../shared/api'
import { LecternError } from '../../../shared/errors'
import { isLive } from '../library/entity'
import type { ServiceDeps } from '../library/listService'
import { mergeDay } from './mergeDigest'
import { parseDigestBytes, type ParsedDigest } from './parseDigest'
import { nextTurn } from '../inSlices'

/** Larger than any real digest by far; a bigger file is almost certainly not one. */
export const MAX_DIGEST_BYTES = 64 * 1024 * 1024

export interface ImportProgress {
  done: number
  total: number
  file: string
}
export interface ImportOptions {
  signal?: AbortSignal
  onProgress?: (progress: ImportProgress) => void
}

/** A digest file's bytes, named for the report (a path, or a dropped file's name). */
export interface DigestFile {
  name: string
  bytes: Uint8Array
}

interface DigestSource {
  name: string
  read: () => Promise<Uint8Array>
}

/**
 * Imports digests into the library, every entry point (menu, argv, watched folder, drop, CLI, API)
 * through the same three steps: *read* (bytes → text, decodeText.ts), *parse* (text → day,
 * parseDigest.ts), *merge* (days → one store commit, mergeDigest.ts). So the same bytes give the
 * same library whichever way they came in, and an import either lands whole or, on failure or
 * cancel, leaves the library as it was.
 */
export class DigestImporter {
  constructor(private readonly deps: ServiceDeps) {}

  /** Files, or folders searched recursively for `*.md` (menu, argv, watched folder). */
  async importPaths(paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
    const sources: DigestSource[] = []
    const missing: ImportFileReport[] = []
    for (const path of paths) {
      const found = await expand(resolve(path)).catch((error: NodeJS.ErrnoException) => {
        missing.push(failedFile(path, error.code === 'ENOENT' ? 'no such file or folder' : error.message))
        return []
      })
      sources.push(...found)
    }
    const report = await this.importSources(sources, options)
    return missing.length === 0 ? report : withFiles(report, [...missing, ...report.files])
  }

  /** Files' bytes handed over by a caller that read them (drag and drop, the CLI over the API). */
  importFiles(files: DigestFile[], options: ImportOptions = {}): Promise<ImportReport> {
    return this.importSources(
      files.map((f) => ({ name: f.name, read: async () => f.bytes })),
      options,
    )
  }

  /** Digests a program holds as text: they are UTF-8 bytes to the same pipeline. */
  importTexts(files: { name: string; text: string }[], options: ImportOptions = {}): Promise<ImportReport> {
    const encoder = new TextEncoder()
    return this.importFiles(
      files.map((f) => ({ name: f.name, bytes: encoder.encode(f.text) })),
      options,
    )
  }

  /**
   * The merge step on its own: parsed days (from files, or built from another source such as the
   * Hugging Face API) into the library as one store commit. A paper on a day it already has is the
   * same appearance, updated in place; the commit's change event says what changed.
   */
  async importDays(days: ParsedDigest[]): Promise<ImportReport> {
    const { store, now } = this.deps
    const at = now()
    // In steps of a day: merging 1,000 papers in one go held the event loop for ~90 ms at 50,000.
    const files = await store.updateInSteps(
      function* (tx) {
        const reports: ImportFileReport[] = []
        for (const day of days) {
          reports.push(mergeDay(tx, day, at))
          yield
        }
        return reports
      },
      { textsOf: days.flatMap((day) => day.papers.map((paper) => paper.id)) },
    )
    return withFiles({ files: [], added: 0, updated: 0, unchanged: 0, skipped: 0 }, files)
  }

  days(): DigestDay[] {
    const counts = new Map<string, number>()
    for (const paper of this.deps.store.allHeads()) {
      if (!isLive(paper)) continue
      for (const a of paper.appearances) counts.set(a.date, (counts.get(a.date) ?? 0) + 1)
    }
    return [...counts].map(([date, count]) => ({ date, count })).sort((a, b) => b.date.localeCompare(a.date))
  }

  /** Read and parse every source (cancellable between files), then merge them all in one commit. */
  private async importSources(sources: DigestSource[], options: ImportOptions): Promise<ImportReport> {
    const days: ParsedDigest[] = []
    for (const [index, source] of sources.entries()) {
      if (options.signal?.aborted)
        throw new LecternError('cancelled', 'Import cancelled; the library was not changed')
      options.onProgress?.({ done: index, total: sources.length, file: source.name })
      days.push(await readDigest(source))
      // A turn of the event loop between files: parsing a day is a few ms, many days are not.
      await nextTurn()
    }
    const report = await this.importDays(days)
    options.onProgress?.({ done: sources.length, total: sources.length, file: '' })
    return report
  }
}

/** Digest files named by paths: files as given, folders searched recursively for `*.md`. */
export async function findDigestFiles(paths: string[]): Promise<string[]> {
  const found: string[] = []
  for (const path of paths) found.push(...(await expand(resolve(path))).map((s) => s.name))
  return found
}

async function expand(path: string): Promise<DigestSource[]> {
  const info = await stat(path)
  if (!info.isDirectory()) return [fileSource(path)]
  const entries = await readdir(path, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && extname(e.name).toLowerCase() === '.md')
    .map((e) => fileSource(join(e.parentPath, e.name)))
    .sort((a, b) => a.name.localeCompare(b.name))
}

function fileSource(path: string): DigestSource {
  return { name: path, read: () => readDigestFile(path) }
}

/** A digest file's bytes, refused before reading when it is over the size a digest may have. */
export async function readDigestFile(path: string): Promise<Uint8Array> {
  const info = await stat(path)
  // A device or pipe (/dev/zero, a FIFO) has no size to check and may never end.
  if (!info.isFile()) throw new LecternError('bad-digest', 'is not a regular file')
  if (info.size > MAX_DIGEST_BYTES) {
    throw new LecternError(
      'bad-digest',
      `is ${(info.size / 1048576).toFixed(0)} MB, over the ${MAX_DIGEST_BYTES / 1048576} MB a digest may have`,
    )
  }
  return readFile(path)
}

/** Read → parse for one source; a file that cannot be read is one error diagnostic, not a failed import. */
async function readDigest(source: DigestSource): Promise<ParsedDigest> {
  let bytes: Uint8Array
  try {
    bytes = await source.read()
    if (bytes.byteLength > MAX_DIGEST_BYTES)
      throw new LecternError('bad-digest', `is over the ${MAX_DIGEST_BYTES / 1048576} MB a digest may have`)
  } catch (error) {
    const message = (error as Error).message
    return {
      file: source.name,
      date: null,
      papers: [],
      diagnostics: [{ file: source.name, line: 1, severity: 'error', message }],
    }
  }
  return parseDigestBytes(bytes, source.name)
}

/** The report of a file that gave nothing, and why. */
export function failedFile(file: string, reason: string): ImportFileReport {
  return {
    file,
    date: null,
    added: [],
    updated: [],
    unchanged: [],
    skipped: [`${file}: ${reason}`],
    diagnostics: [],
  }
}

function withFiles(report: ImportReport, files: ImportFileReport[]): ImportReport {
  const sum = (pick: (f: ImportFileReport) => unknown[]) => files.reduce((n, f) => n + pick(f).length, 0)
  return {
    files,
    added: sum((f) => f.added),
    updated: sum((f) => f.updated),
    unchanged: sum((f) => f.unchanged),
    skipped: sum((f) => f.skipped),
  }
}
