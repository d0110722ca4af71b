import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react'
import type { PaperDetail } from '../../../shared/api'
import type { Annotation } from '../../../shared/domain'
import { plainTitle } from '../../../shared/codeSpans'
import { TitleText } from '../papers/TitleText'
import type { RenderedText } from './anchors'
import type { DrawnAhead, DrawnPage } from './drawnAhead'
import { EditHighlightPopover, NewHighlightPopover } from './HighlightPopover'
import { PageTexts, type TextMatch } from './pageText'
import { PdfPage, type PageContext } from './PdfPage'
import { FindBar, PageInput, ZoomControl } from './ReaderToolbar'
import { reserveCanvas } from './pdfjs'
import { expectedView, rememberView, stripShownAt } from './readerFrame'
import { RenderQueue } from './renderQueue'
import { SideStrip } from './SideStrip'
import { useFind, type FindOnOpen } from './useFind'
import { useHighlights } from './useHighlights'
import { useNavigation, useOpenAt } from './useNavigation'
import { usePageSizes } from './usePageSizes'
import { scaleIn, usePageStack } from './usePageStack'
import { useRememberPlace } from './useRememberPlace'
import { useScrollArea } from './useScrollArea'
import { useZoom } from './useZoom'
import { CloseButton } from './ViewerChrome'
import { parseZoom, type Zoom } from './zoom'

const NO_ANNOTATIONS: readonly Annotation[] = []
const NO_MATCHES: readonly TextMatch[] = []

/** Where the reader opens: a highlight, or a page with words to mark on it (a search hit). */
export interface ReaderTarget {
  annotationId?: string
  page?: number
  phrase?: string
}

/**
 * An open document in continuous scroll: the toolbar (pages, zoom, find), the side strip, and the
 * pages near the view. Each concern lives in its hook; this puts them together.
 */
