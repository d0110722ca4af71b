import type { LibraryStore } from '../store/libraryStore'
import type { PaperHead } from '../store/paperParts'
import { isLive } from './entity'

interface Keyed {
  id: string
  date: string
  votes: number
}

/**
 * The live papers' ids in the library's own order (newest digest day first, then most votes), kept
 * between calls: sorting 50,000 papers costs far more than the first screenful it is asked for, and a
 * star or a note leaves the order as it was. Only a commit that adds or removes a paper or moves one
 * of its days or votes makes it sort again, when next asked.
 */
export class LibraryOrder {
  private sorted: string[] | null = null
  /** Each paper's sort key as the order was made with it. */
  private readonly keys = new Map<string, Keyed>()

  constructor(private readonly store: LibraryStore) {
    store.onCommit((change) => {
      if (this.sorted === null) return
      for (const id of change.papers) {
        const head = store.head(id)
        const before = this.keys.get(id)
        const live = isLive(head)
        if (!before && !live) continue
        if (!before || !live || !sameKey(before, keyOf(head))) {
          this.sorted = null
          return
        }
      }
    })
  }

  /** Every live paper's id, in order (the same array until a commit changes the order). */
  ids(): readonly string[] {
    if (this.sorted) return this.sorted
    this.keys.clear()
    const keyed: Keyed[] = []
    for (const head of this.store.allHeads()) {
      if (!isLive(head)) continue
      const key = keyOf(head)
      keyed.push(key)
      this.keys.set(head.id, key)
    }
    // Days are YYYY-MM-DD: plain comparison orders them, many times faster than localeCompare.
    keyed.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.votes - a.votes))
    return (this.sorted = keyed.map((k) => k.id))
  }
}

function keyOf(head: PaperHead): Keyed {
  const newest = newestAppearance(head)
  return { id: head.id, date: newest?.date ?? '', votes: newest?.votes ?? -1 }
}

function sameKey(a: Keyed, b: Keyed): boolean {
  return a.date === b.date && a.votes === b.votes
}

export function newestAppearance(paper: PaperHead): PaperHead['appearances'][number] | undefined {
  // A loop, not reduce with a closure: rows are made a thousand at a time.
  let newest: PaperHead['appearances'][number] | undefined
  for (const a of paper.appearances) if (!newest || a.date > newest.date) newest = a
  return newest
}
