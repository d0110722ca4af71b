import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent, type ReactNode, type RefObject } from 'react'
import type { PaperDetail } from '../../../shared/api'
import type { Annotation, Attachment } from '../../../shared/domain'
import { api, connection } from '../../api/client'
import { invalidate, mutate, useQuery } from '../../api/query'
import { anchorFromSelection, type RenderedText, type SelectedText } from './anchors'
import type { HighlightColor } from './HighlightColors'
import { EditHighlightPopover, NewHighlightPopover } from './HighlightPopover'
import { itemAt, PageTexts, findInPage, foldedOf, type TextMatch } from './pageText'
import { CSS_PER_PDF_UNIT } from './pdfjs'
import { messageOf, PdfPage, type PageContext, type PageSize } from './PdfPage'
import { PdfActions } from './PdfSection'
import { RenderQueue, Visibility } from './renderQueue'
import { SideStrip, type Destination } from './SideStrip'
import { usePdfDocument } from './usePdfDocument'
import { clampScale, MIN_SCALE, parseZoom, PRESETS, resolveScale, stepScale, zoomToString, type Zoom } from './zoom'
import './pdfViewer.css'

/** Space around and between pages, in CSS pixels (pdfViewer.css uses the same). */
const PAGE_PADDING = 16
const NO_ANNOTATIONS: readonly Annotation[] = []
const NO_MATCHES: readonly TextMatch[] = []
const LAST_COLOR_KEY = 'lectern-highlight-color'

interface PdfViewerProps {
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

function ViewerMessage({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
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
    <button type="button" className="icon-button pdf-close" aria-label="Close viewer" title="Close (Esc)" onClick={onClose}>
      ×
    </button>
  )
}

function DocumentView(props: { detail: PaperDetail; url: string; annotationId: string | undefined; escapeRef: RefObject<() => boolean>; onClose: () => void }) {
  const { detail, url, onClose } = props
  const state = usePdfDocument(url)
  const title = detail.paper.title
  if (state.status === 'ready') return <Reader {...props} doc={state.doc} />
  return (
    <ViewerMessage title={title} onClose={onClose}>
      {state.status === 'loading' && <p className="muted">Opening the PDF…{state.percent !== null && ` ${state.percent} %`}</p>}
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
        <input type="password" value={password} autoFocus autoComplete="off" onChange={(e) => setPassword(e.target.value)} />
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
  const sizeOf = useCallback((n: number) => sizes.get(n) ?? firstSize ?? { width: 612 * CSS_PER_PDF_UNIT, height: 792 * CSS_PER_PDF_UNIT }, [sizes, firstSize])

  // The scroll area, its size, and the observers pages use to know whether they are on screen.
  const [view, setView] = useState<{ width: number; height: number } | null>(null)
  const [observers, setObservers] = useState<{ visible: Visibility; near: Visibility } | null>(null)
  const scrollerRef = useCallback((element: HTMLDivElement | null) => {
    scroller.current = element
    if (!element) return
    const visible = new Visibility(element, '0px')
    const near = new Visibility(element, '100% 0px')
    setObservers({ visible, near })
    const resize = new ResizeObserver(() => setView({ width: element.clientWidth, height: element.clientHeight }))
    resize.observe(element)
    return () => {
      visible.disconnect()
      near.disconnect()
      resize.disconnect()
    }
  }, [])

  const [zoom, setZoom] = useState<Zoom>(() => parseZoom(paper.viewer?.zoom))
  const scale = firstSize && view ? resolveScale(zoom, firstSize, { width: view.width - 2 * PAGE_PADDING, height: view.height - 2 * PAGE_PADDING }) : null
  const [currentPage, setCurrentPage] = useState(() => Math.min(Math.max(1, paper.viewer?.page ?? 1), doc.numPages))
  const [firstDrawn, setFirstDrawn] = useState(false)

  const onSize = useCallback(
    (n: number, size: PageSize) =>
      setSizes((current) => {
        const known = current.get(n)
        if (known && known.width === size.width && known.height === size.height) return current
        return new Map(current).set(n, size)
      }),
    [],
  )
  const onDrawn = useCallback(() => setFirstDrawn(true), [])
  const context: PageContext = useMemo(
    () => ({ doc, texts, queue, visible: observers?.visible ?? null, near: observers?.near ?? null, rendered, onSize, onDrawn }),
    [doc, texts, queue, observers, rendered, onSize, onDrawn],
  )

  // ── Scrolling ────────────────────────────────────────────────────────────────────────────────
  const pageElement = useCallback((n: number) => stack.current?.querySelector<HTMLElement>(`:scope > [data-page-number="${n}"]`) ?? null, [])
  /** Scrolls so that `fraction` of the way down page `n` sits `offset` pixels below the top. */
  const scrollToPage = useCallback(
    (n: number, fraction = 0, offset = PAGE_PADDING / 2) => {
      const element = pageElement(n)
      const area = scroller.current
      if (!element || !area) return
      area.scrollTop = element.offsetTop + fraction * element.offsetHeight - offset
      setCurrentPage(n)
    },
    [pageElement],
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
      void fractionOf(destination.page, destination.top).then((fraction) => scrollToPage(destination.page, fraction))
    },
    [fractionOf, scrollToPage],
  )

  const pageAt = useCallback((y: number): HTMLElement | null => {
    const pages = stack.current?.children
    if (!pages) return null
    let lo = 0
    let hi = Math.min(pages.length, doc.numPages) - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((pages[mid] as HTMLElement).offsetTop <= y) lo = mid
      else hi = mid - 1
    }
    return (pages[lo] as HTMLElement | undefined) ?? null
  }, [doc])

