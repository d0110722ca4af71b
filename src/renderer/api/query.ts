import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import type { Channel, Output, RawInput } from '../../shared/api'
import { api, connection } from './client'

/**
 * A small query layer: one cache of contract answers keyed by channel + input, shared by every
 * component, refetched when main says the library changed or after a mutation.
 *
 * Only what a change can affect is refetched: a note saved every half second while typing must not
 * reload a 50,000-row paper list.
 */
interface Entry {
  data?: unknown
  error?: Error
  loading: boolean
  stale: boolean
  /** `performance.now()` when the newest load (done or on its way) was asked for. */
  requestedAt: number
  /** Invalidated while its load was in flight: that answer may predate the change, load again. */
  staleAfterLoad?: boolean
}

const cache = new Map<string, Entry>()
const subscribers = new Set<() => void>()
const notify = () => subscribers.forEach((s) => s())

/** How many components show each key; unused entries are evicted beyond a few (a list can be 15 MB). */
const users = new Map<string, number>()
const unused: string[] = []
const KEEP_UNUSED = 8

function keyOf(channel: Channel, input: unknown): string {
  return `${channel} ${JSON.stringify(input)}`
}

function load(channel: Channel, input: unknown, key: string): void {
  const previous = cache.get(key)
  const requestedAt = performance.now()
  const entry: Entry = {
    ...(previous ?? {}),
    loading: true,
    stale: false,
    requestedAt,
    staleAfterLoad: false,
  }
  cache.set(key, entry)
  api.call(channel, input as never).then(
    (data) => {
      const current = cache.get(key)
      cache.set(key, {
        data,
        loading: false,
        stale: current?.staleAfterLoad === true,
        requestedAt,
      })
      notify()
    },
    (error: Error) => {
      const current = cache.get(key)
      cache.set(key, {
        error,
        loading: false,
        stale: current?.staleAfterLoad === true,
        requestedAt,
        ...(previous?.data === undefined ? {} : { data: previous.data }),
      })
      notify()
    },
  )
}

/**
 * Marks cached answers whose key starts with one of the prefixes stale (all when none given); the
 * views showing them refetch. `before` limits it to answers asked for before that time.
 */
export function invalidate(...prefixes: string[]): void {
  invalidateWhere(prefixes.length === 0 ? 'all' : prefixes, Number.POSITIVE_INFINITY)
}

function invalidateWhere(prefixes: readonly string[] | 'all', before: number): void {
  for (const [key, entry] of cache) {
    if (prefixes !== 'all' && !prefixes.some((p) => key.startsWith(p))) continue
    if (entry.requestedAt >= before) continue
    cache.set(key, entry.loading ? { ...entry, staleAfterLoad: true } : { ...entry, stale: true })
  }
  notify()
}

/**
 * What a change event makes out of date among the small answers kept here (the paper rows are kept
 * by rows/liveRows.ts): the touched papers' details, the lists and settings it carries, the days.
 */
// Sync says when its state changed (synced, offline, a conflict came): Settings › Sync asks again.
connection.onEvent((event) => {
  if (event.name === 'sync:changed') invalidateWhere(['sync:'], Number.POSITIVE_INFINITY)
})

connection.onEvent((event) => {
  if (event.name !== 'library:changed') return
  const change = event.data
  const ids = new Set([
    ...(change.papers?.rows.map((r) => r.id) ?? []),
    ...(change.papers?.removed ?? []),
    ...(change.notes ?? []),
    ...(change.annotations ?? []),
  ])
  const prefixes = [...ids].map((id) => keyOf('papers:get', { id }))
  if (change.digests || (change.papers?.removed.length ?? 0) > 0) prefixes.push('app:info', 'digests:')
  if (change.lists) {
    const { rows, removed } = change.lists
    setCached('lists:list', {}, (lists) => {
      const gone = new Set([...removed, ...rows.map((r) => r.id)])
      const next = [
        ...lists.filter((l) => !gone.has(l.id)),
        ...rows.map(({ paperIds: _paperIds, ...summary }) => summary),
      ]
      return next.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
    })
    prefixes.push('papers:recommend')
  }
  const settings = change.settings
  if (settings) setCached('settings:get', {}, () => settings)
  if (prefixes.length > 0) invalidateWhere(prefixes, Number.POSITIVE_INFINITY)
})

