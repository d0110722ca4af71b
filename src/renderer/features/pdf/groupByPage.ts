/** Items (highlights, find matches) by the page they are on. */
export function groupByPage<T>(items: readonly T[], pageOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>()
  for (const item of items) {
    const page = pageOf(item)
    const group = groups.get(page)
    if (group) group.push(item)
    else groups.set(page, [item])
  }
  return groups
}
