import { memo, type DragEvent, type MouseEvent } from 'react'
import type { PaperSummary, SearchMatch } from '../../../shared/api'
import { Highlight } from '../search/Highlight'
import { MatchLine } from '../search/MatchLine'
import { plainTitle } from '../../../shared/codeSpans'
import { TitleText } from './TitleText'

export const ROW_HEIGHT = 60
/** A search hit inside the paper (a PDF page, a highlight, the note) adds a line under the row. */
export const MATCH_ROW_HEIGHT = 84

export function rowDomId(paperId: string): string {
  return `paper-row-${paperId}`
}

const STATUS_LABEL = { unread: 'Unread', reading: 'Reading', read: 'Read' } as const

interface PaperRowProps {
  paper: PaperSummary
  position: number
  setSize: number
  top: number
  selected: boolean
  focused: boolean
  terms: readonly string[] | undefined
  /** Where inside the paper a search matched, shown under the authors. */
  match?: SearchMatch | null | undefined
  listNames: ReadonlyMap<string, string>
  onClick: (id: string, event: MouseEvent) => void
  onOpen: (id: string) => void
  onContextMenu: (id: string, event: MouseEvent) => void
  onToggleStar: (id: string) => void
  onDragStart: (id: string, event: DragEvent) => void
  onDragOver?: (index: number, event: DragEvent) => void
}

/** One paper in the list: title, first authors, day, votes, state and what it has (note, PDF, lists). */
export const PaperRow = memo(function PaperRow(props: PaperRowProps) {
  const { paper, position, setSize, top, selected, focused, terms, listNames, match } = props
  const more = paper.authorCount - paper.authors.length
  const lists = paper.listIds.map((id) => listNames.get(id)).filter((n): n is string => n !== undefined)
  return (
    <div
      role="option"
      id={rowDomId(paper.id)}
      aria-selected={selected}
      aria-posinset={position + 1}
      aria-setsize={setSize}
      className={`paper-row status-${paper.status}${focused ? ' is-focused' : ''}${match ? ' has-match' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      draggable
      onClick={(e) => props.onClick(paper.id, e)}
      onDoubleClick={() => props.onOpen(paper.id)}
      onContextMenu={(e) => props.onContextMenu(paper.id, e)}
      onDragStart={(e) => props.onDragStart(paper.id, e)}
      onDragOver={props.onDragOver && ((e) => props.onDragOver?.(position, e))}
    >
      <span className="status-mark" title={STATUS_LABEL[paper.status]}>
        <span className="sr-only">{STATUS_LABEL[paper.status]}. </span>
      </span>
      <div className="paper-main">
        <div className="paper-title" title={plainTitle(paper.title)}>
          <TitleText title={paper.title} terms={terms} />
        </div>
        <div className="paper-meta">
          <span className="paper-authors">
            <Highlight text={paper.authors.join(', ')} terms={terms} />
            {more > 0 ? ` +${more}` : paper.authorsElided ? ' et al.' : ''}
          </span>
          {paper.date && <span className="paper-date">{paper.date}</span>}
          {paper.votes !== null && (
            <span className="paper-votes" aria-label={`${paper.votes} votes`}>
              ▲ {paper.votes}
            </span>
          )}
        </div>
        {match && <MatchLine paperId={paper.id} match={match} />}
      </div>
      <div className="paper-flags">
        {lists.slice(0, 2).map((name) => (
          <span key={name} className="list-chip" title={`In “${name}”`}>
            {name}
          </span>
        ))}
        {lists.length > 2 && (
          <span className="list-chip" title={lists.slice(2).join(', ')}>
            +{lists.length - 2}
          </span>
        )}
        {paper.tags.length > 0 && (
          <span className="tag-mark" title={paper.tags.map((t) => `#${t}`).join(' ')}>
            #{paper.tags[0]}
            {paper.tags.length > 1 ? ` +${paper.tags.length - 1}` : ''}
          </span>
        )}
        {paper.hasNote && (
          <span className="flag" role="img" title="Has a note" aria-label="Has a note">
            ✎
          </span>
        )}
        {paper.hasPdf && (
          <span className="flag flag-pdf" role="img" title="PDF saved" aria-label="PDF saved">
            PDF
          </span>
        )}
        {paper.published && (
          <span
            className={`flag flag-published${paper.published === 'suggested' ? ' is-suggested' : ''}`}
            role="img"
            title={
              paper.published === 'published'
                ? 'Published version known'
                : 'Possibly published: check the suggestion'
            }
            aria-label={paper.published === 'published' ? 'Published' : 'Possibly published'}
          >
            {paper.published === 'published' ? 'Pub' : 'Pub?'}
          </span>
        )}
        {paper.metaState === 'failed' && (
          <span className="badge-dot" role="img" title="No arXiv record" aria-label="No arXiv record">
            !
          </span>
        )}
        <span
          className={`star ${paper.starred ? 'star-on' : ''}`}
          title={paper.starred ? 'Starred (s)' : 'Star (s)'}
          role={paper.starred ? 'img' : undefined}
          aria-label={paper.starred ? 'Starred' : undefined}
          aria-hidden={paper.starred ? undefined : true}
          onClick={(e) => {
            e.stopPropagation()
            props.onToggleStar(paper.id)
          }}
        >
          {paper.starred ? '★' : '☆'}
        </span>
      </div>
    </div>
  )
})