export function Reader({
  detail,
  doc,
  drawnAhead,
  target,
  escapeRef,
  onClose,
}: {
  detail: PaperDetail
  doc: PDFDocumentProxy
  /** The opening page, if drawn while the paper was selected. */
  drawnAhead: DrawnAhead<HTMLCanvasElement>
  target: ReaderTarget
  escapeRef: RefObject<() => boolean>
  onClose: () => void
}) {
  const { paper, annotations } = detail
  const texts = useMemo(() => new PageTexts(doc), [doc])
  const queue = useMemo(() => new RenderQueue(2), [])
  const rendered = useMemo(() => new Map<number, RenderedText>(), [])
  const stack = useRef<HTMLDivElement>(null)
  const findInput = useRef<HTMLInputElement>(null)
  const [statusError, setStatusError] = useState<string | null>(null)

  const sizes = usePageSizes(doc)
  // Guessed as the page drawn ahead was: the first commit can show it, before anything is measured.
  const { attach: scrollerRef, scroller, view, observers, scrollTop } = useScrollArea(expectedView)
  const [zoom, setZoom] = useState<Zoom>(() => parseZoom(paper.viewer?.zoom))
  const scale = scaleIn(zoom, sizes.first, view)
  // The first page's canvas, made while its page box waits to be seen and its render to start
  // (unless it was drawn ahead: a canvas drawn at another scale is back in the pool by then).
  const firstScale = useRef<number | null>(null)
  useLayoutEffect(() => {
    if (firstScale.current !== null || scale === null || !sizes.first) return
    firstScale.current = scale
    if (!drawnAhead.exists()) reserveCanvas(sizes.first, scale)
  }, [scale, sizes.first, drawnAhead])
  const pages = usePageStack({
    doc,
    sizeOf: sizes.sizeOf,
    scale,
    view,
    scrollTop,
    startPage: target.page ?? paper.viewer?.page ?? 1,
  })
  const { layout } = pages
  const { changeZoom, zoomBy } = useZoom({
    setZoom,
    scale,
    layout,
    leftOf: pages.leftOf,
    observers,
    scrollElement: scroller,
  })
  const navigation = useNavigation({ doc, layout, scrollElement: scroller })
  const openAt = useMemo(() => ({ annotationId: target.annotationId, page: target.page }), [target])
  const flash = useOpenAt({
    at: openAt,
    annotations,
    restoredPage: paper.viewer?.page ?? 1,
    pageCount: doc.numPages,
    layout,
    navigation,
    scrollElement: scroller,
  })
  useRememberPlace(paper.id, pages.currentPage, zoom, setStatusError)
  const [findOnOpen] = useState<FindOnOpen | null>(() =>
    target.phrase && target.page ? { phrase: target.phrase, page: target.page } : null,
  )
  const find = useFind({
    doc,
    texts,
    currentPage: pages.currentPage,
    layout,
    scrollElement: scroller,
    inputRef: findInput,
    onOpen: findOnOpen,
  })
  const highlights = useHighlights({
    paperId: paper.id,
    annotations,
    rendered,
    stack,
    onError: setStatusError,
  })
  const { draft } = highlights

  useEffect(() => {
    escapeRef.current = () => {
      if (highlights.draft) {
        highlights.closeDraft()
        return true
      }
      return find.clearOnEscape()
    }
  })

  // Where the reader is, for the page it closes on: left drawn with the cache for a reopen there.
  const place = useRef({ page: pages.currentPage, scale })
  useEffect(() => {
    place.current = { page: pages.currentPage, scale }
  })
  const keepOnClose = useCallback(
    (drawn: DrawnPage<HTMLCanvasElement>) => {
      if (drawn.page !== place.current.page || drawn.scale !== place.current.scale) return false
      drawnAhead.keep(drawn)
      return true
    },
    [drawnAhead],
  )

  const [firstDrawn, setFirstDrawn] = useState(false)
  const onDrawn = useCallback(() => setFirstDrawn(true), [])
  const context: PageContext = useMemo(
    () => ({
      doc,
      texts,
      queue,
      visible: observers?.visible ?? null,
      near: observers?.near ?? null,
      rendered,
      onSize: sizes.onSize,
      onDrawn,
      drawnAhead,
      keepOnClose,
    }),
    [doc, texts, queue, observers, rendered, sizes.onSize, onDrawn, drawnAhead, keepOnClose],
  )

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

  const [stripOpen, setStripOpen] = useState(() => stripShownAt(window.innerWidth))
  // What the frame takes from the window, for the next opening page drawn ahead.
  useEffect(() => {
    if (view) rememberView(view, stripOpen)
  }, [view, stripOpen])
  const { currentMatch } = find
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
        <PageInput
          current={pages.currentPage}
          count={doc.numPages}
          onGo={(n) => navigation.scrollToPage(n)}
        />
        <ZoomControl zoom={zoom} scale={scale} onZoom={changeZoom} onStep={zoomBy} />
        <FindBar find={find} inputRef={findInput} pageCount={doc.numPages} />
        <CloseButton onClose={onClose} />
      </header>
      <div className="pdf-body">
        {stripOpen && (
          <SideStrip
            doc={doc}
            queue={queue}
            current={pages.currentPage}
            sizeOf={sizes.sizeOf}
            thumbnailsEnabled={firstDrawn}
            onGo={navigation.go}
          />
        )}
        <div
          ref={scrollerRef}
          className="pdf-pages"
          tabIndex={0}
          aria-label="Document"
          onMouseDown={(event) => {
            if (draft && !(event.target as Element).closest('.hl-popover')) highlights.closeDraft()
          }}
          onMouseUp={(event) => {
            if ((event.target as Element).closest('.hl-popover')) return
            // After the browser has finished updating the selection.
            setTimeout(highlights.checkSelection, 0)
          }}
          onKeyUp={(event) => {
            if (event.shiftKey && event.target === scroller()) highlights.checkSelection()
          }}
          onClick={highlights.hitHighlight}
        >
          <div
            ref={stack}
            className="pdf-stack"
            style={layout ? { height: layout.total, width: pages.width } : undefined}
          >
            {scale !== null &&
              layout &&
              pages.mounted.map((n) => (
                <PdfPage
                  key={n}
                  context={context}
                  number={n}
                  size={sizes.sizeOf(n)}
                  top={layout.tops[n - 1] ?? 0}
                  left={pages.leftOf(n - 1)}
                  scale={scale}
                  annotations={highlights.byPage.get(n) ?? NO_ANNOTATIONS}
                  pending={
                    highlights.pending && draft?.kind === 'new' && draft.selected.anchor.page === n
                      ? highlights.pending
                      : null
                  }
                  matches={find.matchesByPage.get(n) ?? NO_MATCHES}
                  current={currentMatch?.page === n ? currentMatch : null}
                  flash={flash}
                />
              ))}
            {draft?.kind === 'new' && (
              <NewHighlightPopover
                position={{ left: draft.left, top: draft.top }}
                lastColor={highlights.lastColor}
                busy={highlights.busy}
                error={highlights.error}
                onSave={(color, comment) =>
                  void highlights.save({
                    anchor: draft.selected.anchor,
                    quote: draft.selected.quote,
                    color,
                    comment,
                  })
                }
              />
            )}
            {draft?.kind === 'edit' && (
              <EditHighlightPopover
                key={draft.annotation.id}
                position={{ left: draft.left, top: draft.top }}
                annotation={draft.annotation}
                busy={highlights.busy}
                error={highlights.error}
                onSave={(color, comment) =>
                  void highlights.save({
                    id: draft.annotation.id,
                    anchor: draft.annotation.anchor,
                    quote: draft.annotation.quote,
                    color,
                    comment,
                  })
                }
                onDelete={() => void highlights.remove(draft.annotation)}
                onCancel={highlights.closeDraft}
              />
            )}
          </div>
        </div>
      </div>
      {(highlights.undo || statusError) && (
        <div className="pdf-statusbar" role="status">
          {highlights.undo ? (
            <>
              <span>Highlight deleted.</span>
              <button type="button" className="button-link" onClick={highlights.restore}>
                Undo
              </button>
            </>
          ) : (
            <span className="pdf-error">{statusError}</span>
          )}
        </div>
      )}
    </div>
  )
}
