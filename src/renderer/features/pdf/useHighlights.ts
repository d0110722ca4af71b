import { useCallback, useEffect, useMemo, useState, type MouseEvent, type RefObject } from 'react'
import type { Annotation } from '../../../shared/domain'
import { mutate } from '../../api/query'
import { anchorFromSelection, type RenderedText, type SelectedText } from './anchors'
import { groupByPage } from './groupByPage'
import type { HighlightColor } from './HighlightColors'
import { messageOf, type PendingHighlight } from './PdfPage'

const LAST_COLOR_KEY = 'lectern-highlight-color'

/** The highlight popover: a new one over a selection, or an existing one clicked on. */
export type Draft =
  | { kind: 'new'; selected: SelectedText; left: number; top: number }
  | { kind: 'edit'; annotation: Annotation; left: number; top: number }

export interface HighlightInput {
  id?: string
  anchor: Annotation['anchor']
  quote: string
  color: HighlightColor
  comment: string
}

export interface Highlights {
  byPage: ReadonlyMap<number, Annotation[]>
  draft: Draft | null
  busy: boolean
  error: string | null
  lastColor: HighlightColor
  /** The selection being highlighted, drawn until it is saved. */
  pending: PendingHighlight | null
  /** A highlight just deleted, offered for undo for a few seconds. */
  undo: Annotation | null
  closeDraft: () => void
  /** Opens the new-highlight popover when text on a page is selected. */
  checkSelection: () => void
  /** Opens the edit popover when a click lands on a highlight. */
  hitHighlight: (event: MouseEvent) => void
  save: (input: HighlightInput) => Promise<void>
  remove: (annotation: Annotation) => Promise<void>
  restore: () => void
}

/** Making, editing and deleting highlights in the reader, with undo for a delete. */
export function useHighlights({
  paperId,
  annotations,
  rendered,
  stack,
  onError,
}: {
  paperId: string
  annotations: readonly Annotation[]
  /** Text layers on screen. */
  rendered: ReadonlyMap<number, RenderedText>
  /** The page stack, which popovers are positioned in. */
  stack: RefObject<HTMLDivElement | null>
  /** A failure outside the popover (a restore). */
  onError: (message: string) => void
}): Highlights {
  const byPage = useMemo(() => groupByPage(annotations, (a) => a.anchor.page), [annotations])
  const [draft, setDraft] = useState<Draft | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [lastColor, setLastColor] = useState<HighlightColor>(
    () => (localStorage.getItem(LAST_COLOR_KEY) as HighlightColor | null) ?? 'yellow',
  )
  const [undo, setUndo] = useState<Annotation | null>(null)
  const closeDraft = useCallback(() => {
    setDraft(null)
    setError(null)
  }, [])
  useEffect(() => {
    if (!undo) return
    const timer = setTimeout(() => setUndo(null), 8000)
    return () => clearTimeout(timer)
  }, [undo])

  const positionIn = (rect: { left: number; bottom: number }) => {
    const box = stack.current?.getBoundingClientRect()
    return box
      ? { left: Math.max(8, rect.left - box.left), top: rect.bottom - box.top + 6 }
      : { left: 0, top: 0 }
  }
  const checkSelection = () => {
    const selection = window.getSelection()
    const selected = selection ? anchorFromSelection(selection, rendered) : null
    if (!selected || !selection) return
    const rects = [...selection.getRangeAt(0).getClientRects()].filter((r) => r.width > 0)
    const last = rects[rects.length - 1] ?? selection.getRangeAt(0).getBoundingClientRect()
    setError(null)
    setDraft({ kind: 'new', selected, ...positionIn(last) })
  }
  const hitHighlight = (event: MouseEvent) => {
    if (!window.getSelection()?.isCollapsed) return
    const element = (event.target as Element).closest<HTMLElement>('[data-page-number]')
    const text = element ? rendered.get(Number(element.dataset.pageNumber)) : undefined
    if (!element || !text) return
    const box = element.getBoundingClientRect()
    const zoomFactor = box.width / text.base.width
    const [x, y] = text.base.convertToPdfPoint(
      (event.clientX - box.left) / zoomFactor,
      (event.clientY - box.top) / zoomFactor,
    ) as [number, number]
    const hit = (byPage.get(text.page) ?? []).find((a) =>
      a.anchor.quads.some(([x1, y1, x2, y2]) => x >= x1 && x <= x2 && y >= y1 && y <= y2),
    )
    if (hit) {
      setError(null)
      setDraft({
        kind: 'edit',
        annotation: hit,
        ...positionIn({ left: event.clientX, bottom: event.clientY }),
      })
    }
  }
  const save = async (input: HighlightInput) => {
    setBusy(true)
    try {
      await mutate('annotations:save', { paperId, ...input })
      setLastColor(input.color)
      localStorage.setItem(LAST_COLOR_KEY, input.color)
      window.getSelection()?.removeAllRanges()
      closeDraft()
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }
  const remove = async (annotation: Annotation) => {
    setBusy(true)
    try {
      await mutate('annotations:delete', { paperId, id: annotation.id })
      closeDraft()
      setUndo(annotation)
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }
  const restore = () => {
    if (!undo) return
    setUndo(null)
    void mutate('annotations:restore', { paperId, id: undo.id }).catch((failure: unknown) =>
      onError(`The highlight could not be restored: ${messageOf(failure)}`),
    )
  }
  const pending = draft?.kind === 'new' ? { quads: draft.selected.anchor.quads, color: lastColor } : null
  return {
    byPage,
    draft,
    busy,
    error,
    lastColor,
    pending,
    undo,
    closeDraft,
    checkSelection,
    hitHighlight,
    save,
    remove,
    restore,
  }
}
