import type { PaperSummary } from './api'
import { foldText } from './foldText'

/** `natural` is the order the rows came in: a list's own order, a digest's, or search rank. */
export type SortKey = 'natural' | 'date' | 'votes' | 'title' | 'added' | 'opened'
export interface Sort {
  key: SortKey
  descending: boolean
}

/** Where the rows come from; each remembers its own sort. */
export type SortContext = 'library' | 'list' | 'digest' | 'search' | 'recommend'

export const SORT_LABELS: Record<Exclude<SortKey, 'natural'>, string> = {
  date: 'Digest date',
  votes: 'Votes',
  title: 'Title',
  added: 'Date added',
  opened: 'Last opened',
}
export const NATURAL_LABELS: Record<SortContext, string | null> = {
  library: null,
  list: 'List order',
  digest: 'Digest order',
  search: 'Best match',
  recommend: 'Most similar',
}

export const DEFAULT_SORTS: Record<SortContext, Sort> = {
  library: { key: 'date', descending: true },
  list: { key: 'natural', descending: false },
  digest: { key: 'natural', descending: false },
  search: { key: 'natural', descending: false },
  recommend: { key: 'natural', descending: false },
}

/** The direction a key starts in when chosen: newest, most voted, A to Z. */
export function naturalDirection(key: SortKey): boolean {
  return key !== 'title' && key !== 'natural'
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

type Compare = (a: PaperSummary, b: PaperSummary) => number
/** Compares present values; a missing one (no votes, never opened) sorts last in either direction. */
function byNullable<V>(
  get: (p: PaperSummary) => V | null,
  compare: (a: V, b: V) => number,
  descending: boolean,
): Compare {
  return (a, b) => {
    const x = get(a)
    const y = get(b)
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    return descending ? compare(y, x) : compare(x, y)
  }
}
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const number = (a: number, b: number) => a - b

function comparator(sort: Sort): Compare {
  const d = sort.descending
  const title = byNullable((p) => p.title, collator.compare, false)
  const date = byNullable((p) => p.date, text, true)
  const votes = byNullable((p) => p.votes, number, true)
  const chain =
    (...compares: Compare[]): Compare =>
    (a, b) => {
      for (const c of compares) {
        const r = c(a, b)
        if (r !== 0) return r
      }
      return 0
    }
  switch (sort.key) {
    case 'date':
      return chain(
        byNullable((p) => p.date, text, d),
        votes,
        title,
      )
    case 'votes':
      return chain(
        byNullable((p) => p.votes, number, d),
        date,
        title,
      )
    case 'title':
      return chain(
        byNullable((p) => p.title, collator.compare, d),
        date,
      )
    case 'added':
      return chain(
        byNullable((p) => p.addedAt, text, d),
        date,
        title,
      )
    case 'opened':
      return chain(
        byNullable((p) => p.lastOpenedAt, text, d),
        date,
        title,
      )
    case 'natural':
      return () => 0
  }
}

/** The rows in the chosen order; a new array only when the order changes. */
export function sortRows<T extends PaperSummary>(rows: readonly T[], sort: Sort): readonly T[] {
  if (sort.key === 'natural') return sort.descending ? [...rows].reverse() : rows
  if (sort.key === 'title') return sortByTitle(rows, sort.descending)
  return [...rows].sort(comparator(sort))
}

/**
 * A–Z by title. A collator compares 50,000 titles in half a second; their folded forms (lowercase,
 * accents stripped) compare as plain strings in a tenth of that, and the order is the same but for
 * the collator's finer points (numbers by value, punctuation weights), which titles rarely test.
 */
function sortByTitle<T extends PaperSummary>(rows: readonly T[], descending: boolean): T[] {
  const keyed = rows.map((row) => ({ key: foldText(row.title), row }))
  const then = comparator({ key: 'date', descending: true })
  keyed.sort((a, b) => {
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : then(a.row, b.row)
    return descending && a.key !== b.key ? -order : order
  })
  return keyed.map((k) => k.row)
}
