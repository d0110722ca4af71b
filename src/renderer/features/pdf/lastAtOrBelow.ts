/**
 * In ascending `starts` (pages' tops, text items' offsets), the index of the last one at or below
 * `x`: the one holding `x`. 0 when `x` comes before the first, or there is none.
 */
export function lastAtOrBelow(starts: readonly number[], x: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((starts[mid] ?? 0) <= x) lo = mid
    else hi = mid - 1
  }
  return lo
}
