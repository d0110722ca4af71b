import { useCallback } from 'react'
import type { DailyFetchReport } from '../../../shared/api'
import { LecternError } from '../../../shared/errors'
import { mutate } from '../../api/query'
import { useToast, type ToastMessage } from '../../ui/Toast'

/** Today as Hugging Face dates it (UTC). */
export function todayOnTheHub(): string {
  return new Date().toISOString().slice(0, 10)
}

/**
 * Fetches Hugging Face Daily Papers for a day or a range (main runs it as a task: progress and
 * Cancel in the task bar) and says in one toast what came of it. `onFetched` hears the report.
 */
export async function fetchDaysAndTell(
  range: { from?: string; to?: string },
  toast: (message: ToastMessage) => void,
  onFetched?: (report: DailyFetchReport) => void,
): Promise<void> {
  try {
    const report = await mutate('digests:fetchDays', range)
    const trouble = report.days.some((d) => d.state !== 'fetched')
    toast({ text: describeFetch(report), tone: trouble ? 'error' : 'info' })
    onFetched?.(report)
  } catch (error) {
    const cancelled = error instanceof LecternError && error.code === 'cancelled'
    const message = (error as Error).message
    toast({
      text: cancelled ? message : `Fetching from Hugging Face failed: ${message}`,
      tone: cancelled ? 'info' : 'error',
    })
  }
}

export function useFetchDays(onFetched?: (report: DailyFetchReport) => void) {
  const toast = useToast()
  return useCallback(
    (range: { from?: string; to?: string }) => fetchDaysAndTell(range, toast, onFetched),
    [onFetched, toast],
  )
}

/** The newest day a fetch brought papers for: the day to show after it. */
export function newestFetchedDay(report: DailyFetchReport): string | null {
  return report.days.filter((d) => d.state === 'fetched' && d.papers > 0).pop()?.date ?? null
}

/** One line a person reads after a fetch. */
export function describeFetch(report: DailyFetchReport): string {
  const fetched = report.days.filter((d) => d.state === 'fetched')
  const pending = report.days.filter((d) => d.state === 'pending')
  const failed = report.days.filter((d) => d.state === 'failed')
  const parts: string[] = []
  if (fetched.length > 0) {
    const papers = fetched.reduce((n, d) => n + d.papers, 0)
    const what = fetched.length === 1 ? (fetched[0]?.date ?? '') : `${fetched.length} days`
    const { added, updated, unchanged } = report.import
    parts.push(
      papers === 0
        ? `Hugging Face lists no papers for ${what} yet`
        : `Fetched ${what} from Hugging Face: ${added} added, ${updated} updated, ${unchanged} unchanged`,
    )
  }
  if (pending.length > 0) {
    const days = pending.length === 1 ? (pending[0]?.date ?? '') : `${pending.length} days`
    parts.push(
      `${pending[0]?.reason ?? 'Hugging Face could not be reached'}. ${days} will be fetched when it answers again`,
    )
  }
  for (const f of failed) parts.push(`${f.date}: ${f.reason ?? 'failed'}`)
  return parts.join('. ')
}
