import { watch, type FSWatcher } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import type { ImportFileReport, ImportReport, WatchLogEntry } from '../../../shared/api'
import { failedFile, type DigestImporter } from './digestImporter'

export interface DigestWatcherOptions {
  importer: DigestImporter
  /** An import that changed the library or turned a file away (so the UI can say so). */
  onImported: (report: ImportReport) => void
  onError: (message: string) => void
  now?: () => Date
  /** Quiet time before importing, so a file still being written is read once, whole. */
  debounceMs?: number
}

// The log is for a person reading the Digests section, not an audit trail: the newest are enough.
const LOG_SIZE = 200
// Names a browser or editor gives a file while it is still being written, and hidden files
// (`.DS_Store`): not something the user dropped, so not worth a "not a digest" line.
const TRANSIENT = /^\.|~$|\.(crdownload|part|download|tmp|swp)$/i

/**
 * Imports digests that appear in a folder. On start it imports the folder once (files that arrived
 * while Lectern was closed; re-importing a known digest changes nothing), then watches it. Every
 * file that changed the library or was turned away (not Markdown, not text, no digest in it) goes
 * into a log the Digests section shows.
 */
export class DigestWatcher {
  private watcher: FSWatcher | null = null
  private folder: string | null = null
  private pending = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private entries: WatchLogEntry[] = []

  constructor(private readonly options: DigestWatcherOptions) {}

  /** What the watched folder did lately, newest first. */
  log(): WatchLogEntry[] {
    return [...this.entries].reverse()
  }

  /** Watches `folder` (null stops watching). */
  async watch(folder: string | null): Promise<void> {
    if (folder === this.folder) return
    this.stop()
    this.folder = folder
    if (folder === null) return
    try {
      this.watcher = watch(folder, { recursive: true }, (_event, name) => {
        if (name && !TRANSIENT.test(basename(name))) this.schedule(join(folder, name))
      })
      this.watcher.on('error', (error) =>
        this.options.onError(`Watching ${folder} stopped: ${error.message}`),
      )
    } catch (error) {
      this.options.onError(`Cannot watch ${folder}: ${(error as Error).message}`)
      return
    }
    await this.importNow([folder])
  }

  stop(): void {
    this.watcher?.close()
    this.watcher = null
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending.clear()
  }

  private schedule(path: string): void {
    this.pending.add(path)
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      const paths = [...this.pending]
      this.pending.clear()
      void this.importChanged(paths)
    }, this.options.debounceMs ?? 800)
  }

  /** Files that appeared or changed: Markdown is imported, any other file is reported as not a digest. */
  private async importChanged(paths: string[]): Promise<void> {
    const digests: string[] = []
    const refused: ImportFileReport[] = []
    for (const path of paths) {
      // A deleted or renamed file fires an event too; a folder's files fire their own.
      const info = await stat(path).catch(() => null)
      if (!info?.isFile()) continue
      if (extname(path).toLowerCase() === '.md') digests.push(path)
      else refused.push(failedFile(path, 'not a digest: only Markdown (.md) files are imported'))
    }
    if (digests.length + refused.length > 0) await this.importNow(digests, refused)
  }

  private async importNow(paths: string[], refused: ImportFileReport[] = []): Promise<void> {
    try {
      const imported =
        paths.length > 0
          ? await this.options.importer.importPaths(paths)
          : { files: [], added: 0, updated: 0, unchanged: 0, skipped: 0 }
      const report: ImportReport = {
        ...imported,
        files: [...refused, ...imported.files],
        skipped: imported.skipped + refused.length,
      }
      // Re-reading a digest the library already has is not news: only changes and problems are.
      const news = report.files.filter((f) => f.added.length + f.updated.length + f.skipped.length > 0)
      if (news.length === 0) return
      const at = (this.options.now ?? (() => new Date()))().toISOString()
      this.entries.push(...news.map((report) => ({ at, report })))
      this.entries.splice(0, Math.max(0, this.entries.length - LOG_SIZE))
      this.options.onImported(report)
    } catch (error) {
      this.options.onError(`Importing from ${this.folder}: ${(error as Error).message}`)
    }
  }
}
