/** Where the rows come from: main's order of the library, cut into pages by position. */
export interface PagedSource<T> {
  page(offset: number, limit: number): Promise<T[]>
  /** The whole library in one answer. */
  all(): Promise<T[]>
}

export interface PagingPlan<T> {
  /** Enough rows for the first screen. */
  firstPage: number
  /** The rest comes in pages of this many. */
  restPage: number
  /** Takes a batch of rows: the first page, then all the rest at once. */
  onRows(rows: readonly T[], options: { complete: boolean }): void
  /** Resolves when the rest may be asked for (the first screen is painted). */
  firstShown(): Promise<void>
  /** Whether main's order may have moved since the first page was asked for (pages may not fit). */
  moved(): boolean
}

/**
 * Loads the library as the first screen needs it: one small page, handed over at once, then (once
 * that is on screen) the rest in pages, each a short piece of work for main so a star or another tab
 * is answered between them. Pages are cut by position: if a paper was added, removed or moved in
 * between, a row at a page's edge could be missed, so the whole library is asked for again instead.
 */
export async function loadInPages<T>(source: PagedSource<T>, plan: PagingPlan<T>): Promise<void> {
  const first = await source.page(0, plan.firstPage)
  const complete = first.length < plan.firstPage
  plan.onRows(first, { complete })
  if (complete) return
  await plan.firstShown()
  let rest: T[] = []
  for (let offset = plan.firstPage; ; offset += plan.restPage) {
    const page = await source.page(offset, plan.restPage)
    for (const row of page) rest.push(row)
    if (page.length < plan.restPage) break
  }
  if (plan.moved()) rest = await source.all()
  plan.onRows(rest, { complete: true })
}
