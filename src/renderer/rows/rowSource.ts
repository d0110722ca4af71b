import type { LibraryChange } from '../../shared/api'
import { api, connection } from '../api/client'
import { loadInPages } from './loadInPages'
import { RowStore } from './rowStore'

/**
 * The renderer's one copy of the paper rows, loaded and kept up to date by `library:changed` events.
 * Free of React and of the app: main.tsx starts it before the app's chunk has even arrived, so the
 * first page is on its way while the app loads (liveRows.ts adds the optimistic layer and the hooks).
 */
export const rowStore = new RowStore()

/** Enough rows to fill a tall window twice: painted before the rest of the library arrives. */
const FIRST_PAGE = 120
/** The rest comes in pages of this many rows (a 50,000-row library is never one 20 MB answer). */
const REST_PAGE = 5_000

let loading: Promise<void> | null = null
let error: Error | null = null
const started = deferred()
const shown = deferred()
const appliedListeners = new Set<(change: LibraryChange) => void>()

/** Loads the rows unless they are held or on their way; the first page is shown as soon as it is in. */
export function loadRows(): Promise<void> {
  loading ??= (async () => {
    error = null
    const since = rowStore.mark()
    const reordered = rowStore.reordered
    try {
      await loadInPages(
        {
          page: (offset, limit) => api.call('papers:list', { offset, limit }),
          all: () => api.call('papers:list', {}),
        },
        {
          firstPage: FIRST_PAGE,
          restPage: REST_PAGE,
          onRows: (rows, options) => {
            rowStore.fill(rows, since, options)
            started.resolve()
          },
          // Parsing the rest takes the page's thread: not before the first screen is painted.
          firstShown: () => shown.promise,
          moved: () => rowStore.reordered !== reordered,
        },
      )
    } catch (failure) {
      error = failure as Error
      loading = null
      started.resolve()
      rowStore.touch()
    }
  })()
  return loading
}

/** Resolves once the first page is in, or its load failed (the app then shows why). */
export function firstPageIn(): Promise<void> {
  return started.promise
}

/** The app has painted its first screen: the rest of the rows may come. */
export function firstScreenShown(): void {
  shown.resolve()
}

/** Why the rows could not be loaded, until the next try. */
export function rowsError(): Error | null {
  return error
}

/** Loads the rows again after a failure. */
export function retryRows(): void {
  loading = null
  void loadRows()
}

/** Called after each change is patched into the rows (not after one that revealed a gap). */
export function onApplied(listener: (change: LibraryChange) => void): () => void {
  appliedListeners.add(listener)
  return () => appliedListeners.delete(listener)
}

// Subscribed before the first page is asked for, so that no change in between is missed.
connection.onEvent((event) => {
  if (event.name !== 'library:changed') return
  if (!rowStore.apply(event.data)) {
    // An event was missed (main restarted, the stream dropped): what is held is reloaded.
    rowStore.reset()
    retryRows()
    return
  }
  for (const listener of appliedListeners) listener(event.data)
})

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}
