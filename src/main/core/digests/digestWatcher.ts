import { watch, type FSWatcher } from 'node:fs'
import { extname, join } from 'node:path'
import type { ImportReport } from '../../../shared/api'
import type { DigestImporter } from './digestImporter'

export interface DigestWatcherOptions {
  importer: DigestImporter
  onImported: (report: ImportReport) => void
  onError: (message: string) => void
  /** Quiet time before importing, so a file still being written is read once, whole. */
  debounceMs?: number
}

/**
 * Imports digests that appear in a folder. On start it imports the folder once (files that arrived
 * while Lectern was closed; re-importing a known digest changes nothing), then watches it.
 */
export class DigestWatcher {
  private watcher: FSWatcher | null = null
  private folder: string | null = null
  private pending = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly options: DigestWatcherOptions) {}

  /** Watches `folder` (null stops watching). */
  async watch(folder: string | null): Promise<void> {
    if (folder === this.folder) return
    this.stop()
    this.folder = folder
    if (folder === null) return
    try {
      this.watcher = watch(folder, { recursive: true }, (_event, name) => {
        if (name && extname(name).toLowerCase() === '.md') this.schedule(join(folder, name))
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
      void this.importNow(paths)
    }, this.options.debounceMs ?? 800)
  }

  private async importNow(paths: string[]): Promise<void> {
    try {
      const report = await this.options.importer.importPaths(paths)
      // A deleted or renamed file also fires an event; only report what actually changed.
      if (report.added + report.updated > 0) this.options.onImported(report)
    } catch (error) {
      this.options.onError(`Importing from ${this.folder}: ${(error as Error).message}`)
    }
  }
}
