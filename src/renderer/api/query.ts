import { useCallback, useEffect, useSyncExternalStore } from 'react'
import type { Channel, Output, RawInput } from '../../shared/api'
import { api, connection } from './client'

/**
 * A small query layer: one cache of contract answers keyed by channel + input, shared by every
 * component, refetched when main says the library changed or after a mutation.
 */
interface Entry {
  data?: unknown
  error?: Error
  loading: boolean
  promise?: Promise<void>
  stale: boolean
}

const cache = new Map<string, Entry>()
const subscribers = new Set<() => void>()
const notify = () => subscribers.forEach((s) => s())

function keyOf(channel: Channel, input: unknown): string {
  return `${channel} ${JSON.stringify(input)}`
}

function load(channel: Channel, input: unknown, key: string): void {
  const entry = cache.get(key) ?? { loading: true, stale: false }
  entry.loading = true
  entry.stale = false
  cache.set(key, entry)
  entry.promise = api.call(channel, input as never).then(
    (data) => {
      cache.set(key, { data, loading: false, stale: false })
      notify()
    },
    (error: Error) => {
      cache.set(key, { error, loading: false, stale: false, ...(entry.data === undefined ? {} : { data: entry.data }) })
      notify()
    },
  )
}

/** Marks cached answers whose channel starts with one of the prefixes stale (all when none given). */
export function invalidate(...prefixes: string[]): void {
  for (const [key, entry] of cache) {
    if (prefixes.length === 0 || prefixes.some((p) => key.startsWith(p))) {
      cache.set(key, { ...entry, stale: true })
    }
  }
  notify()
}

connection.onEvent((event) => {
  if (event.name === 'library:changed') invalidate()
})

export interface QueryResult<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
}

export function useQuery<C extends Channel>(channel: C, input: RawInput<C>, enabled = true): QueryResult<Output<C>> {
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
  return {
    data: entry?.data as Output<C> | undefined,
    error: entry?.error,
    loading: entry === undefined || entry.loading,
  }
}

/** Calls a mutation and refreshes every view once it is done. */
export async function mutate<C extends Channel>(channel: C, input: RawInput<C>): Promise<Output<C>> {
  const result = await api.call(channel, input)
  invalidate()
  return result
}
