import { useId, useState } from 'react'
import type { PaperDetail } from '../../../shared/api'
import type { Annotation, Paper } from '../../../shared/domain'
import { api } from '../../api/client'
import { mutate } from '../../api/query'
import { useToast } from '../../ui/Toast'
import { ColorChoice, type HighlightColor } from './HighlightColors'
import { openPdf } from './openPdf'
import './pdfPane.css'

/**
 * The paper's highlights in reading order, beside its note: a quote opens the PDF at it; each can be
 * recoloured, commented or deleted (with Undo). "Export notes" saves note and highlights as Markdown.
 */
export function HighlightsSection({ detail }: { detail: PaperDetail }) {
  const { paper } = detail
  const headingId = useId()
  const toast = useToast()
  const highlights = [...detail.annotations].sort(
    (a, b) => a.anchor.page - b.anchor.page || a.anchor.start - b.anchor.start,
  )
  const exportNotes = async () => {
    try {
      const { markdown } = await api.call('notes:export', { paperId: paper.id })
      downloadText(markdown, `${fileNameOf(paper)}.md`)
    } catch (error) {
      toast({ text: `Notes were not exported: ${(error as Error).message}`, tone: 'error' })
    }
  }
  return (
    <section className="hl-section" aria-labelledby={headingId}>
      <div className="hl-section-head">
        <h2 id={headingId} className="section-heading">
          Highlights{highlights.length > 0 && <span className="count"> {highlights.length}</span>}
        </h2>
        <button type="button" className="button-link" onClick={() => void exportNotes()}>
          Export notes
        </button>
      </div>
      {highlights.length === 0 ? (
        <p className="muted hl-empty">
          {detail.attachments.length > 0
            ? 'Select text in the PDF to highlight it.'
            : 'Highlights you make in the PDF appear here.'}
        </p>
      ) : (
        <ul className="hl-list">
          {highlights.map((h) => (
            <HighlightItem key={h.id} paperId={paper.id} highlight={h} />
          ))}
        </ul>
      )}
    </section>
  )
}

function HighlightItem({ paperId, highlight }: { paperId: string; highlight: Annotation }) {
  const toast = useToast()
  const [editing, setEditing] = useState(false)
  const [color, setColor] = useState<HighlightColor>(highlight.color)
  const [comment, setComment] = useState(highlight.comment)
  const [error, setError] = useState<string | null>(null)
  const page = highlight.anchor.page
  const startEditing = () => {
    setColor(highlight.color)
    setComment(highlight.comment)
    setError(null)
    setEditing(true)
  }
  const save = async () => {
    try {
      await mutate('annotations:save', {
        paperId,
        id: highlight.id,
        anchor: highlight.anchor,
        quote: highlight.quote,
        color,
        comment,
      })
      setEditing(false)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const remove = async () => {
    try {
      await mutate('annotations:delete', { paperId, id: highlight.id })
      toast({
        text: `Highlight on page ${page} deleted`,
        action: {
          label: 'Undo',
          run: () =>
            void mutate('annotations:restore', { paperId, id: highlight.id }).catch((e: unknown) =>
              toast({ text: `The highlight could not be restored: ${(e as Error).message}`, tone: 'error' }),
            ),
        },
      })
    } catch (e) {
      toast({ text: `The highlight was not deleted: ${(e as Error).message}`, tone: 'error' })
    }
  }
  return (
    <li className={`hl-item hl-edge-${highlight.color}`}>
      <button
        type="button"
        className="hl-quote"
        title="Show in the PDF"
        onClick={() => openPdf({ paperId, annotationId: highlight.id })}
      >
        {highlight.quote}
      </button>
      {!editing && highlight.comment.trim() !== '' && <p className="hl-comment-text">{highlight.comment}</p>}
      <div className="hl-meta">
        <span>p. {page}</span>
        <span className="pdf-spacer" />
        <button
          type="button"
          className="button-link"
          aria-label={`Edit highlight on page ${page}`}
          onClick={startEditing}
        >
          Edit
        </button>
        <button
          type="button"
          className="button-link hl-delete"
          aria-label={`Delete highlight on page ${page}`}
          onClick={() => void remove()}
        >
          Delete
        </button>
      </div>
      {editing && (
        <form
          className="hl-edit"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <ColorChoice value={color} onChange={setColor} />
          <textarea
            className="hl-comment"
            aria-label="Comment"
            rows={3}
            value={comment}
            autoFocus
            onChange={(e) => setComment(e.target.value)}
          />
          {error && (
            <p className="inline-error" role="alert">
              {error}
            </p>
          )}
          <div className="hl-popover-actions">
            <span className="pdf-spacer" />
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="button pdf-primary">
              Save
            </button>
          </div>
        </form>
      )}
    </li>
  )
}

/** A text file saved the way a browser downloads: a Blob behind a link with a file name. */
function downloadText(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

/** The paper's id and title as a file name any system accepts. */
function fileNameOf(paper: Paper): string {
  const title = paper.title
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .trim()
  const id = (paper.arxivId ?? '').replace(/[\\/]/g, '_')
  return [id, title].filter(Boolean).join(' ') || 'notes'
}
