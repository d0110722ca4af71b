import type { MetaFetchReport } from '../../../shared/api'
import type { TaskTracker } from '../tasks'
import type { MetadataService } from './metadataService'

/** A metadata fetch as a cancellable task whose progress says when the next request goes out. */
export function fetchMetadataAsTask(
  tasks: TaskTracker,
  service: MetadataService,
  ids: string[] | 'missing',
): Promise<MetaFetchReport> {
  return tasks.run('metadata', 'Fetching arXiv metadata', (control) =>
    service.fetch(ids, {
      signal: control.signal,
      onProgress: (p) =>
        control.progress(
          p.done,
          p.total,
          p.nextRequestInMs > 0 ? `next request in ${Math.ceil(p.nextRequestInMs / 1000)} s` : undefined,
        ),
    }),
  )
}

export interface MetadataQueueOptions {
  service: MetadataService
  tasks: TaskTracker
  /** Whether the user wants records fetched automatically (the setting). */
  enabled: () => boolean
  onError: (message: string) => void
  /** Told what each drain fetched (the check for published versions follows it, when the setting says). */
  afterFetch?: (report: MetaFetchReport) => void
  /** Wait before trying again while arXiv cannot be reached; doubles up to `maxRetryMs`. */
  retryMs?: number
  maxRetryMs?: number
}

/**
 * Drains the metadata queue in the background of a running app: on start, after imports, and again
 * later while offline. One drain at a time; the ArxivClient spaces the requests.
 */
export class MetadataQueue {
  private running = false
  /** Stopped for good (the app closes): nothing more is started, not even what a drain would. */
  private stopped = false
  private again = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private retryMs: number

  constructor(private readonly options: MetadataQueueOptions) {
    this.retryMs = options.retryMs ?? 60_000
  }

  /** Asks for a drain soon; cheap to call often. */
  poke(): void {
    if (this.stopped || !this.options.enabled()) return
    if (this.running) {
      this.again = true
      return
    }
    void this.drain()
  }

  stop(): void {
    this.stopped = true
    this.clearTimer()
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private async drain(): Promise<void> {
    const ids = this.options.service.queued()
    if (ids.length === 0) return
    this.running = true
    this.clearTimer()
    try {
      const report = await fetchMetadataAsTask(this.options.tasks, this.options.service, ids)
      if (this.stopped) return
      this.options.afterFetch?.(report)
      if (report.pending.length > 0) this.retryLater()
      else this.retryMs = this.options.retryMs ?? 60_000
    } catch (error) {
      // Cancelled because the app closes: not a failure to report.
      if (this.stopped) return
      this.options.onError(`arXiv metadata: ${(error as Error).message}`)
      this.retryLater()
    } finally {
      this.running = false
    }
    if (this.again) {
      this.again = false
      this.poke()
    }
  }

  private retryLater(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => this.poke(), this.retryMs)
    this.timer.unref?.()
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 30 * 60_000)
  }
}
