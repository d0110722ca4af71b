import type { DailyFetchReport } from '../../../shared/api'
import type { TaskTracker } from '../tasks'
import type { DailyPapersService } from './dailyPapersService'

/** A fetch of Hugging Face days as a cancellable task: its progress counts days and says what it waits for. */
export function fetchDaysAsTask(
  tasks: TaskTracker,
  service: DailyPapersService,
  dates: string[],
): Promise<DailyFetchReport> {
  return tasks.run('import', `Fetching Hugging Face Daily Papers (${describeDays(dates)})`, (control) =>
    service.fetchDays(dates, { signal: control.signal, onProgress: control.progress }),
  )
}

export function describeDays(dates: string[]): string {
  const first = dates[0] ?? ''
  const last = dates[dates.length - 1] ?? ''
  return dates.length <= 1 ? first : `${first} to ${last}, ${dates.length} days`
}