  useEffect(() => {
    const area = scroller.current
    if (!area) return
    let frame = 0
    const onScroll = () => {
      if (frame) return
      frame = requestAnimationFrame(() => {
        frame = 0
        const page = pageAt(area.scrollTop + area.clientHeight * 0.3)
        if (page) setCurrentPage(Number(page.dataset.pageNumber))
      })
    }
    area.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      area.removeEventListener('scroll', onScroll)
      cancelAnimationFrame(frame)
    }
  }, [pageAt, observers])

  // Where the document opens: the highlight asked for, else where the reader left it.
  const opened = useRef(false)
  const [flash, setFlash] = useState<string | null>(null)
  useLayoutEffect(() => {
    if (opened.current || scale === null || !stack.current) return
    opened.current = true
    const target = annotationId ? annotations.find((a) => a.id === annotationId) : undefined
    if (target) {
      const top = Math.max(...target.anchor.quads.map((q) => q[3]))
      void fractionOf(target.anchor.page, Number.isFinite(top) ? top : null).then((fraction) => {
        scrollToPage(target.anchor.page, fraction, (scroller.current?.clientHeight ?? 0) / 3)
        setFlash(target.id)
      })
    } else if (currentPage > 1) scrollToPage(currentPage)
    scroller.current?.focus({ preventScroll: true })
  }, [scale, annotationId, annotations, currentPage, fractionOf, scrollToPage])

  // ── Zoom, keeping the point under the cursor (or the top of the view) where it is ──────────────
  const zoomAnchor = useRef<{ page: number; fy: number; fx: number; dy: number; dx: number } | null>(null)
  const changeZoom = useCallback(
    (next: Zoom, at?: { clientX: number; clientY: number }) => {
      const area = scroller.current
      if (area) {
        const box = area.getBoundingClientRect()
        const dy = at ? at.clientY - box.top : 0
        const dx = at ? at.clientX - box.left : area.clientWidth / 2
        const page = pageAt(area.scrollTop + dy)
        if (page) {
          zoomAnchor.current = {
            page: Number(page.dataset.pageNumber),
            fy: (area.scrollTop + dy - page.offsetTop) / page.offsetHeight,
            fx: (area.scrollLeft + dx - page.offsetLeft) / page.offsetWidth,
            dy,
            dx,
          }
        }
      }
      setZoom(next)
    },
    [pageAt],
  )
  useLayoutEffect(() => {
    const anchor = zoomAnchor.current
    const area = scroller.current
    if (!anchor || !area) return
    zoomAnchor.current = null
    const page = pageElement(anchor.page)
    if (!page) return
    area.scrollTop = page.offsetTop + anchor.fy * page.offsetHeight - anchor.dy
    area.scrollLeft = page.offsetLeft + anchor.fx * page.offsetWidth - anchor.dx
  }, [scale, pageElement])
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
      void api.call('viewer:save', { paperId: paper.id, ...place.current }).finally(() => invalidate('papers:get'))
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
      const element = pageElement(currentMatch.page)
      if (!live || !area || !element) return
      const item = text.items[itemAt(text, currentMatch.start).index]
      const viewport = page.getViewport({ scale: (element.offsetWidth / page.getViewport({ scale: 1 }).width) })
      const [, y] = item ? (viewport.convertToViewportPoint(item.transform[4] as number, item.transform[5] as number) as [number, number]) : [0, 0]
      const top = element.offsetTop + y
      // Only when the match is out of comfortable view, so stepping through a page does not jump.
      if (top < area.scrollTop + 40 || top > area.scrollTop + area.clientHeight - 40) area.scrollTop = top - area.clientHeight / 3
    })
    return () => {
      live = false
    }
    // The match's identity is its key: progress updates make new arrays with the same matches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [matchKey, doc, texts, pageElement])

  // ── Highlights ──────────────────────────────────────────────────────────────────────────────
  const annotationsByPage = useMemo(() => groupBy(annotations, (a) => a.anchor.page), [annotations])
  const [draft, setDraft] = useState<Draft | null>(null)
  const [busy, setBusy] = useState(false)
  const [draftError, setDraftError] = useState<string | null>(null)
  const [lastColor, setLastColor] = useState<HighlightColor>(() => (localStorage.getItem(LAST_COLOR_KEY) as HighlightColor | null) ?? 'yellow')
  const [undo, setUndo] = useState<Annotation | null>(null)
  const closeDraft = useCallback(() => {
    setDraft(null)
    setDraftError(null)
  }, [])
  useEffect(() => {
    escapeRef.current = () => {
      if (!draft) return false
      closeDraft()
      return true
    }
  }, [draft, escapeRef, closeDraft])
  useEffect(() => {
    if (!undo) return
    const timer = setTimeout(() => setUndo(null), 8000)
    return () => clearTimeout(timer)
  }, [undo])

  const positionIn = (rect: { left: number; bottom: number }) => {
    const box = stack.current?.getBoundingClientRect()
    return box ? { left: Math.max(8, rect.left - box.left), top: rect.bottom - box.top + 6 } : { left: 0, top: 0 }
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
    const [x, y] = text.base.convertToPdfPoint((event.clientX - box.left) / zoomFactor, (event.clientY - box.top) / zoomFactor) as [number, number]
    const hit = (annotationsByPage.get(text.page) ?? []).find((a) => a.anchor.quads.some(([x1, y1, x2, y2]) => x >= x1 && x <= x2 && y >= y1 && y <= y2))
    if (hit) {
      setDraftError(null)
      setDraft({ kind: 'edit', annotation: hit, ...positionIn({ left: event.clientX, bottom: event.clientY }) })
    }
  }
  const save = async (input: { id?: string; anchor: Annotation['anchor']; quote: string; color: HighlightColor; comment: string }) => {
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
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement
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
  const pageNumbers = useMemo(() => Array.from({ length: doc.numPages }, (_, i) => i + 1), [doc])
  return (
    <div className="pdf-reader" onKeyDown={onKeyDown}>
      <header className="pdf-toolbar">
        <button type="button" className="icon-button" aria-label="Show pages and outline" aria-pressed={stripOpen} title="Pages and outline" onClick={() => setStripOpen((o) => !o)}>
          ☰
        </button>
        <span className="pdf-title" title={paper.title}>
          {paper.title}
        </span>
        <PageInput current={currentPage} count={doc.numPages} onGo={(n) => scrollToPage(n)} />
        <div className="pdf-zoom" role="group" aria-label="Zoom">
          <button type="button" className="icon-button" aria-label="Zoom out" title="Zoom out (−)" disabled={scale !== null && scale <= MIN_SCALE} onClick={() => zoomBy(-1)}>
            −
          </button>
          <select aria-label="Zoom level" value={'fit' in zoom ? zoom.fit : 'custom'} onChange={(e) => changeZoom(e.target.value === 'page-width' || e.target.value === 'page-fit' ? { fit: e.target.value } : { scale: Number(e.target.value) })}>
            <option value="page-width">Fit width</option>
            <option value="page-fit">Fit page</option>
            {'scale' in zoom && <option value="custom">{Math.round(zoom.scale * 100)} %</option>}
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {p * 100} %
              </option>
            ))}
          </select>
          <button type="button" className="icon-button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoomBy(1)}>
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
            {query.trim() === '' ? '' : !active ? 'Searching…' : describeMatches(active, matchIndex, doc.numPages)}
          </span>
          <button type="button" className="icon-button" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={!active?.matches.length} onClick={() => stepMatch(-1)}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label="Next match" title="Next match (Enter)" disabled={!active?.matches.length} onClick={() => stepMatch(1)}>
            ↓
          </button>
        </div>
        <CloseButton onClose={onClose} />
      </header>
      <div className="pdf-body">
        {stripOpen && <SideStrip doc={doc} queue={queue} current={currentPage} sizeOf={sizeOf} thumbnailsEnabled={firstDrawn} onGo={go} />}
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
          <div ref={stack} className="pdf-stack">
            {scale !== null &&
              pageNumbers.map((n) => (
                <PdfPage
                  key={n}
                  context={context}
                  number={n}
                  size={sizeOf(n)}
                  scale={scale}
                  annotations={annotationsByPage.get(n) ?? NO_ANNOTATIONS}
                  pending={pending && draft?.kind === 'new' && draft.selected.anchor.page === n ? pending : null}
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
                onSave={(color, comment) => void save({ anchor: draft.selected.anchor, quote: draft.selected.quote, color, comment })}
              />
            )}
            {draft?.kind === 'edit' && (
              <EditHighlightPopover
                key={draft.annotation.id}
                position={{ left: draft.left, top: draft.top }}
                annotation={draft.annotation}
                busy={busy}
                error={draftError}
                onSave={(color, comment) => void save({ id: draft.annotation.id, anchor: draft.annotation.anchor, quote: draft.annotation.quote, color, comment })}
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
                  void mutate('annotations:restore', { paperId: paper.id, id: undo.id }).catch((error: unknown) => setSaveError(`The highlight could not be restored: ${messageOf(error)}`))
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

function PageInput({ current, count, onGo }: { current: number; count: number; onGo: (page: number) => void }) {
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
  if (!results.done) return count === 0 ? `Searching… page ${results.searched} of ${pages}` : `${count}+ matches, searching…`
  if (count === 0) return `No matches${suffix}`
  return `${index >= 0 ? `${index + 1} of ` : ''}${count} ${count === 1 ? 'match' : 'matches'}${suffix}`
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
