import { useCallback, useEffect, useState } from 'react'
import type { SearchResult } from '../../../shared/api'
import { api } from '../../api/client'
import { useLecternEvent } from '../../api/events'

/** Hits past this many are not sent; the list says so. Filters alone (`is:unread`) can match a lot. */
export const SEARCH_LIMIT = 1000
const DEBOUNCE_MS = 90

export interface SearchState {
  /** What is typed in the box. */
  text: string
  setText: (text: string) => void
  clear: () => void
  /** Something is typed: the list shows hits instead of the view. */
  active: boolean
  /** Hits of the newest answered query (may lag a keystroke behind `text`). */
  result: (SearchResult & { q: string; requestedAt: number }) | null
  /** A query for the current text is on its way. */
  pending: boolean
  error: Error | null
}

/**
 * Search as you type: queries go out a moment after typing stops, answers to older queries are
 * dropped, and the current query runs again when the library changes. Not kept in the shared
 * cache: every keystroke would leave an answer there.
 */
export function useSearch(): SearchState {
  const [text, setText] = useState('')
  const [query, setQuery] = useState('')
  const [generation, setGeneration] = useState(0)
  const [result, setResult] = useState<SearchState['result']>(null)
  const [error, setError] = useState<Error | null>(null)
  const active = text.trim() !== ''

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim() === '' ? '' : text), DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text])
  useLecternEvent('library:changed', () => setGeneration((g) => g + 1))

  useEffect(() => {
    if (query === '') return
    let current = true
    const requestedAt = performance.now()
    // Rows only for hits that matched words (they carry what to mark): the rest are held by id.
    api.call('search:query', { q: query, limit: SEARCH_LIMIT, rows: false }).then(
      (answer) => {
        if (!current) return
        setResult({ ...answer, q: query, requestedAt })
        setError(null)
      },
      (e: Error) => current && setError(e),
    )
    return () => {
      current = false
    }
  }, [query, generation])

  const clear = useCallback(() => setText(''), [])
  return {
    text,
    setText,
    clear,
    active,
    result: active ? result : null,
    pending: active && result?.q !== text,
    error: active ? error : null,
  }
}
