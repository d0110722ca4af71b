import { TextLayer, type PageViewport } from 'pdfjs-dist'
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api'
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { Annotation } from '../../../shared/domain'
import { quadToBox, rangeOfOffsets, type Quad, type RenderedText } from './anchors'
import type { PageTexts, TextMatch } from './pageText'
import type { DrawnAhead, DrawnPage } from './drawnAhead'
import { canvases, CSS_PER_PDF_UNIT, drawingViewport, drawPage, pageSize } from './pdfjs'
import { PRIORITY, useInside, type RenderQueue, type Visibility } from './renderQueue'

export interface PageSize {
  width: number
  height: number
}

export interface PageContext {
  doc: PDFDocumentProxy
  texts: PageTexts
  queue: RenderQueue
  /** Pages on screen, and pages within a screen of it (rendered ahead). */
  visible: Visibility | null
  near: Visibility | null
  /** Text layers on screen, for turning selections into anchors. */
  rendered: Map<number, RenderedText>
  onSize: (page: number, size: PageSize) => void
  onDrawn: (page: number) => void
  /** The opening page, drawn before the reader opened (adopted when drawn at the scale shown). */
  drawnAhead: DrawnAhead<HTMLCanvasElement>
  /**
   * Takes an unmounting page's canvas when the reader closes on that page at the scale it was drawn
   * at (kept for a reopen there); false when the canvas is not wanted.
   */
  keepOnClose: (drawn: DrawnPage<HTMLCanvasElement>) => boolean
}

export interface PendingHighlight {
  quads: Quad[]
  color: Annotation['color']
}

interface PdfPageProps {
  context: PageContext
  number: number
  /** Size at 100 % in CSS pixels (an estimate until the page has loaded). */
  size: PageSize
  /** Where the page box sits in the stack, in CSS pixels. */
  top: number
  left: number
  scale: number
  annotations: readonly Annotation[]
  pending: PendingHighlight | null
  /** Find matches on this page, and the current one when it is here. */
  matches: readonly TextMatch[]
  current: TextMatch | null
  /** An annotation to draw attention to (opened from the detail pane). */
  flash: string | null
}

/**
 * One page, mounted while it is within a few screens of the view: a box of the page's size, and a
 * canvas, text layer and highlights while it is on or within a screen of the view. Leaving (or
 * unmounting) cancels the render and text-layer tasks and frees the canvas.
 */
