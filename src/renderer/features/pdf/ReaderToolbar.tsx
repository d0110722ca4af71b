import { useState, type RefObject } from 'react'
import type { Find, FindResults } from './useFind'
import { MIN_SCALE, PRESETS, type Zoom } from './zoom'

/** The page number, editable: Enter or leaving the box goes to the page typed. */
export function PageInput({
  current,
  count,
  onGo,
}: {
  current: number
  count: number
  onGo: (page: number) => void
}) {
  const [draft, setDraft] = useState<string | null>(null)
  const commit = () => {
    const n = Number(draft)
    if (draft !== null && Number.isInteger(n) && n >= 1 && n <= count) onGo(n)
    setDraft(null)
  }
  return (
    <span className="pdf-page-input">
      <input
        aria-label="Page number"
        inputMode="numeric"
        value={draft ?? String(current)}
        size={Math.max(2, String(count).length)}
        onFocus={(e) => e.target.select()}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            commit()
          }
        }}
      />
      <span className="muted"> of {count}</span>
    </span>
  )
}

export function ZoomControl({
  zoom,
  scale,
  onZoom,
  onStep,
}: {
  zoom: Zoom
  scale: number | null
  onZoom: (zoom: Zoom) => void
  onStep: (direction: 1 | -1) => void
}) {
  return (
    <div className="pdf-zoom" role="group" aria-label="Zoom">
      <button
        type="button"
        className="icon-button"
        aria-label="Zoom out"
        title="Zoom out (−)"
        disabled={scale !== null && scale <= MIN_SCALE}
        onClick={() => onStep(-1)}
      >
        −
      </button>
      <select
        aria-label="Zoom level"
        value={'fit' in zoom ? zoom.fit : 'custom'}
        onChange={(e) =>
          onZoom(
            e.target.value === 'page-width' || e.target.value === 'page-fit'
              ? { fit: e.target.value }
              : { scale: Number(e.target.value) },
          )
        }
      >
        <option value="page-width">Fit width</option>
        <option value="page-fit">Fit page</option>
        {'scale' in zoom && <option value="custom">{Math.round(zoom.scale * 100)} %</option>}
        {PRESETS.map((p) => (
          <option key={p} value={p}>
            {p * 100} %
          </option>
        ))}
      </select>
      <button
        type="button"
        className="icon-button"
        aria-label="Zoom in"
        title="Zoom in (+)"
        onClick={() => onStep(1)}
      >
        +
      </button>
    </div>
  )
}

export function FindBar({
  find,
  inputRef,
  pageCount,
}: {
  find: Find
  inputRef: RefObject<HTMLInputElement | null>
  pageCount: number
}) {
  const { query, active, matchIndex } = find
  return (
    <div className="pdf-find" role="search">
      <input
        ref={inputRef}
        type="search"
        aria-label="Find in document"
        placeholder="Find in document"
        value={query}
        onChange={(e) => find.search(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            find.step(e.shiftKey ? -1 : 1)
          }
        }}
      />
      <span className="pdf-find-count" role="status" aria-live="polite">
        {query.trim() === '' ? '' : !active ? 'Searching…' : describeMatches(active, matchIndex, pageCount)}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        disabled={!active?.matches.length}
        onClick={() => find.step(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Next match"
        title="Next match (Enter)"
        disabled={!active?.matches.length}
        onClick={() => find.step(1)}
      >
        ↓
      </button>
    </div>
  )
}

function describeMatches(results: FindResults, index: number, pages: number): string {
  const count = results.matches.length
  const suffix = results.failedPages > 0 ? ` (${results.failedPages} pages could not be searched)` : ''
  if (!results.done)
    return count === 0 ? `Searching… page ${results.searched} of ${pages}` : `${count}+ matches, searching…`
  if (count === 0) return `No matches${suffix}`
  return `${index >= 0 ? `${index + 1} of ` : ''}${count} ${count === 1 ? 'match' : 'matches'}${suffix}`
}
