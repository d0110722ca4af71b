import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import type { DigestDay, ImportFileReport, ImportReport } from '../../../shared/api'
import { LecternError } from '../../../shared/errors'
import { isLive } from '../library/entity'
import type { ServiceDeps } from '../library/listService'
import { appearanceOf, mergeAppearance } from './mergeDigest'
import { formatDiagnostic, parseDigestBytes, type ParsedDigest } from './parseDigest'

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

interface DigestSource {
  name: string
  read: () => Promise<Uint8Array>
}

/**
 * Imports digest files into the library. Everything is parsed first and then merged in one store
 * transaction, so an import either lands whole or (failure, cancel) leaves the library as it was.
 */
export class DigestImporter {
  constructor(private readonly deps: ServiceDeps) {}

  /** Files, or folders searched recursively for `*.md`. */
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

  /** Contents handed over by the renderer (drag and drop), named for the report. */
  importTexts(files: { name: string; text: string }[], options: ImportOptions = {}): Promise<ImportReport> {
    const encoder = new TextEncoder()
    return this.importSources(
      files.map((f) => ({ name: f.name, read: async () => encoder.encode(f.text) })),
      options,
    )
  }

  days(): DigestDay[] {
    const counts = new Map<string, number>()
    for (const paper of this.deps.store.allHeads()) {
      if (!isLive(paper)) continue
      for (const a of paper.appearances) counts.set(a.date, (counts.get(a.date) ?? 0) + 1)
    }
    return [...counts].map(([date, count]) => ({ date, count })).sort((a, b) => b.date.localeCompare(a.date))
  }

  private async importSources(sources: DigestSource[], options: ImportOptions): Promise<ImportReport> {
    const parsed: { digest: ParsedDigest; fileError?: string }[] = []
    for (const [index, source] of sources.entries()) {
      if (options.signal?.aborted)
        throw new LecternError('cancelled', 'Import cancelled; the library was not changed')
      options.onProgress?.({ done: index, total: sources.length, file: source.name })
      parsed.push(await readDigest(source))
    }
    const { store, now, events } = this.deps
    const at = now()
    const files = await store.update((tx) => {
      return parsed.map(({ digest, fileError }): ImportFileReport => {
        const report: ImportFileReport = {
          file: digest.file,
          date: digest.date,
          added: [],
          updated: [],
          unchanged: [],
          skipped: [],
          diagnostics: digest.diagnostics.map(formatDiagnostic),
        }
        if (fileError) return { ...report, skipped: [`${digest.file}: ${fileError}`] }
        for (const d of digest.diagnostics)
          if (d.severity === 'error') report.skipped.push(formatDiagnostic(d))
        if (digest.papers.length === 0) {
          // A notes file dropped by mistake: say why nothing came of it (an empty day's digest,
          // which has its heading, is not a problem).
          if (digest.date === null && report.skipped.length === 0)
            report.skipped.push(
              `${digest.file}: not a Daily Papers digest: no "## Daily Papers (YYYY-MM-DD)" heading and no papers`,
            )
          return report
        }
        const date = digest.date ?? dateFromName(digest.file)
        if (!date) {
          report.skipped.push(
            `${digest.file}: no "## Daily Papers (YYYY-MM-DD)" line and no date in the file name`,
          )
          return report
        }
        report.date = date
        for (const [position, entry] of digest.papers.entries()) {
          const { paper, outcome } = mergeAppearance(
            tx.paper(entry.id),
            entry,
            appearanceOf(entry, date, position),
            at,
          )
          if (outcome !== 'unchanged') tx.putPaper(paper)
          const { id, title, votes, authors, authorsElided } = entry
          report[outcome].push({ id, title, votes, authors, authorsElided })
        }
        for (const d of digest.diagnostics)
          if (d.severity === 'error') report.skipped.push(formatDiagnostic(d))
        return report
      })
    })
    options.onProgress?.({ done: sources.length, total: sources.length, file: '' })
    const result = withFiles({ files: [], added: 0, updated: 0, unchanged: 0, skipped: 0 }, files)
    if (result.added + result.updated > 0) events.emit('library:changed', { what: ['papers', 'digests'] })
    return result
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
  return {
    name: path,
    read: async () => {
      const info = await stat(path)
      if (info.size > MAX_DIGEST_BYTES) {
        throw new LecternError(
          'bad-digest',
          `is ${(info.size / 1048576).toFixed(0)} MB, over the ${MAX_DIGEST_BYTES / 1048576} MB a digest may have`,
        )
      }
      return readFile(path)
    },
  }
}

async function readDigest(source: DigestSource): Promise<{ digest: ParsedDigest; fileError?: string }> {
  try {
    const bytes = await source.read()
    if (bytes.byteLength > MAX_DIGEST_BYTES)
      throw new LecternError('bad-digest', `is over the ${MAX_DIGEST_BYTES / 1048576} MB a digest may have`)
    return { digest: parseDigestBytes(bytes, source.name) }
  } catch (error) {
    const empty: ParsedDigest = { file: source.name, date: null, papers: [], diagnostics: [] }
    return { digest: empty, fileError: (error as Error).message }
  }
}

function dateFromName(file: string): string | null {
  const match = /(\d{4})-(\d{2})-(\d{2})/.exec(basename(file))
  if (!match) return null
  const date = match[0]
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : null
}

function failedFile(file: string, reason: string): ImportFileReport {
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
