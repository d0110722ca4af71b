import type { MouseEvent, ReactNode } from 'react'
import type { SearchMatch } from '../../../shared/api'
import { openPdf } from '../pdf/openPdf'

/** The first place inside a paper where the search matched, as the list row shows it. */
export function firstMatch(matches: readonly SearchMatch[] | undefined): SearchMatch | null {
  return matches?.find((m) => m.snippet !== null) ?? matches?.[0] ?? null
}

/** The words the snippet marks (the first run): the phrase the reader highlights on the page. */
export function markedPhrase(match: SearchMatch): string | null {
  const [first] = match.marks
  return match.snippet !== null && first ? match.snippet.slice(first[0], first[1]) : null
}

/**
 * "p. 7 … LoRA rank 16 …" under a search hit: where inside the paper the query matched, the words
 * marked. A PDF page or a highlight opens the reader there; a note match is shown only.
 */
export function MatchLine({ paperId, match }: { paperId: string; match: SearchMatch }) {
  const where =
    match.in === 'pdf'
      ? `p. ${match.page}`
      : match.in === 'highlight'
        ? `highlight, p. ${match.page}`
        : 'note'
  const body = (
    <>
      <span className="match-where">{where}</span>{' '}
      <span className="match-snippet">
        <Marked text={match.snippet ?? ''} marks={match.marks} />
      </span>
    </>
  )
  if (match.in === 'note' || match.page === null) return <div className="paper-match">{body}</div>
  const page = match.page
  const open = (event: MouseEvent) => {
    event.stopPropagation()
    const phrase = markedPhrase(match)
    openPdf({
      paperId,
      page,
      ...(phrase ? { phrase } : {}),
      ...(match.annotationId ? { annotationId: match.annotationId } : {}),
    })
  }
  return (
    <button
      type="button"
      className="paper-match"
      title={`Open the PDF at page ${page}`}
      onClick={open}
      // The row would open the paper's details on a double click: the button does its own thing.
      onDoubleClick={(e) => e.stopPropagation()}
    >
      {body}
    </button>
  )
}

function Marked({ text, marks }: { text: string; marks: readonly [number, number][] }) {
  const parts: ReactNode[] = []
  let at = 0
  marks.forEach(([start, end], i) => {
    if (start > at) parts.push(text.slice(at, start))
    parts.push(<mark key={i}>{text.slice(start, end)}</mark>)
    at = end
  })
  parts.push(text.slice(at))
  return <>{parts}</>
}
