import type { DailyFetchReport } from '../../../shared/api'
import type { TaskTracker } from '../tasks'
import type { DailyPapersService } from './dailyPapersService'
import { fetchDaysAsTask } from './fetchDaysTask'
import type { FetchedDays } from './fetchedDays'

export interface DailyFetchSchedulerOptions {
  service: DailyPapersService
  days: FetchedDays
  tasks: TaskTracker
  /** The setting: fetch each day's list in the background. */
  enabled: () => boolean
  now: () => Date
  onError: (message: string) => void
  /** How often to look for due days; default 1 hour. */
  checkEveryMs?: number
  /** Wait after a failed try, doubling up to `maxRetryMs`; default 5 minutes, at most 6 hours. */
  retryMs?: number
  maxRetryMs?: number
  /** How far back a catch-up reaches (days, today included); default 7. */
  catchUpDays?: number
}

const DAY_MS = 86_400_000

/**
 * The daily auto-fetch of a running app. Every check it fetches the days that are due: days the user
 * asked for that could not be fetched (offline), and, when the setting is on, each of the last
 * `catchUpDays` days whose list was not fetched after it ended, so a laptop that slept through
 * Tuesday fetches Tuesday on waking. Today's list grows during the day and is fetched again at each
 * check. All requests go through the app's one client, which keeps within Hugging Face's limit.
 */
export class DailyFetchScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null
  private running = false
  private again = false
  private retryMs: number
  private stopped = false

  constructor(private readonly options: DailyFetchSchedulerOptions) {
    this.retryMs = options.retryMs ?? 5 * 60_000
  }

  /** Looks for due days now (start-up, a settings change, waking); cheap to call often. */
  poke(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    void this.run()
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Days to fetch now, oldest first. */
  async dueDays(): Promise<string[]> {
    const due = new Set((await this.options.days.pending()).map((p) => p.date))
    if (this.options.enabled()) {
      const { fetched } = await this.options.days.current()
      const now = this.options.now().getTime()
      const today = Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`)
      for (let i = (this.options.catchUpDays ?? 7) - 1; i >= 0; i--) {
        const start = today - i * DAY_MS
        const date = new Date(start).toISOString().slice(0, 10)
        const fetchedAt = Date.parse(fetched[date] ?? '')
        // Final once fetched after the day ended: later votes do not make it a new day.
        if (!(fetchedAt >= start + DAY_MS)) due.add(date)
      }
    }
    return [...due].sort()
  }

  private async run(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.running = true
    let next = this.options.checkEveryMs ?? 60 * 60_000
    try {
      const dates = await this.dueDays()
      if (dates.length > 0) {
        const report = await fetchDaysAsTask(this.options.tasks, this.options.service, dates)
        if (stillPending(report)) {
          next = Math.min(next, this.retryMs)
          this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 6 * 60 * 60_000)
        } else {
          this.retryMs = this.options.retryMs ?? 5 * 60_000
        }
      }
    } catch (error) {
      this.options.onError(`Hugging Face Daily Papers: ${(error as Error).message}`)
      next = Math.min(next, this.retryMs)
    } finally {
      this.running = false
    }
    if (this.stopped) return
    if (this.again) {
      this.again = false
      return this.poke()
    }
    this.timer = setTimeout(() => this.poke(), next)
    this.timer.unref?.()
  }
}

function stillPending(report: DailyFetchReport): boolean {
  return report.days.some((d) => d.state === 'pending')
}
