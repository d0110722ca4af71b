import { useEffect, useMemo, useState, type MouseEvent } from 'react'
import type { Note } from '../../../shared/domain'
import { useLibraryActions } from '../../ui/libraryActions'
import { readDraft, saverFor, useSaverState, type SaveStatus } from './noteSaver'
import type { renderNote } from './renderNote'

export const NOTE_INPUT_ID = 'paper-note'

/** Puts the caret at the end of the note (`n`). */
export function focusNote(): boolean {
  const area = document.getElementById(NOTE_INPUT_ID)
  if (!(area instanceof HTMLTextAreaElement)) return false
  area.focus()
  area.setSelectionRange(area.value.length, area.value.length)
  return true
}

const STATUS_TEXT: Record<SaveStatus, string> = {
  idle: '',
  pending: 'Saving…',
  saving: 'Saving…',
  saved: 'Saved',
  error: '',
}

/**
 * The paper's note: markdown, rendered below it and saved as you type.
 * Mount it with `key={paperId}`: leaving a paper flushes its note at once.
 */
export function NoteEditor({ paperId, note }: { paperId: string; note: Note | null }) {
  const [saver] = useState(() =>
    saverFor(paperId, () => readDraft(paperId, note?.updatedAt ?? null) ?? note?.text ?? ''),
  )
  const { text, status, error } = useSaverState(saver)
  const actions = useLibraryActions()

  useEffect(() => {
    // A draft kept from a page that closed before its save was confirmed goes out now.
    if (saver.dirty) saver.flush()
    return () => saver.flush()
  }, [saver])
  // Markdown is cheap, but a long note re-rendered on every keystroke need not be.
  const { html, error: previewError } = useDeferredHtml(text)

  const onPreviewClick = (event: MouseEvent) => {
    const link = (event.target as Element).closest('a')
    const paper = link?.getAttribute('data-paper-id')
    if (paper) {
      event.preventDefault()
      actions.openPaper(paper)
    }
  }

  return (
    <section className="note">
      <div className="note-head">
        <h2 className="section-heading">Your note</h2>
        <span className={`note-status ${status === 'error' ? 'note-status-error' : ''}`} role="status">
          {status === 'error'
            ? `Not saved yet (${error ?? 'unknown error'}); retrying. Your text stays here.`
            : STATUS_TEXT[status]}
        </span>
      </div>
      <textarea
        id={NOTE_INPUT_ID}
        className="note-input"
        aria-label="Note"
        placeholder="Write in markdown. Mention a paper by its arXiv id (2402.07872) to link it."
        spellCheck
        value={text}
        onChange={(e) => saver.edit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            saver.flush()
            actions.focusList()
          }
        }}
      />
      {html !== '' && (
        <div
          className="note-preview markdown"
          role="region"
          aria-label="Preview"
          onClick={onPreviewClick}
          dangerouslySetInnerHTML={{ __html: html }}
        />
      )}
      {previewError !== null && (
        <p className="inline-error" role="alert">
          The preview could not be loaded: {previewError}. Your note is saved as you type.
        </p>
      )}
    </section>
  )
}

type Render = typeof renderNote
/**
 * markdown-it is a fifth of the library's script and no note is shown before a paper is opened: it
 * loads with the first note, not with the list's first screen.
 */
let renderer: Render | null = null
let loadingRenderer: Promise<Render> | null = null
function loadRenderer(): Promise<Render> {
  return (loadingRenderer ??= import('./renderNote').then(
    (module) => (renderer = module.renderNote),
    (error: unknown) => {
      loadingRenderer = null
      throw error
    },
  ))
}

function useDeferredHtml(text: string): { html: string; error: string | null } {
  const [shown, setShown] = useState(text)
  const [render, setRender] = useState<{ render: Render } | { error: string } | null>(() =>
    renderer ? { render: renderer } : null,
  )
  useEffect(() => {
    if (text === shown) return
    const timer = setTimeout(() => setShown(text), text.length > 20_000 ? 300 : 60)
    return () => clearTimeout(timer)
  }, [text, shown])
  const wanted = shown.trim() !== ''
  useEffect(() => {
    if (!wanted || render) return
    let live = true
    loadRenderer().then(
      (loaded) => live && setRender({ render: loaded }),
      (error: unknown) => live && setRender({ error: (error as Error).message }),
    )
    return () => {
      live = false
    }
  }, [wanted, render])
  const html = useMemo(
    () => (wanted && render && 'render' in render ? render.render(shown) : ''),
    [wanted, render, shown],
  )
  return { html, error: wanted && render && 'error' in render ? render.error : null }
}