/** Replaces a cached answer with what an event says it now is (nothing when it was never loaded). */
function setCached<C extends Channel>(
  channel: C,
  input: RawInput<C>,
  next: (data: Output<C>) => Output<C>,
): void {
  const key = keyOf(channel, input)
  const entry = cache.get(key)
  if (!entry) return
  if (entry.data !== undefined) cache.set(key, { ...entry, data: next(entry.data as Output<C>) })
  // An answer still on its way was asked for before this change and would undo it: ask again once
  // it lands (the first load of Settings racing a settings change, for one).
  if (entry.loading) invalidateWhere([key], Number.POSITIVE_INFINITY)
  else notify()
}

export interface QueryResult<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
}

export interface QueryOptions {
  enabled?: boolean
  /**
   * While a new input loads, go on showing the answer for the previous one (the detail pane as
   * j/k move through papers: no "Loading…" flashing in between).
   */
  keepPrevious?: boolean
}

export function useQuery<C extends Channel>(
  channel: C,
  input: RawInput<C>,
  options: boolean | QueryOptions = true,
): QueryResult<Output<C>> {
  const { enabled = true, keepPrevious = false } =
    typeof options === 'boolean' ? { enabled: options } : options
  const key = keyOf(channel, input)
  const subscribe = useCallback((onChange: () => void) => {
    subscribers.add(onChange)
    return () => subscribers.delete(onChange)
  }, [])
  const entry = useSyncExternalStore(subscribe, () => cache.get(key))
  useEffect(() => {
    if (!enabled) return
    const current = cache.get(key)
    if (!current || (current.stale && !current.loading)) load(channel, input, key)
  }, [key, enabled, entry, channel, input])
  useEffect(() => {
    if (!enabled) return
    use(key)
    return () => release(key)
  }, [key, enabled])

  const [shown, setShown] = useState<{ data: unknown } | null>(null)
  if (keepPrevious && entry?.data !== undefined && shown?.data !== entry.data) {
    setShown({ data: entry.data })
  }
  const previous = keepPrevious && entry?.data === undefined && !entry?.error ? shown : null
  return {
    data: (entry?.data ?? previous?.data) as Output<C> | undefined,
    error: entry?.error,
    loading: entry === undefined || entry.loading,
  }
}

function use(key: string): void {
  users.set(key, (users.get(key) ?? 0) + 1)
  const at = unused.indexOf(key)
  if (at >= 0) unused.splice(at, 1)
}

function release(key: string): void {
  const left = (users.get(key) ?? 1) - 1
  if (left > 0) {
    users.set(key, left)
    return
  }
  users.delete(key)
  unused.push(key)
  while (unused.length > KEEP_UNUSED) {
    const evicted = unused.shift()
    if (evicted !== undefined && !users.has(evicted)) cache.delete(evicted)
  }
}

/** Reads a cached answer without subscribing (undefined when it was never loaded). */
export function peek<C extends Channel>(channel: C, input: RawInput<C>): Output<C> | undefined {
  return cache.get(keyOf(channel, input))?.data as Output<C> | undefined
}

/**
 * Routes whose every effect is a store commit, which main describes in a change event: the event
 * patches what is shown, so their answers refresh nothing.
 */
const DESCRIBED_BY_EVENTS = new Set<Channel>([
  'papers:update',
  'notes:save',
  'settings:update',
  'lists:create',
  'lists:rename',
  'lists:delete',
  'lists:restore',
  'lists:addPapers',
  'lists:removePapers',
  'lists:reorder',
  'annotations:save',
  'annotations:delete',
  'annotations:restore',
  'viewer:save',
  'tasks:cancel',
])

/**
 * Calls a mutation. Its effects on the library come back as change events; anything else it may
 * have changed outside the store (the PDF cache, fetch status) is refreshed after it, done or failed.
 */
export async function mutate<C extends Channel>(channel: C, input: RawInput<C>): Promise<Output<C>> {
  try {
    return await api.call(channel, input)
  } finally {
    if (!DESCRIBED_BY_EVENTS.has(channel)) invalidateWhere('all', Number.POSITIVE_INFINITY)
  }
}