export const PdfPage = memo(function PdfPage({
  context,
  number,
  size,
  top,
  left,
  scale,
  annotations,
  pending,
  matches,
  current,
  flash,
}: PdfPageProps) {
  const { doc, texts, queue, rendered } = context
  const box = useRef<HTMLDivElement>(null)
  const holder = useRef<HTMLDivElement>(null)
  const textLayer = useRef<HTMLDivElement>(null)
  const onScreen = useInside(box, context.visible)
  // The near area includes the screen: a page is active while it is within a screen of the view.
  const [active, setActive] = useState(false)
  const [page, setPage] = useState<PDFPageProxy | null>(null)
  /** The scale the canvas now shows was drawn at, or null when there is none. */
  const [drawnAt, setDrawnAt] = useState<number | null>(null)
  const drawnAtNow = useRef<number | null>(null)
  const drawn = useCallback((at: number | null) => {
    drawnAtNow.current = at
    setDrawnAt(at)
  }, [])
  // Observed before the first paint, so the first answer comes a frame sooner.
  useLayoutEffect(() => {
    const element = box.current
    if (!element || !context.near) return
    return context.near.observe(element, (inside) => {
      setActive(inside)
      if (!inside) drawn(null)
    })
  }, [context.near, drawn])
  const priority = useRef<number>(PRIORITY.near)
  const scaleRef = useRef(scale)
  const keepOnClose = useRef(context.keepOnClose)
  useEffect(() => {
    priority.current = onScreen ? PRIORITY.visible : PRIORITY.near
    scaleRef.current = scale
    keepOnClose.current = context.keepOnClose
  })
  const [textReady, setTextReady] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const base = useMemo(() => page?.getViewport({ scale: CSS_PER_PDF_UNIT }) ?? null, [page])

  // The page object, once it first comes near; it gives the real size.
  useEffect(() => {
    if (!active || page) return
    let live = true
    doc.getPage(number).then(
      (loaded) => {
        if (!live) return
        setPage(loaded)
        context.onSize(number, pageSize(loaded))
      },
      (error: unknown) => live && setFailure(`Page ${number} cannot be read: ${messageOf(error)}`),
    )
    return () => {
      live = false
    }
  }, [active, page, doc, number, context])

  // The opening page, drawn before the reader opened: shown with the reader's first frame.
  useLayoutEffect(() => {
    const canvas = context.drawnAhead.takeNow(number, scale)
    if (!canvas || !holder.current) return
    show(holder.current, canvas)
    drawn(scale)
    // Once painted: what waits for the first page (the thumbnails) must not delay that frame.
    void painted().then(() => context.onDrawn(number))
  }, [context, number, scale, drawn])

  // The canvas, at the current zoom; the previous one stays (stretched) until the new one is drawn.
  useEffect(() => {
    const target = holder.current
    if (!active || !page || !target || drawnAtNow.current === scale) return
    let task: ReturnType<PDFPageProxy['render']> | null = null
    let cancelled = false
    const drop = queue.enqueue(
      () => priority.current,
      async () => {
        if (cancelled) return
        let canvas = await context.drawnAhead.take(number, scale)
        try {
          canvas ??= await drawPage(page, drawingViewport(page, scale), (started) => (task = started))
        } catch (error) {
          if (!cancelled) setFailure(`Page ${number} cannot be drawn: ${messageOf(error)}`)
          return
        }
        if (!canvas) return
        if (cancelled) return canvases.give(canvas)
        show(target, canvas)
        drawn(scale)
        context.onDrawn(number)
        // The page on screen is painted before a page near it takes the main thread to draw.
        if (priority.current === PRIORITY.visible) await painted()
      },
    )
    return () => {
      cancelled = true
      drop()
      task?.cancel()
    }
  }, [active, page, scale, queue, number, context, drawn])

  // Far away: free the canvas and the page's parsed resources.
  useEffect(() => {
    if (active || !page) return
    if (holder.current) show(holder.current, null)
    page.cleanup()
  }, [active, page])
  // Unmounted (far, or the reader closed): the canvas goes back to the pool, unless the reader is
  // closing on this page, which is then kept as drawn for a reopen here.
  useEffect(() => {
    const target = holder.current
    const drawnAt = drawnAtNow
    return () => {
      if (!target) return
      const canvas = target.firstElementChild
      const at = drawnAt.current
      if (
        canvas instanceof HTMLCanvasElement &&
        at !== null &&
        keepOnClose.current({ page: number, scale: at, canvas })
      )
        target.replaceChildren()
      else show(target, null)
    }
  }, [number])

  // The text layer, for selection, copy, find and highlighting; built once the canvas is up.
  const shown = active && drawnAt !== null
  const layerRef = useRef<TextLayer | null>(null)
  useEffect(() => {
    const container = textLayer.current
    const pageBox = box.current
    if (!shown || !page || !container || !pageBox || !base) return
    let live = true
    let layer: TextLayer | null = null
    texts
      .get(number)
      .then(async (text) => {
        if (!live) return
        layer = new TextLayer({
          textContentSource: text.content,
          container,
          viewport: page.getViewport({ scale: scaleRef.current * CSS_PER_PDF_UNIT }),
        })
        layerRef.current = layer
        await layer.render()
        if (!live) return
        const divs = layer.textDivs
        const spans: number[] = []
        divs.forEach((div, i) => {
          div.dataset.item = String(i)
          if (div.isConnected) spans.push(i)
        })
        rendered.set(number, { page: number, element: pageBox, layer: container, divs, spans, text, base })
        setTextReady(true)
      })
      .catch((error: unknown) => {
        // Cancelled because the page left; anything else leaves the page without selectable text.
        if (live && !(error instanceof Error && error.name === 'AbortException'))
          setFailure(`The text of page ${number} cannot be read: ${messageOf(error)}`)
      })
    return () => {
      live = false
      layer?.cancel()
      layerRef.current = null
      container.replaceChildren()
      rendered.delete(number)
      setTextReady(false)
    }
  }, [shown, page, base, texts, number, rendered])

  useEffect(() => {
    if (page) layerRef.current?.update({ viewport: page.getViewport({ scale: scale * CSS_PER_PDF_UNIT }) })
  }, [page, scale])

  // Find matches, painted over the text layer with CSS highlights (no DOM changes).
  useEffect(() => {
    const text = rendered.get(number)
    if (!textReady || !text || matches.length === 0) return
    const ranges = matches.map((m) => ({ match: m, range: rangeOfOffsets(text, m.start, m.end) }))
    const registry = findHighlights()
    for (const { match, range } of ranges) {
      if (range) (match === current ? registry.current : registry.all).add(range)
    }
    return () => {
      for (const { range } of ranges) {
        if (!range) continue
        registry.all.delete(range)
        registry.current.delete(range)
      }
    }
  }, [textReady, matches, current, number, rendered])

  const width = size.width * scale
  const height = size.height * scale
  return (
    <div
      ref={box}
      className="pdf-page"
      role="group"
      aria-label={`Page ${number}`}
      data-page-number={number}
      data-drawn={drawnAt !== null ? 'true' : undefined}
      style={{ top, left, width, height, ['--total-scale-factor' as string]: scale * CSS_PER_PDF_UNIT }}
    >
      <div ref={holder} className="pdf-canvas" />
      {base && (
        <div className="pdf-highlights" aria-hidden="true">
          {annotations.map((a) =>
            a.anchor.quads.map((quad, i) => (
              <div
                key={`${a.id}-${i}`}
                className={`pdf-highlight hl-${a.color}${flash === a.id ? ' is-flashing' : ''}`}
                data-annotation-id={a.id}
                style={quadToBox(quad, base)}
              />
            )),
          )}
          {pending?.quads.map((quad, i) => (
            <div
              key={`pending-${i}`}
              className={`pdf-highlight hl-${pending.color} is-pending`}
              style={quadToBox(quad, base)}
            />
          ))}
        </div>
      )}
      <div ref={textLayer} className="textLayer" />
      {failure ? (
        <p className="pdf-page-failure" role="alert">
          {failure}
        </p>
      ) : (
        drawnAt === null && <span className="pdf-page-label">{number}</span>
      )}
    </div>
  )
})

/** Shows `canvas` in the page's holder (or nothing), handing the one it replaces back to the pool. */
function show(holder: HTMLElement, canvas: HTMLCanvasElement | null): void {
  const previous = holder.firstElementChild
  if (canvas) holder.replaceChildren(canvas)
  else holder.replaceChildren()
  if (previous instanceof HTMLCanvasElement && previous !== canvas) canvases.give(previous)
}

/** Resolves once the frame now being made has been painted. */
function painted(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
}

let registry: { all: Highlight; current: Highlight } | null = null

/** The two CSS highlights find paints with, registered once. */
function findHighlights(): { all: Highlight; current: Highlight } {
  if (!registry) {
    registry = { all: new Highlight(), current: new Highlight() }
    registry.current.priority = 1
    CSS.highlights.set('lectern-find', registry.all)
    CSS.highlights.set('lectern-find-current', registry.current)
  }
  return registry
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export type { PageViewport }
