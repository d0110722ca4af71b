import { useState } from 'react'
import type { Annotation } from '../../../shared/domain'
import { ColorChoice, COLORS, type HighlightColor } from './HighlightColors'

interface Position {
  left: number
  top: number
}

/**
 * Beside a fresh selection: one click on a colour highlights it (with the comment typed so far);
 * Enter in the comment highlights in the last colour used. Focus stays on the page, so the
 * selection can still be copied.
 */
export function NewHighlightPopover({
  position,
  lastColor,
  busy,
  error,
  onSave,
}: {
  position: Position
  lastColor: HighlightColor
  busy: boolean
  error: string | null
  onSave: (color: HighlightColor, comment: string) => void
}) {
  const [comment, setComment] = useState('')
  return (
    <div
      className="hl-popover"
      role="dialog"
      aria-label="New highlight"
      style={position}
      onMouseDown={(e) => e.stopPropagation()}
    >
      <div className="hl-popover-row">
        <div className="hl-swatches" role="group" aria-label="Highlight in">
          {COLORS.map((c) => (
            <button
              key={c.value}
              type="button"
              className={`hl-swatch hl-${c.value}`}
              aria-label={`Highlight ${c.label.toLowerCase()}`}
              title={`Highlight ${c.label.toLowerCase()}`}
              disabled={busy}
              onClick={() => onSave(c.value, comment)}
            />
          ))}
        </div>
        <input
          className="hl-comment-input"
          aria-label="Comment"
          placeholder="Comment (optional), Enter to save"
          value={comment}
          maxLength={100_000}
          onChange={(e) => setComment(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !busy) {
              e.preventDefault()
              onSave(lastColor, comment)
            }
          }}
        />
      </div>
      {error && (
        <p className="hl-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/** A highlight clicked on the page: change its colour or comment, or delete it. */
export function EditHighlightPopover({
  position,
  annotation,
  busy,
  error,
  onSave,
  onDelete,
  onCancel,
}: {
  position: Position
  annotation: Annotation
  busy: boolean
  error: string | null
  onSave: (color: HighlightColor, comment: string) => void
  onDelete: () => void
  onCancel: () => void
}) {
  const [color, setColor] = useState(annotation.color)
  const [comment, setComment] = useState(annotation.comment)
  return (
    <div
      className="hl-popover"
      role="dialog"
      aria-label="Edit highlight"
      style={position}
      onMouseDown={(e) => e.stopPropagation()}
    >
      <blockquote className="hl-popover-quote">{annotation.quote}</blockquote>
      <ColorChoice value={color} onChange={setColor} />
      <textarea
        className="hl-comment"
        aria-label="Comment"
        placeholder="Comment (optional)"
        rows={3}
        value={comment}
        maxLength={100_000}
        onChange={(e) => setComment(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) onSave(color, comment)
        }}
      />
      {error && (
        <p className="hl-error" role="alert">
          {error}
        </p>
      )}
      <div className="hl-popover-actions">
        <button type="button" className="button pdf-danger" disabled={busy} onClick={onDelete}>
          Delete
        </button>
        <span className="pdf-spacer" />
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button pdf-primary"
          disabled={busy}
          onClick={() => onSave(color, comment)}
        >
          Save
        </button>
      </div>
    </div>
  )
}
