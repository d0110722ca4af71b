import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type RefObject,
} from 'react'
import type { PaperDetail } from '../../../shared/api'
import type { Annotation, Attachment } from '../../../shared/domain'
import { api, connection } from '../../api/client'
import { invalidate, mutate, useQuery } from '../../api/query'
import { plainTitle } from '../../../shared/codeSpans'
import { TitleText } from '../papers/TitleText'
import { anchorFromSelection, type RenderedText, type SelectedText } from './anchors'
import type { HighlightColor } from './HighlightColors'
import { EditHighlightPopover, NewHighlightPopover } from './HighlightPopover'
import { itemAt, PageTexts, findInPage, foldedOf, type TextMatch } from './pageText'
import { CSS_PER_PDF_UNIT, pdfWorker } from './pdfjs'
import { messageOf, PdfPage, type PageContext, type PageSize } from './PdfPage'
import { PdfActions } from './PdfSection'
import { indexAt, itemsWithin, stackLayout } from './pageLayout'
import { RenderQueue, Visibility } from './renderQueue'
import { SideStrip, type Destination } from './SideStrip'
import { usePdfDocument } from './usePdfDocument'
import {
  clampScale,
  MIN_SCALE,
  parseZoom,
  PRESETS,
  resolveScale,
  stepScale,
  zoomToString,
  type Zoom,
} from './zoom'
import './pdfViewer.css'

/** Space around and between pages, in CSS pixels. */
const PAGE_PADDING = 16
const PAGE_GAP = 12
const NO_ANNOTATIONS: readonly Annotation[] = []
const NO_MATCHES: readonly TextMatch[] = []
const LAST_COLOR_KEY = 'lectern-highlight-color'

/** Starts pdf.js's worker before the first document is opened. */
export function warmUp(): void {
  pdfWorker()
}

export interface PdfViewerProps {
  paperId: string
  annotationId?: string
  onClose: () => void
}

/**
 * The reader: a modal dialog over the library with the paper's PDF in continuous scroll. Escape
 * closes what is on top (a highlight popover, then the viewer).
 */
export default function PdfViewer({ paperId, annotationId, onClose }: PdfViewerProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const detail = useQuery('papers:get', { id: paperId })
  /** Whatever is open on top of the document answers Escape first; true when it did. */
  const escapeRef = useRef<() => boolean>(() => false)
  useEffect(() => {
    const element = dialog.current
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (element && !element.open) element.showModal()
    return () => {
      if (element?.open) element.close()
      if (previous?.isConnected) previous.focus()
    }
  }, [])
  const attachment = detail.data ? currentAttachment(detail.data.attachments) : null
  return (
    <dialog
      ref={dialog}
      className="pdf-viewer"
      aria-label="PDF viewer"
      onCancel={(event) => {
        event.preventDefault()
        if (!escapeRef.current()) onClose()
      }}
      // Chrome closes a dialog without a cancelable cancel on a repeated Escape: follow it.
      onClose={onClose}
      // Keys typed here are the viewer's; the library's shortcuts must not see them.
      onKeyDown={(event) => event.stopPropagation()}
      // Nothing is dropped on the viewer: not a digest import, and not the browser opening the file.
      onDragOver={(event) => {
        event.preventDefault()
        event.stopPropagation()
        event.dataTransfer.dropEffect = 'none'
      }}
      onDrop={(event) => {
        event.preventDefault()
        event.stopPropagation()
      }}
    >
      {detail.error ? (
        <ViewerMessage title="PDF viewer" onClose={onClose}>
          <p role="alert">{detail.error.message}</p>
        </ViewerMessage>
      ) : !detail.data ? (
        <ViewerMessage title="PDF viewer" onClose={onClose}>
          <p className="muted">Loading…</p>
        </ViewerMessage>
      ) : attachment ? (
        <DocumentView
          key={attachment.sha256}
          detail={detail.data}
          url={connection.pdfUrl(paperId)}
          annotationId={annotationId}
          escapeRef={escapeRef}
          onClose={onClose}
        />
      ) : (
        <ViewerMessage title={detail.data.paper.title} onClose={onClose}>
          <p>This paper has no PDF yet.</p>
          <PdfActions detail={detail.data} />
        </ViewerMessage>
      )}
    </dialog>
  )
}

