/**
 * Fractional order keys: strings that sort (by code unit) in list order, so that a paper can be put
 * between two neighbours by writing its own key only. Two machines inserting at the same place may
 * pick the same key; readers break such ties by paper id, so every machine shows the same order.
 * Keys never end in the lowest digit, which keeps room below every key.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const BASE = DIGITS.length

const digit = (key: string, i: number): number => DIGITS.indexOf(key[i] ?? '')

export function isOrderKey(key: string): boolean {
  return key.length > 0 && [...key].every((c) => DIGITS.includes(c)) && !key.endsWith(DIGITS[0] ?? '')
}

/** A key strictly between `a` and `b` (null: the start or the end of the list). */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && b !== null && a >= b) throw new Error(`order keys out of order: ${a} ≥ ${b}`)
  return midpoint(a ?? '', b)
}

function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    // Skip the common prefix (reading `a` as padded with the lowest digit).
    let n = 0
    while ((a[n] ?? DIGITS[0]) === b[n]) n++
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n))
  }
  const low = a === '' ? 0 : digit(a, 0)
  const high = b === null ? BASE : digit(b, 0)
  if (high - low > 1) return DIGITS[Math.round((low + high) / 2)] ?? ''
  // Adjacent digits: a longer `b` leaves its first digit as a key between them…
  if (b !== null && b.length > 1) return b.slice(0, 1)
  // …else go one digit deeper after `a`'s first.
  return (DIGITS[low] ?? '') + midpoint(a.slice(1), null)
}

/** `n` keys in order strictly between `a` and `b`, spread so that their length grows as log(n). */
export function keysBetween(a: string | null, b: string | null, n: number): string[] {
  if (n <= 0) return []
  const mid = keyBetween(a, b)
  const left = Math.floor((n - 1) / 2)
  return [...keysBetween(a, mid, left), mid, ...keysBetween(mid, b, n - 1 - left)]
}

/**
 * Order keys for `ids` in this order, keeping as many `existing` keys as possible (the longest run
 * already in order) so that a move or an insertion rewrites only the papers that moved.
 */
export function assignOrderKeys(
  ids: readonly string[],
  existing: ReadonlyMap<string, string>,
): Map<string, string> {
  const kept = longestOrderedRun(ids.map((id) => existing.get(id)))
  const keys = new Map<string, string>()
  let i = 0
  while (i < ids.length) {
    if (kept.has(i)) {
      keys.set(ids[i] as string, existing.get(ids[i] as string) as string)
      i++
      continue
    }
    // A gap of papers without a kept key: spread new keys between its kept neighbours.
    let j = i
    while (j < ids.length && !kept.has(j)) j++
    const before = i > 0 ? (keys.get(ids[i - 1] as string) ?? null) : null
    const after = j < ids.length ? (existing.get(ids[j] as string) ?? null) : null
    keysBetween(before, after, j - i).forEach((key, k) => keys.set(ids[i + k] as string, key))
    i = j
  }
  return keys
}

/** Indices of a longest strictly increasing subsequence of the defined keys (patience sorting). */
function longestOrderedRun(keys: (string | undefined)[]): Set<number> {
  const tails: number[] = []
  const previous = new Array<number>(keys.length).fill(-1)
  keys.forEach((key, i) => {
    if (key === undefined || !isOrderKey(key)) return
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((keys[tails[mid] as number] as string) < key) lo = mid + 1
      else hi = mid
    }
    previous[i] = lo > 0 ? (tails[lo - 1] as number) : -1
    tails[lo] = i
  })
  const run = new Set<number>()
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i] as number) run.add(i)
  return run
}
