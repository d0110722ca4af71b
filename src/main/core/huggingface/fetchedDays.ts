/**
 * What Lectern has fetched from Hugging Face, per day, in `hf-days.json` beside the library: when
 * each day was last fetched, and the days asked for that could not be fetched yet (offline) with
 * why. It is derived bookkeeping, not the user's data: a lost or unreadable file only means some
 * days are fetched again, so it is replaced, not quarantined.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileDurably } from '../store/durableFile'

const day = z.iso.date()
const fileSchema = z.object({
  format: z.literal('lectern-hf-days'),
  version: z.literal(1),
  /** Day → ISO time of its last complete fetch. */
  fetched: z.record(day, z.iso.datetime()),
  /** Day → why it is still to be fetched. */
  pending: z.record(day, z.string().max(2000)),
  /** The last failure of any fetch, for Settings to show; null once one succeeds. */
  lastError: z.object({ at: z.iso.datetime(), message: z.string().max(2000) }).nullable(),
})
export type FetchedDaysData = z.infer<typeof fileSchema>

export const FETCHED_DAYS_FILE = 'hf-days.json'
// A daily fetch every day for years stays small; older entries are forgotten beyond this.
const MAX_DAYS_KEPT = 1000

export class FetchedDays {
  private readonly path: string
  private loaded: Promise<FetchedDaysData> | null = null
  private writing: Promise<void> = Promise.resolve()

  /** `onProblem` hears why an existing file could not be read (it is then started afresh). */
  constructor(
    dataDir: string,
    private readonly onProblem: (message: string) => void,
  ) {
    this.path = join(dataDir, FETCHED_DAYS_FILE)
  }

  /** The current record (read from disk once). */
  current(): Promise<FetchedDaysData> {
    this.loaded ??= this.read()
    return this.loaded
  }

  async pending(): Promise<{ date: string; reason: string }[]> {
    const { pending } = await this.current()
    return Object.entries(pending)
      .map(([date, reason]) => ({ date, reason }))
      .sort((a, b) => a.date.localeCompare(b.date))
  }

  async record(change: {
    fetched?: { date: string; at: string }[]
    pending?: { date: string; reason: string }[]
    error?: { at: string; message: string } | null
  }): Promise<void> {
    const before = await this.current()
    const fetched = { ...before.fetched }
    const pending = { ...before.pending }
    for (const f of change.fetched ?? []) {
      fetched[f.date] = f.at
      delete pending[f.date]
    }
    for (const p of change.pending ?? []) pending[p.date] = p.reason
    const next: FetchedDaysData = {
      ...before,
      fetched: newest(fetched),
      pending: newest(pending),
      lastError: change.error === undefined ? before.lastError : change.error,
    }
    this.loaded = Promise.resolve(next)
    const text = JSON.stringify(next, null, 1)
    // Writes go one after the other so that the last recorded state is the one on disk.
    this.writing = this.writing.catch(() => undefined).then(() => writeFileDurably(this.path, text))
    await this.writing
  }

  private async read(): Promise<FetchedDaysData> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.onProblem(`${this.path}: ${(error as Error).message}; starting afresh`)
      return empty()
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      this.onProblem(`${this.path} is not JSON (${(error as Error).message}); starting afresh`)
      return empty()
    }
    const parsed = fileSchema.safeParse(json)
    if (parsed.success) return parsed.data
    this.onProblem(`${this.path} is not a record of fetched days; starting afresh`)
    return empty()
  }
}

function empty(): FetchedDaysData {
  return { format: 'lectern-hf-days', version: 1, fetched: {}, pending: {}, lastError: null }
}

function newest<T>(record: Record<string, T>): Record<string, T> {
  const keys = Object.keys(record).sort()
  if (keys.length <= MAX_DAYS_KEPT) return record
  return Object.fromEntries(keys.slice(-MAX_DAYS_KEPT).map((k) => [k, record[k] as T]))
}
