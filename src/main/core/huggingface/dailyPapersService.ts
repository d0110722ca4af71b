import type { DailyFetchDay, DailyFetchReport, ImportReport } from '../../../shared/api'
import { LecternError } from '../../../shared/errors'
import type { DigestImporter } from '../digests/digestImporter'
import { digestsOfAnswer } from './dailyDigest'
import type { DailyPapersClient } from './dailyPapersClient'
import type { FetchedDays } from './fetchedDays'

export interface DailyPapersServiceDeps {
  importer: DigestImporter
  /** The app-wide client for the current base URL (one instance, so its rate limit holds). */
  client: () => DailyPapersClient
  days: FetchedDays
  now: () => Date
}

export interface FetchDaysOptions {
  signal?: AbortSignal
  onProgress?: (done: number, total: number, detail?: string) => void
}

const DAY_MS = 86_400_000
/** One request a day at least: a year is about 260 non-empty days and stays well inside the limit. */
export const MAX_DAYS_PER_FETCH = 366

/**
 * Fetches days of Hugging Face Daily Papers and hands each, as parsed digest days, to the importer's
 * merge step, one day at a time: what was fetched before a cancel or a lost connection is kept. Days
 * that could not be reached are remembered as pending and tried again later.
 */
export class DailyPapersService {
  constructor(private readonly deps: DailyPapersServiceDeps) {}

  /** Today as Hugging Face dates it (UTC): a later date is refused by the Hub. */
  today(): string {
    return this.deps.now().toISOString().slice(0, 10)
  }

  /** The days from `from` to `to` (both included), checked: real dates, not after today, not too many. */
  daysBetween(from: string, to: string): string[] {
    for (const date of [from, to]) {
      if (!isRealDate(date))
        throw new LecternError('invalid-input', `"${date}" is not a date (YYYY-MM-DD, e.g. 2024-02-13)`)
    }
    const today = this.today()
    if (to > today)
      throw new LecternError(
        'invalid-input',
        `${to} is in the future; Hugging Face lists days up to today (${today}, UTC)`,
      )
    if (from > to) throw new LecternError('invalid-input', `The range starts (${from}) after it ends (${to})`)
    const start = Date.parse(`${from}T00:00:00Z`)
    const count = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS) + 1
    if (count > MAX_DAYS_PER_FETCH)
      throw new LecternError(
        'invalid-input',
        `${from} to ${to} is ${count} days; fetch at most ${MAX_DAYS_PER_FETCH} at a time`,
      )
    return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10))
  }

  async fetchDays(dates: string[], options: FetchDaysOptions = {}): Promise<DailyFetchReport> {
    const { importer, days } = this.deps
    const client = this.deps.client()
    const report: DailyFetchReport = {
      days: [],
      import: { files: [], added: 0, updated: 0, unchanged: 0, skipped: 0 },
    }
    options.onProgress?.(0, dates.length)
    for (const [index, date] of dates.entries()) {
      let answer
      try {
        answer = await client.list(
          { date },
          {
            ...(options.signal ? { signal: options.signal } : {}),
            onProgress: (p) =>
              options.onProgress?.(index, dates.length, progressDetail(date, p.pages, p.nextRequestInMs)),
          },
        )
      } catch (error) {
        if (!(error instanceof LecternError)) throw error
        if (error.code === 'cancelled') {
          throw new LecternError(
            'cancelled',
            `Fetching was cancelled; ${index} of ${dates.length} days were fetched and are in the library`,
          )
        }
        if (error.code === 'network') {
          // Offline or rate-limited for long: this day and the rest wait for a later try.
          const rest = dates.slice(index).map((d) => ({ date: d, reason: error.message }))
          await days.record({
            pending: rest,
            error: { at: this.deps.now().toISOString(), message: error.message },
          })
          report.days.push(...rest.map((r): DailyFetchDay => ({ ...r, state: 'pending', papers: 0 })))
          return report
        }
        if (error.code !== 'invalid-input') throw error
        // The Hub refused this day (400): say why and go on with the others.
        report.days.push({ date, state: 'failed', papers: 0, reason: error.message })
        continue
      }
      const digests = digestsOfAnswer(answer, date)
      addImport(report.import, await importer.importDays(digests))
      report.days.push({ date, state: 'fetched', papers: answer.items.length })
      await days.record({ fetched: [{ date, at: this.deps.now().toISOString() }], error: null })
      options.onProgress?.(index + 1, dates.length)
    }
    return report
  }
}

function progressDetail(date: string, pages: number, waitMs: number): string {
  const wait = waitMs > 0 ? `, next request in ${Math.ceil(waitMs / 1000)} s` : ''
  return `${date}: ${pages} ${pages === 1 ? 'page' : 'pages'}${wait}`
}

function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false
  const time = Date.parse(`${date}T00:00:00Z`)
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(date)
}

function addImport(total: ImportReport, day: ImportReport): void {
  total.files.push(...day.files)
  total.added += day.added
  total.updated += day.updated
  total.unchanged += day.unchanged
  total.skipped += day.skipped
}
