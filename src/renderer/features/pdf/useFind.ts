import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { groupByPage } from './groupByPage'
import type { StackLayout } from './pageLayout'
import { findInPage, foldedOf, itemAt, phrasePattern, type PageTexts, type TextMatch } from './pageText'

export interface FindResults {
  query: string
  matches: TextMatch[]
  searched: number
  done: boolean
  failedPages: number
}

/** Words to find as the document opens, and the page whose first match is the current one. */
export interface FindOnOpen {
  phrase: string
  page: number
}

export interface Find {
  query: string
  /** A new query: the current match is chosen again when results come. */
  search: (query: string) => void
  /** The results for the query as typed, or null while there are none yet. */
  active: FindResults | null
  matchIndex: number
  currentMatch: TextMatch | null
  matchesByPage: ReadonlyMap<number, TextMatch[]>
  step: (direction: 1 | -1) => void
  /** Escape in the find box clears it; true when it did. */
  clearOnEscape: () => boolean
}

/**
 * Find in the document: every page's text searched in order, results shown as they come, the current
 * match scrolled into view. Opened with `onOpen`, the box starts with that phrase and its first match
 * on that page is the current one (none when the page does not have it: the reader stays there).
 */
export function useFind({
  doc,
  texts,
  currentPage,
  layout,
  scrollElement,
  inputRef,
  onOpen,
}: {
  doc: PDFDocumentProxy
  texts: PageTexts
  currentPage: number
  layout: StackLayout | null
  scrollElement: () => HTMLDivElement | null
  /** The find box, which Escape clears while it has the focus. */
  inputRef: RefObject<HTMLInputElement | null>
  onOpen: FindOnOpen | null
}): Find {
  const [query, setQuery] = useState(onOpen?.phrase ?? '')
  const [results, setResults] = useState<FindResults | null>(null)
  const [matchIndex, setMatchIndex] = useState(-1)
  const currentPageRef = useRef(currentPage)
  useEffect(() => {
    currentPageRef.current = currentPage
  }, [currentPage])
  /** The page the opening phrase belongs to, until its results have chosen a match. */
  const pinned = useRef(onOpen)
  useEffect(() => {
    const wanted = query.trim()
    if (wanted === '') return
    const pattern = phrasePattern(wanted)
    let live = true
    const timer = setTimeout(async () => {
      const pin = pinned.current?.phrase.trim() === wanted ? pinned.current.page : null
      pinned.current = null
      const from = currentPageRef.current
      const matches: TextMatch[] = []
      let failedPages = 0
      let shownAt = 0
      let chosen = false
      for (let n = 1; n <= doc.numPages; n++) {
        try {
          matches.push(...findInPage(n, foldedOf(await texts.get(n)), pattern))
        } catch {
          failedPages++
        }
        if (!live) return
        const done = n === doc.numPages
        if (done || performance.now() - shownAt > 120 || n === pin) {
          shownAt = performance.now()
          setResults({ query: wanted, matches: [...matches], searched: n, done, failedPages })
          if (chosen) continue
          if (pin !== null) {
            // Opened at a page: its first match, decided as soon as that page is searched.
            if (n < pin && !done) continue
            chosen = true
            setMatchIndex(matches.findIndex((m) => m.page === pin))
          } else {
            // The first match from the page being read on, as soon as it is known.
            const at = matches.findIndex((m) => m.page >= from)
            if (at >= 0 || done) {
              chosen = true
              setMatchIndex(at >= 0 ? at : matches.length > 0 ? 0 : -1)
            }
          }
        }
      }
    }, 120)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [query, doc, texts])
  const active = results && results.query === query.trim() && query.trim() !== '' ? results : null
  const currentMatch = active && matchIndex >= 0 ? (active.matches[matchIndex] ?? null) : null
  const matchesByPage = useMemo(() => groupByPage(active?.matches ?? [], (m) => m.page), [active])
  const step = (direction: 1 | -1) => {
    const count = active?.matches.length ?? 0
    if (count > 0) setMatchIndex((i) => (((i < 0 ? 0 : i + direction) % count) + count) % count)
  }

  // The current match, scrolled into comfortable view.
  const matchKey = currentMatch ? `${currentMatch.page}:${currentMatch.start}` : null
  useEffect(() => {
    if (!currentMatch) return
    let live = true
    void Promise.all([doc.getPage(currentMatch.page), texts.get(currentMatch.page)]).then(([page, text]) => {
      const scroller = scrollElement()
      if (!live || !scroller || !layout) return
      const item = text.items[itemAt(text, currentMatch.start).index]
      const viewport = page.getViewport({
        scale: (layout.widths[currentMatch.page - 1] ?? 0) / page.getViewport({ scale: 1 }).width,
      })
      const [, y] = item
        ? (viewport.convertToViewportPoint(item.transform[4] as number, item.transform[5] as number) as [
            number,
            number,
          ])
        : [0, 0]
      const top = (layout.tops[currentMatch.page - 1] ?? 0) + y
      // Only when the match is out of comfortable view, so stepping through a page does not jump.
      if (top < scroller.scrollTop + 40 || top > scroller.scrollTop + scroller.clientHeight - 40)
        scroller.scrollTop = top - scroller.clientHeight / 3
    })
    return () => {
      live = false
    }
    // The match's identity is its key: progress updates make new arrays with the same matches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [matchKey, doc, texts, layout])

  return {
    query,
    search: (next) => {
      setQuery(next)
      setMatchIndex(-1)
    },
    active,
    matchIndex,
    currentMatch,
    matchesByPage,
    step,
    clearOnEscape: () => {
      if (document.activeElement !== inputRef.current || query === '') return false
      setQuery('')
      return true
    },
  }
}
