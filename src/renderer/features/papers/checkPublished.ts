import { mutate } from '../../api/query'
import type { ToastMessage } from '../../ui/Toast'

/**
 * "Check for published version" on papers: a task in the task bar (progress, Cancel), and a toast
 * that says what it found.
 */
export async function checkPublishedAndTell(
  ids: string[],
  toast: (t: ToastMessage) => void,
  options: { force?: boolean } = {},
): Promise<void> {
  if (ids.length === 0) return
  try {
    const report = await mutate('published:check', { ids, ...(options.force ? { force: true } : {}) })
    const parts = [
      `${report.found.length} published`,
      ...(report.suggested.length > 0 ? [`${report.suggested.length} to accept or reject`] : []),
      `${report.notFound.length} not found yet`,
      ...(report.recentlyChecked.length > 0 ? [`${report.recentlyChecked.length} checked this month`] : []),
      ...(report.pending.length > 0 ? [`${report.pending.length} to try again later`] : []),
    ]
    toast({
      text: `Published versions: ${parts.join(', ')}`,
      ...(report.pending.length > 0 ? { tone: 'error' as const } : {}),
    })
  } catch (error) {
    toast({ text: (error as Error).message, tone: 'error' })
  }
}
