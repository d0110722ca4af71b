import type { SyncServer } from './replica'
import { problemOf, type LiveActivity, type SyncService } from './syncService'

export type LiveState = 'syncing' | 'synced' | 'offline' | 'error'

/**
 * Live sync with `server` until `signal` aborts; a failure waits (doubling, up to `maxRetryMs`, or
 * 5 minutes for a problem a person must fix, such as a refused login, which must not lock the account)
 * and starts over. Used for the library's own database and for each shared list's.
 */
export async function keepSyncing(options: {
  open: () => Promise<SyncService>
  server: SyncServer
  signal: AbortSignal
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  maxRetryMs?: number
  onState: (state: LiveState, reason: string | null) => void
  onError: (message: string) => void
  onSynced?: () => void
  onDenied?: (reason: string) => void
}): Promise<void> {
  const { signal } = options
  let failures = 0
  while (!signal.aborted) {
    try {
      const service = await options.open()
      options.onState('syncing', null)
      await service.syncLive(options.server, {
        signal,
        onError: options.onError,
        onActivity: (activity: LiveActivity) =>
          options.onState(activity.state, 'reason' in activity ? activity.reason : null),
        ...(options.onSynced ? { onSynced: options.onSynced } : {}),
        ...(options.onDenied ? { onDenied: options.onDenied } : {}),
        ...(options.maxRetryMs !== undefined ? { maxRetryMs: options.maxRetryMs } : {}),
      })
      return
    } catch (error) {
      if (signal.aborted) return
      const problem = problemOf(error)
      options.onState(problem.state, problem.reason)
      failures++
      const wait =
        problem.state === 'error'
          ? 5 * 60_000
          : Math.min(options.maxRetryMs ?? 60_000, 1000 * 2 ** Math.min(failures, 10))
      await options.sleep(wait, signal).catch(() => undefined)
    }
  }
}