function ViewerMessage({
  title,
  onClose,
  children,
}: {
  title: string
  onClose: () => void
  children: ReactNode
}) {
  return (
    <>
      <header className="pdf-toolbar">
        <span className="pdf-title">{title}</span>
        <span className="pdf-spacer" />
        <CloseButton onClose={onClose} />
      </header>
      <div className="pdf-message">{children}</div>
    </>
  )
}

function CloseButton({ onClose }: { onClose: () => void }) {
  return (
    <button
      type="button"
      className="icon-button pdf-close"
      aria-label="Close viewer"
      title="Close (Esc)"
      onClick={onClose}
    >
      ×
    </button>
  )
}

function DocumentView(props: {
  detail: PaperDetail
  url: string
  annotationId: string | undefined
  escapeRef: RefObject<() => boolean>
  onClose: () => void
}) {
  const { detail, url, onClose } = props
  const state = usePdfDocument(url)
  const title = detail.paper.title
  if (state.status === 'ready') return <Reader {...props} doc={state.doc} />
  return (
    <ViewerMessage title={title} onClose={onClose}>
      {state.status === 'loading' && (
        <p className="muted">Opening the PDF…{state.percent !== null && ` ${state.percent} %`}</p>
      )}
      {state.status === 'error' && (
        <p className="pdf-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'password' && <PasswordForm wrong={state.wrong} onSubmit={state.submit} />}
    </ViewerMessage>
  )
}

function PasswordForm({ wrong, onSubmit }: { wrong: boolean; onSubmit: (password: string) => void }) {
  const [password, setPassword] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit(password)
  }
  return (
    <form className="pdf-password" onSubmit={submit}>
      <p>This PDF is protected. Enter its password to open it.</p>
      <label>
        Password
        <input
          type="password"
          value={password}
          autoFocus
          autoComplete="off"
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {wrong && (
        <p className="pdf-error" role="alert">
          Wrong password. Try again.
        </p>
      )}
      <button type="submit" className="button pdf-primary">
        Open
      </button>
    </form>
  )
}

type Draft =
  | { kind: 'new'; selected: SelectedText; left: number; top: number }
  | { kind: 'edit'; annotation: Annotation; left: number; top: number }

interface FindResults {
  query: string
  matches: TextMatch[]
  searched: number
  done: boolean
  failedPages: number
}

function Reader({
  detail,
  doc,
  annotationId,
  escapeRef,
  onClose,
}: {
  detail: PaperDetail
  doc: PDFDocumentProxy
  annotationId: string | undefined
  escapeRef: RefObject<() => boolean>
  onClose: () => void
}) {
  const { paper } = detail
  const annotations = detail.annotations
  const texts = useMemo(() => new PageTexts(doc), [doc])
  const queue = useMemo(() => new RenderQueue(2), [])
  const scroller = useRef<HTMLDivElement | null>(null)
  const stack = useRef<HTMLDivElement>(null)
  const rendered = useMemo(() => new Map<number, RenderedText>(), [])

  // Page sizes: page 1's for every page until a page has loaded and told its own.
  const [firstSize, setFirstSize] = useState<PageSize | null>(null)
  const [sizes, setSizes] = useState<ReadonlyMap<number, PageSize>>(new Map())
  useEffect(() => {
    let live = true
    doc.getPage(1).then((page) => {
      const viewport = page.getViewport({ scale: CSS_PER_PDF_UNIT })
      if (live) setFirstSize({ width: viewport.width, height: viewport.height })
    })
    return () => {
      live = false
    }
  }, [doc])
  const sizeOf = useCallback(
    (n: number) =>
      sizes.get(n) ?? firstSize ?? { width: 612 * CSS_PER_PDF_UNIT, height: 792 * CSS_PER_PDF_UNIT },
    [sizes, firstSize],
  )

  // The scroll area, its size, and the observers pages use to know whether they are on screen.
  const [view, setView] = useState<{ width: number; height: number } | null>(null)
  const [observers, setObservers] = useState<{ visible: Visibility; near: Visibility } | null>(null)
  const scrollerRef = useCallback((element: HTMLDivElement | null) => {
    scroller.current = element
    if (!element) return
    const visible = new Visibility(element, '0px')
    const near = new Visibility(element, '100% 0px')
    setObservers({ visible, near })
    const resize = new ResizeObserver(() =>
      setView({ width: element.clientWidth, height: element.clientHeight }),
    )
    resize.observe(element)
    return () => {
      visible.disconnect()
      near.disconnect()
      resize.disconnect()
    }
  }, [])

  const [zoom, setZoom] = useState<Zoom>(() => parseZoom(paper.viewer?.zoom))
  const scale =
    firstSize && view
      ? resolveScale(zoom, firstSize, {
          width: view.width - 2 * PAGE_PADDING,
          height: view.height - 2 * PAGE_PADDING,
        })
      : null
  const [firstDrawn, setFirstDrawn] = useState(false)

  const firstSizeRef = useRef(firstSize)
  useEffect(() => {
    firstSizeRef.current = firstSize
  }, [firstSize])
  // Most documents have one page size: only a page that differs re-lays the document out.
  const onSize = useCallback(
    (n: number, size: PageSize) =>
      setSizes((current) => {
        const known = current.get(n) ?? firstSizeRef.current
        if (known && known.width === size.width && known.height === size.height) return current
        return new Map(current).set(n, size)
      }),
    [],
  )
  const onDrawn = useCallback(() => setFirstDrawn(true), [])
  const context: PageContext = useMemo(
    () => ({
      doc,
      texts,
      queue,
      visible: observers?.visible ?? null,
      near: observers?.near ?? null,
      rendered,
      onSize,
      onDrawn,
    }),
    [doc, texts, queue, observers, rendered, onSize, onDrawn],
  )

  // ── Layout and scrolling: pages sit at computed offsets; only those near the view are mounted ──
  const layout = useMemo(() => {
    if (scale === null) return null
    const scaled = Array.from({ length: doc.numPages }, (_, i) => {
      const size = sizeOf(i + 1)
      return { width: size.width * scale, height: size.height * scale }
    })
    return stackLayout(scaled, { padding: PAGE_PADDING, gap: PAGE_GAP })
  }, [doc, sizeOf, scale])
  const stackWidth = layout ? Math.max(view?.width ?? 0, layout.maxWidth + 2 * PAGE_PADDING) : 0
  const leftOf = useCallback(
    (i: number) => (layout ? (stackWidth - (layout.widths[i] ?? 0)) / 2 : 0),
    [layout, stackWidth],
  )
  const [scrollTop, setScrollTop] = useState(0)
  useEffect(() => {
    const area = scroller.current
    if (!area) return
    let frame = 0
    const onScroll = () => {
      if (frame) return
      frame = requestAnimationFrame(() => {
        frame = 0
        setScrollTop(area.scrollTop)
      })
    }
    area.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      area.removeEventListener('scroll', onScroll)
      cancelAnimationFrame(frame)
    }
  }, [observers])
  const viewHeight = view?.height ?? 0
  // Mounted: a screen and a half above and two below (the observer draws those within one screen).
  const [firstMounted, lastMounted] = layout
    ? itemsWithin(layout, scrollTop - viewHeight * 1.5, scrollTop + viewHeight * 2.5)
    : [0, -1]
  /** The page showing most, where the reader is. */
  const currentPage = useMemo(() => {
    if (!layout || viewHeight === 0) return Math.min(Math.max(1, paper.viewer?.page ?? 1), doc.numPages)
    const [from, to] = itemsWithin(layout, scrollTop, scrollTop + viewHeight)
    let best = from
    let bestShown = -1
    for (let i = from; i <= to; i++) {
      const top = layout.tops[i] ?? 0
      const shown =
        Math.min(top + (layout.heights[i] ?? 0), scrollTop + viewHeight) - Math.max(top, scrollTop)
      if (shown > bestShown + 1) {
        best = i
        bestShown = shown
      }
    }
    return best + 1
  }, [layout, scrollTop, viewHeight, paper.viewer, doc])

  /** Scrolls so that `fraction` of the way down page `n` sits `offset` pixels below the top. */
  const scrollToPage = useCallback(
    (n: number, fraction = 0, offset = PAGE_PADDING / 2) => {
      const area = scroller.current
      if (!area || !layout) return
      area.scrollTop = (layout.tops[n - 1] ?? 0) + fraction * (layout.heights[n - 1] ?? 0) - offset
    },
    [layout],
  )
  /** A PDF y on a page as a fraction of the page's height. */
  const fractionOf = useCallback(
    async (n: number, pdfY: number | null): Promise<number> => {
      if (pdfY === null) return 0
      const page = await doc.getPage(n)
      const viewport = page.getViewport({ scale: 1 })
      const [, y] = viewport.convertToViewportPoint(0, pdfY) as [number, number]
      return Math.min(1, Math.max(0, y / viewport.height))
    },
    [doc],
  )
  const go = useCallback(
    (destination: Destination) => {
      void fractionOf(destination.page, destination.top).then((fraction) =>
        scrollToPage(destination.page, fraction),
      )
    },
    [fractionOf, scrollToPage],
  )

  // Where the document opens: the highlight asked for, else where the reader left it.
  const opened = useRef(false)
  const [flash, setFlash] = useState<string | null>(null)
  useLayoutEffect(() => {
    if (opened.current || !layout) return
    opened.current = true
    const target = annotationId ? annotations.find((a) => a.id === annotationId) : undefined
    const restored = Math.min(Math.max(1, paper.viewer?.page ?? 1), doc.numPages)
    if (target) {
      const top = Math.max(...target.anchor.quads.map((q) => q[3]))
      void fractionOf(target.anchor.page, Number.isFinite(top) ? top : null).then((fraction) => {
        scrollToPage(target.anchor.page, fraction, (scroller.current?.clientHeight ?? 0) / 3)
        setFlash(target.id)
      })
    } else if (restored > 1) scrollToPage(restored)
    scroller.current?.focus({ preventScroll: true })
  }, [layout, annotationId, annotations, paper.viewer, doc, fractionOf, scrollToPage])

  // ── Zoom, keeping the point under the cursor (or the top of the view) where it is ──────────────
  const zoomAnchor = useRef<{ page: number; fy: number; fx: number; dy: number; dx: number } | null>(null)
  const changeZoom = useCallback(
    (next: Zoom, at?: { clientX: number; clientY: number }) => {
      const area = scroller.current
      if (area && layout) {
        const box = area.getBoundingClientRect()
        const dy = at ? at.clientY - box.top : 0
        const dx = at ? at.clientX - box.left : area.clientWidth / 2
        const i = indexAt(layout, area.scrollTop + dy)
        zoomAnchor.current = {
          page: i,
          fy: (area.scrollTop + dy - (layout.tops[i] ?? 0)) / (layout.heights[i] ?? 1),
          fx: (area.scrollLeft + dx - leftOf(i)) / (layout.widths[i] ?? 1),
          dy,
          dx,
        }
      }
      setZoom(next)
    },
    [layout, leftOf],
  )
  useLayoutEffect(() => {
    const anchor = zoomAnchor.current
    const area = scroller.current
    if (!anchor || !area || !layout) return
    zoomAnchor.current = null
    const i = anchor.page
    area.scrollTop = (layout.tops[i] ?? 0) + anchor.fy * (layout.heights[i] ?? 0) - anchor.dy
    area.scrollLeft = leftOf(i) + anchor.fx * (layout.widths[i] ?? 0) - anchor.dx
  }, [layout, leftOf])
  const zoomBy = useCallback(
    (direction: 1 | -1, at?: { clientX: number; clientY: number }) => {
      if (scale !== null) changeZoom({ scale: stepScale(scale, direction) }, at)
    },
    [scale, changeZoom],
  )
  // Ctrl + wheel (and pinch on a trackpad) zooms the document, not the window.
  useEffect(() => {
    const area = scroller.current
    if (!area || scale === null) return
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return
      event.preventDefault()
      const factor = Math.exp(-event.deltaY / (event.deltaMode === 1 ? 20 : 400))
      changeZoom({ scale: clampScale(scale * factor) }, event)
    }
    area.addEventListener('wheel', onWheel, { passive: false })
    return () => area.removeEventListener('wheel', onWheel)
  }, [scale, changeZoom, observers])

  // ── Remembering the page and zoom ──────────────────────────────────────────────────────────────
  const [saveError, setSaveError] = useState<string | null>(null)
  const place = useRef({ page: currentPage, zoom: zoomToString(zoom) })
  useEffect(() => {
    place.current = { page: currentPage, zoom: zoomToString(zoom) }
    const timer = setTimeout(() => {
      api.call('viewer:save', { paperId: paper.id, ...place.current }).then(
        () => setSaveError(null),
        (error: unknown) => setSaveError(`Your place in this PDF was not saved: ${messageOf(error)}`),
      )
    }, 800)
    return () => clearTimeout(timer)
  }, [currentPage, zoom, paper.id])
  useEffect(
    () => () => {
      // Closing saves at once; the detail pane's copy of the paper is then out of date.
      void api
        .call('viewer:save', { paperId: paper.id, ...place.current })
        .finally(() => invalidate('papers:get'))
    },
    [paper.id],
  )

  // ── Find ────────────────────────────────────────────────────────────────────────────────────
  const findInput = useRef<HTMLInputElement>(null)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<FindResults | null>(null)
  const [matchIndex, setMatchIndex] = useState(-1)
  const currentPageRef = useRef(currentPage)
  useEffect(() => {
    currentPageRef.current = currentPage
  }, [currentPage])
  useEffect(() => {
    const wanted = query.trim()
    if (wanted === '') return
    let live = true
    const timer = setTimeout(async () => {
      const from = currentPageRef.current
      const matches: TextMatch[] = []
      let failedPages = 0
      let shownAt = 0
      let chosen = false
      for (let n = 1; n <= doc.numPages; n++) {
        try {
          matches.push(...findInPage(n, foldedOf(await texts.get(n)), wanted))
        } catch {
          failedPages++
        }
        if (!live) return
        const done = n === doc.numPages
        if (done || performance.now() - shownAt > 120) {
          shownAt = performance.now()
          setResults({ query: wanted, matches: [...matches], searched: n, done, failedPages })
          // The first match from the page being read on, as soon as it is known.
          const at = matches.findIndex((m) => m.page >= from)
          if (!chosen && (at >= 0 || done)) {
            chosen = true
            setMatchIndex(at >= 0 ? at : matches.length > 0 ? 0 : -1)
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
  const matchesByPage = useMemo(() => groupBy(active?.matches ?? [], (m) => m.page), [active])
  const stepMatch = (direction: 1 | -1) => {
    const count = active?.matches.length ?? 0
    if (count > 0) setMatchIndex((i) => (((i < 0 ? 0 : i + direction) % count) + count) % count)
  }
  const matchKey = currentMatch ? `${currentMatch.page}:${currentMatch.start}` : null
  useEffect(() => {
    if (!currentMatch) return
    let live = true
    void Promise.all([doc.getPage(currentMatch.page), texts.get(currentMatch.page)]).then(([page, text]) => {
      const area = scroller.current
      if (!live || !area || !layout) return
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
      if (top < area.scrollTop + 40 || top > area.scrollTop + area.clientHeight - 40)
        area.scrollTop = top - area.clientHeight / 3
    })
    return () => {
      live = false
    }
    // The match's identity is its key: progress updates make new arrays with the same matches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [matchKey, doc, texts, layout])

  // ── Highlights ──────────────────────────────────────────────────────────────────────────────
  const annotationsByPage = useMemo(() => groupBy(annotations, (a) => a.anchor.page), [annotations])
  const [draft, setDraft] = useState<Draft | null>(null)
  const [busy, setBusy] = useState(false)
  const [draftError, setDraftError] = useState<string | null>(null)
  const [lastColor, setLastColor] = useState<HighlightColor>(
    () => (localStorage.getItem(LAST_COLOR_KEY) as HighlightColor | null) ?? 'yellow',
  )
  const [undo, setUndo] = useState<Annotation | null>(null)
  const closeDraft = useCallback(() => {
    setDraft(null)
    setDraftError(null)
  }, [])
  useEffect(() => {
    escapeRef.current = () => {
      if (draft) {
        closeDraft()
        return true
      }
      if (document.activeElement === findInput.current && query !== '') {
        setQuery('')
        return true
      }
      return false
    }
  }, [draft, escapeRef, closeDraft, query])
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
    setDraftError(null)
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
    const hit = (annotationsByPage.get(text.page) ?? []).find((a) =>
      a.anchor.quads.some(([x1, y1, x2, y2]) => x >= x1 && x <= x2 && y >= y1 && y <= y2),
    )
    if (hit) {
      setDraftError(null)
      setDraft({
        kind: 'edit',
        annotation: hit,
        ...positionIn({ left: event.clientX, bottom: event.clientY }),
      })
    }
  }
  const save = async (input: {
    id?: string
    anchor: Annotation['anchor']
    quote: string
    color: HighlightColor
    comment: string
  }) => {
    setBusy(true)
    try {
      await mutate('annotations:save', { paperId: paper.id, ...input })
      setLastColor(input.color)
      localStorage.setItem(LAST_COLOR_KEY, input.color)
      window.getSelection()?.removeAllRanges()
      closeDraft()
    } catch (error) {
      setDraftError(messageOf(error))
    } finally {
      setBusy(false)
    }
  }
  const remove = async (annotation: Annotation) => {
    setBusy(true)
    try {
      await mutate('annotations:delete', { paperId: paper.id, id: annotation.id })
      closeDraft()
      setUndo(annotation)
    } catch (error) {
      setDraftError(messageOf(error))
    } finally {
      setBusy(false)
    }
  }
  const pending = draft?.kind === 'new' ? { quads: draft.selected.anchor.quads, color: lastColor } : null

  // ── Keys ────────────────────────────────────────────────────────────────────────────────────
  const onKeyDown = (event: KeyboardEvent) => {
    const typing =
      event.target instanceof HTMLInputElement ||
      event.target instanceof HTMLTextAreaElement ||
      event.target instanceof HTMLSelectElement
    const mod = event.ctrlKey || event.metaKey
    if (mod && event.key.toLowerCase() === 'f') {
      event.preventDefault()
      findInput.current?.focus()
      findInput.current?.select()
    } else if ((mod || !typing) && (event.key === '+' || event.key === '=')) {
      event.preventDefault()
      zoomBy(1)
    } else if ((mod || !typing) && event.key === '-') {
      event.preventDefault()
      zoomBy(-1)
    } else if (mod && event.key === '0') {
      event.preventDefault()
      changeZoom({ fit: 'page-width' })
    }
  }

  const [stripOpen, setStripOpen] = useState(() => window.innerWidth >= 1100)
  return (
    <div className="pdf-reader" onKeyDown={onKeyDown}>
      <header className="pdf-toolbar">
        <button
          type="button"
          className="icon-button"
          aria-label="Show pages and outline"
          aria-pressed={stripOpen}
          title="Pages and outline"
          onClick={() => setStripOpen((o) => !o)}
        >
          ☰
        </button>
        <span className="pdf-title" title={plainTitle(paper.title)}>
          <TitleText title={paper.title} />
        </span>
        <PageInput current={currentPage} count={doc.numPages} onGo={(n) => scrollToPage(n)} />
        <div className="pdf-zoom" role="group" aria-label="Zoom">
          <button
            type="button"
            className="icon-button"
            aria-label="Zoom out"
            title="Zoom out (−)"
            disabled={scale !== null && scale <= MIN_SCALE}
            onClick={() => zoomBy(-1)}
          >
            −
          </button>
          <select
            aria-label="Zoom level"
            value={'fit' in zoom ? zoom.fit : 'custom'}
            onChange={(e) =>
              changeZoom(
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
            onClick={() => zoomBy(1)}
          >
            +
          </button>
        </div>
        <div className="pdf-find" role="search">
          <input
            ref={findInput}
            type="search"
            aria-label="Find in document"
            placeholder="Find in document"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value)
              setMatchIndex(-1)
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                stepMatch(e.shiftKey ? -1 : 1)
              }
            }}
          />
          <span className="pdf-find-count" role="status" aria-live="polite">
            {query.trim() === ''
              ? ''
              : !active
                ? 'Searching…'
                : describeMatches(active, matchIndex, doc.numPages)}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Previous match"
            title="Previous match (Shift+Enter)"
            disabled={!active?.matches.length}
            onClick={() => stepMatch(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Next match"
            title="Next match (Enter)"
            disabled={!active?.matches.length}
            onClick={() => stepMatch(1)}
          >
            ↓
          </button>
        </div>
        <CloseButton onClose={onClose} />
      </header>
      <div className="pdf-body">
        {stripOpen && (
          <SideStrip
            doc={doc}
            queue={queue}
            current={currentPage}
            sizeOf={sizeOf}
            thumbnailsEnabled={firstDrawn}
            onGo={go}
          />
        )}
        <div
          ref={scrollerRef}
          className="pdf-pages"
          tabIndex={0}
          aria-label="Document"
          onMouseDown={(event) => {
            if (draft && !(event.target as Element).closest('.hl-popover')) closeDraft()
          }}
          onMouseUp={(event) => {
            if ((event.target as Element).closest('.hl-popover')) return
            // After the browser has finished updating the selection.
            setTimeout(checkSelection, 0)
          }}
          onKeyUp={(event) => {
            if (event.shiftKey && event.target === scroller.current) checkSelection()
          }}
          onClick={hitHighlight}
        >
          <div
            ref={stack}
            className="pdf-stack"
            style={layout ? { height: layout.total, width: stackWidth } : undefined}
          >
            {scale !== null &&
              layout &&
              mountedPages(firstMounted, lastMounted).map((n) => (
                <PdfPage
                  key={n}
                  context={context}
                  number={n}
                  size={sizeOf(n)}
                  top={layout.tops[n - 1] ?? 0}
                  left={leftOf(n - 1)}
                  scale={scale}
                  annotations={annotationsByPage.get(n) ?? NO_ANNOTATIONS}
                  pending={
                    pending && draft?.kind === 'new' && draft.selected.anchor.page === n ? pending : null
                  }
                  matches={matchesByPage.get(n) ?? NO_MATCHES}
                  current={currentMatch?.page === n ? currentMatch : null}
                  flash={flash}
                />
              ))}
            {draft?.kind === 'new' && (
              <NewHighlightPopover
                position={{ left: draft.left, top: draft.top }}
                lastColor={lastColor}
                busy={busy}
                error={draftError}
                onSave={(color, comment) =>
                  void save({ anchor: draft.selected.anchor, quote: draft.selected.quote, color, comment })
                }
              />
            )}
            {draft?.kind === 'edit' && (
              <EditHighlightPopover
                key={draft.annotation.id}
                position={{ left: draft.left, top: draft.top }}
                annotation={draft.annotation}
                busy={busy}
                error={draftError}
                onSave={(color, comment) =>
                  void save({
                    id: draft.annotation.id,
                    anchor: draft.annotation.anchor,
                    quote: draft.annotation.quote,
                    color,
                    comment,
                  })
                }
                onDelete={() => void remove(draft.annotation)}
                onCancel={closeDraft}
              />
            )}
          </div>
        </div>
      </div>
      {(undo || saveError) && (
        <div className="pdf-statusbar" role="status">
          {undo ? (
            <>
              <span>Highlight deleted.</span>
              <button
                type="button"
                className="button-link"
                onClick={() => {
                  setUndo(null)
                  void mutate('annotations:restore', { paperId: paper.id, id: undo.id }).catch(
                    (error: unknown) =>
                      setSaveError(`The highlight could not be restored: ${messageOf(error)}`),
                  )
                }}
              >
                Undo
              </button>
            </>
          ) : (
            <span className="pdf-error">{saveError}</span>
          )}
        </div>
      )}
    </div>
  )
}

function PageInput({
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

function describeMatches(results: FindResults, index: number, pages: number): string {
  const count = results.matches.length
  const suffix = results.failedPages > 0 ? ` (${results.failedPages} pages could not be searched)` : ''
  if (!results.done)
    return count === 0 ? `Searching… page ${results.searched} of ${pages}` : `${count}+ matches, searching…`
  if (count === 0) return `No matches${suffix}`
  return `${index >= 0 ? `${index + 1} of ` : ''}${count} ${count === 1 ? 'match' : 'matches'}${suffix}`
}

/** Page numbers from 0-based indices `first` to `last`. */
function mountedPages(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i + 1)
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/** The attachment the PDF route serves: the newest. */
function currentAttachment(attachments: readonly Attachment[]): Attachment | null {
  return [...attachments].sort((a, b) => b.addedAt.localeCompare(a.addedAt))[0] ?? null
}
