import type { PaperSummary } from './api'

/** The library's smart views: rules over a paper's list row, the same in main and in the renderer. */
export type SmartView = 'unread' | 'starred' | 'week' | 'notes' | 'published' | 'preprint'

/** Which rows a smart view shows (`now` sets what "this week" is). */
export function smartFilter(view: SmartView, now: Date): (row: PaperSummary) => boolean {
  switch (view) {
    case 'unread':
      return (row) => row.status === 'unread'
    case 'starred':
      return (row) => row.starred
    case 'notes':
      return (row) => row.hasNote
    case 'week': {
      const since = new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10)
      return (row) => (row.date ?? row.addedAt.slice(0, 10)) >= since
    }
    case 'published':
      return (row) => row.published === 'published'
    // Preprint only: no confirmed published version (a pending suggestion is not one yet).
    case 'preprint':
      return (row) => row.published !== 'published'
  }
}
