import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent,
  type ReactNode,
} from 'react'
import type { PaperSummary, SearchMatch } from '../../../shared/api'
import { carriesPapers, PAPERS_MIME, readPapers, setDragLabel } from '../../ui/dragData'
import { MATCH_ROW_HEIGHT, PaperRow, ROW_HEIGHT, rowDomId } from './PaperRow'
import type { Selection } from './selection'

/** The list's element id: the keyboard puts the focus back on it. */
export const PAPER_LIST_ID = 'paper-list'

export interface PaperListProps {
  rows: readonly PaperSummary[]
  /** Each row's index by paper id. */
  indexOf: ReadonlyMap<string, number>
  selection: Selection
  /** Per paper, the search terms to mark in its title and authors. */
  terms: ReadonlyMap<string, readonly string[]> | null
  /** Per paper, where inside it the search matched (a PDF page, a highlight, the note). */
  matches?: ReadonlyMap<string, SearchMatch> | null
  listNames: ReadonlyMap<string, string>
  /** Rows can be dragged to a new place (a reading list in its own order). */
  reorderable: boolean
  /** What to show instead of rows when there are none. */
  empty: ReactNode
  onClickRow: (id: string, how: { range: boolean; toggle: boolean }) => void
  onOpen: (id: string) => void
  onContextMenu: (id: string, at: { x: number; y: number }) => void
  onToggleStar: (id: string) => void
  /** A drag starts on a row: the ids it carries (the selection, when the row is part of it). */
  onDragRows: (id: string) => string[]
  onReorder: (ids: string[], index: number) => void
}

/**
 * The paper list: a listbox whose rows are virtualized (only those in view are in the DOM, so
 * 50,000 papers scroll like 50). It keeps the focus itself and points at the focused row with
 * `aria-activedescendant`; rows carry `aria-posinset`/`aria-setsize` since most are not rendered.
 */
export function PaperList(props: PaperListProps) {
  const { rows, indexOf, selection, terms, matches, listNames, reorderable } = props
  const { onClickRow, onContextMenu: showMenu, onDragRows, onReorder, onOpen, onToggleStar } = props
  const scroller = useRef<HTMLDivElement | null>(null)
  const [dropIndex, setDropIndex] = useState<number | null>(null)
  // The virtualizer re-renders this component itself on scroll; the React Compiler (not used here)
  // would skip memoizing it, which is what this rule warns about.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: useCallback(
      (index: number) => (matches?.has(rows[index]?.id ?? '') ? MATCH_ROW_HEIGHT : ROW_HEIGHT),
      [rows, matches],
    ),
    overscan: 12,
    // Stable unless the rows change: a new function makes the virtualizer measure all rows again.
    getItemKey: useCallback((index: number) => rows[index]?.id ?? index, [rows]),
  })

  // Rows with a match line are taller: a new answer lays the rows out again.
  useEffect(() => virtualizer.measure(), [matches, virtualizer])

  const focusIndex = selection.focus === null ? -1 : (indexOf.get(selection.focus) ?? -1)
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'auto' })
  }, [focusIndex, virtualizer])

  const onClick = useCallback(
    (id: string, event: MouseEvent) =>
      onClickRow(id, { range: event.shiftKey, toggle: event.metaKey || event.ctrlKey }),
    [onClickRow],
  )
  const onContextMenu = useCallback(
    (id: string, event: MouseEvent) => {
      event.preventDefault()
      showMenu(id, { x: event.clientX, y: event.clientY })
    },
    [showMenu],
  )
  const onDragStart = useCallback(
    (id: string, event: DragEvent) => {
      const ids = onDragRows(id)
      event.dataTransfer.effectAllowed = 'copyMove'
      event.dataTransfer.setData(PAPERS_MIME, JSON.stringify(ids))
      event.dataTransfer.setData('text/plain', ids.join('\n'))
      if (ids.length > 1) setDragLabel(event.dataTransfer, `${ids.length} papers`)
    },
    [onDragRows],
  )
  const onDragOverRow = useCallback((index: number, event: DragEvent) => {
    if (!carriesPapers(event.dataTransfer)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'move'
    const box = event.currentTarget.getBoundingClientRect()
    setDropIndex(event.clientY < box.top + box.height / 2 ? index : index + 1)
  }, [])

  if (rows.length === 0) return <>{props.empty}</>

  const activeId = focusIndex >= 0 ? rowDomId(rows[focusIndex]?.id ?? '') : undefined
  const items = virtualizer.getVirtualItems()
  const rendered = items.some((item) => item.index === focusIndex)
  return (
    <div
      ref={scroller}
      id={PAPER_LIST_ID}
      className="paper-list"
      role="listbox"
      aria-label="Papers"
      aria-multiselectable="true"
      aria-activedescendant={rendered ? activeId : undefined}
      tabIndex={0}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropIndex(null)
      }}
      onDragOver={(e) => {
        // Below the last row: the end of the list.
        if (!reorderable || !carriesPapers(e.dataTransfer) || e.target !== e.currentTarget) return
        e.preventDefault()
        setDropIndex(rows.length)
      }}
      onDrop={(e) => {
        const index = dropIndex
        setDropIndex(null)
        if (!reorderable || index === null || !carriesPapers(e.dataTransfer)) return
        e.preventDefault()
        onReorder(readPapers(e.dataTransfer), index)
      }}
      onDragEnd={() => setDropIndex(null)}
    >
      <div className="paper-list-inner" role="presentation" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const paper = rows[item.index]
          if (!paper) return null
          return (
            <PaperRow
              key={paper.id}
              paper={paper}
              position={item.index}
              setSize={rows.length}
              top={item.start}
              selected={selection.selected.has(paper.id)}
              focused={paper.id === selection.focus}
              terms={terms?.get(paper.id)}
              match={matches?.get(paper.id)}
              listNames={listNames}
              onClick={onClick}
              onOpen={onOpen}
              onContextMenu={onContextMenu}
              onToggleStar={onToggleStar}
              onDragStart={onDragStart}
              {...(reorderable ? { onDragOver: onDragOverRow } : {})}
            />
          )
        })}
        {dropIndex !== null && (
          <div className="drop-line" role="presentation" style={{ top: dropIndex * ROW_HEIGHT - 1 }} />
        )}
      </div>
    </div>
  )
}
