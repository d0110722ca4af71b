/**
 * The search box syntax: free text plus filters `list:NAME`, `tag:X`, `is:unread|reading|read|starred`,
 * `has:note|pdf`, `day:YYYY-MM-DD` (or a month `day:2024-02`, a year `day:2024`), `author:NAME` and
 * `in:pdf|note|highlight`, where a value may be quoted (`list:"To read"`). Filter keys are
 * case-insensitive; an unknown key (`foo:bar`, `https://…`) or an unknown `is:`, `has:`, `day:` or
 * `in:` value stays part of the text.
 *
 * How a caller runs a parsed query against `SearchIndex`:
 *
 *     const q = parseSearchQuery(input)
 *     const hits = index.search(q.text, {
 *       and: authorClauses(q),                // author: matches in the authors field only
 *       filter: (id) => passes(id, q),         // list:, tag:, is: — the caller owns that data
 *     })
 *
 * With no text and no author (`is:unread tag:survey`) `search` returns every id that passes the
 * filter, unranked: the caller sorts them by its own key.
 */
import type { SearchClause } from './searchIndex'

export type IsFilter = 'unread' | 'reading' | 'read' | 'starred'
export type HasFilter = 'note' | 'pdf'
/** `in:pdf`, `in:note`, `in:highlight`: where the text must match (several: any of them). */
export type InScope = 'pdf' | 'note' | 'highlight'

export interface ParsedQuery {
  /**
   * Free text, words separated by single spaces. It ends in a space when the last word is complete
   * (followed by a space or a filter in the input), so that `SearchIndex` matches only a last word
   * that is still being typed as a prefix.
   */
  text: string
  lists: string[]
  tags: string[]
  authors: string[]
  is: IsFilter[]
  has: HasFilter[]
  /** Digest days, months or years (`2024-02-13`, `2024-02`, `2024`): the paper appeared in one. */
  days: string[]
  in: InScope[]
}

const IN_VALUES: readonly string[] = ['pdf', 'note', 'highlight'] satisfies InScope[]
const IS_VALUES: readonly string[] = ['unread', 'reading', 'read', 'starred'] satisfies IsFilter[]
const HAS_VALUES: readonly string[] = ['note', 'pdf'] satisfies HasFilter[]
const DAY_VALUE = /^\d{4}(-\d{2}(-\d{2})?)?$/
const FILTER = /^(list|tag|is|has|day|author|in):/i

export function parseSearchQuery(q: string): ParsedQuery {
  const parsed: ParsedQuery = {
    text: '',
    lists: [],
    tags: [],
    authors: [],
    is: [],
    has: [],
    days: [],
    in: [],
  }
  const words: string[] = []
  /** Whether the last text word reached the end of the input (still being typed). */
  let textAtEnd = false
  let i = 0
  while (i < q.length) {
    if (/\s/.test(q.charAt(i))) {
      i++
      continue
    }
    const start = i
    const key = FILTER.exec(q.slice(i, i + 7))?.[1]?.toLowerCase()
    if (key !== undefined) {
      const valueStart = i + key.length + 1
      const { value, end } = readValue(q, valueStart)
      i = end
      // A bare `tag:` is a filter still being typed: neither a filter nor text yet.
      if (value === '') {
        textAtEnd = false
        continue
      }
      const lower = value.toLowerCase()
      const known =
        key === 'is'
          ? IS_VALUES.includes(lower)
          : key === 'has'
            ? HAS_VALUES.includes(lower)
            : key === 'in'
              ? IN_VALUES.includes(lower)
              : true
      if (!known || (key === 'day' && !DAY_VALUE.test(value))) {
        words.push(q.slice(start, end))
        textAtEnd = end >= q.length
        continue
      }
      if (key === 'list') parsed.lists.push(value)
      else if (key === 'tag') parsed.tags.push(value)
      else if (key === 'author') parsed.authors.push(value)
      else if (key === 'day') parsed.days.push(value)
      else if (key === 'has') addOnce(parsed.has, lower as HasFilter)
      else if (key === 'in') addOnce(parsed.in, lower as InScope)
      else addOnce(parsed.is, lower as IsFilter)
      textAtEnd = false
      continue
    }
    // Free text; a quoted run (`"diffusion model"`) is one word here, spaces and all.
    const { end } = q.charAt(i) === '"' ? readValue(q, i) : { end: wordEnd(q, i) }
    words.push(q.slice(start, end))
    textAtEnd = end >= q.length
    i = end
  }
  parsed.text = words.join(' ') + (words.length > 0 && !textAtEnd ? ' ' : '')
  return parsed
}

/** `author:` filters as `SearchIndex` clauses, each matched in the authors field only. */
export function authorClauses(q: ParsedQuery): SearchClause[] {
  return q.authors.map((text) => ({ text, fields: ['authors'] }))
}

function addOnce<T>(values: T[], value: T): void {
  if (!values.includes(value)) values.push(value)
}

function wordEnd(q: string, from: number): number {
  let i = from
  while (i < q.length && !/\s/.test(q.charAt(i))) i++
  return i
}

/** A filter value: up to the closing quote (or the end, while it is typed) or the next space. */
function readValue(q: string, from: number): { value: string; end: number } {
  if (q.charAt(from) !== '"') {
    const end = wordEnd(q, from)
    return { value: q.slice(from, end), end }
  }
  const close = q.indexOf('"', from + 1)
  const end = close < 0 ? q.length : close + 1
  return { value: q.slice(from + 1, close < 0 ? q.length : close).trim(), end }
}
