// One formatter for every day: `toLocaleDateString` with options builds a new one per call (slow).
const DAY_FORMAT = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})

/** `2024-02-13` → `Tue 13 Feb 2024`, always in UTC so the day never shifts. */
export function formatDay(date: string): string {
  return DAY_FORMAT.format(new Date(`${date}T00:00:00Z`))
}
