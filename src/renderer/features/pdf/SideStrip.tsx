import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api'
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { itemsWithin, stackLayout } from './pageLayout'
import type { PageSize } from './PdfPage'
import { CSS_PER_PDF_UNIT, drawPage } from './pdfjs'
import { PRIORITY, useInside, Visibility, type RenderQueue } from './renderQueue'

const THUMB_WIDTH = 104
/** A thumbnail's number and padding below and around its picture. */
const THUMB_CHROME = 28

/** Where an outline entry or link points: a page, and how far down it (PDF y), when given. */
export interface Destination {
  page: number
  top: number | null
}

interface OutlineItem {
  title: string
  dest: string | unknown[] | null
  items: OutlineItem[]
}

/**
 * The side strip: page thumbnails (drawn after the pages on screen) or the document's outline.
 */
export const SideStrip = memo(function SideStrip({
  doc,
  queue,
  current,
  sizeOf,
  thumbnailsEnabled,
  onGo,
}: {
  doc: PDFDocumentProxy
  queue: RenderQueue
  current: number
  sizeOf: (page: number) => PageSize
  /** False until the first page is on screen: it goes first. */
  thumbnailsEnabled: boolean
  onGo: (destination: Destination) => void
}) {
  const [outline, setOutline] = useState<OutlineItem[] | null>(null)
  const [tab, setTab] = useState<'pages' | 'outline'>('pages')
  useEffect(() => {
    let live = true
    doc.getOutline().then(
      (items) => live && setOutline((items as OutlineItem[] | null) ?? []),
      () => live && setOutline([]),
    )
    return () => {
      live = false
    }
  }, [doc])
  const hasOutline = outline !== null && outline.length > 0
  const shown = hasOutline ? tab : 'pages'
  return (
    <nav className="pdf-strip" aria-label="Pages and outline">
      {hasOutline && (
        <div className="pdf-strip-tabs">
          <button
            type="button"
            className="pdf-tab"
            aria-pressed={shown === 'pages'}
            onClick={() => setTab('pages')}
          >
            Pages
          </button>
          <button
            type="button"
            className="pdf-tab"
            aria-pressed={shown === 'outline'}
            onClick={() => setTab('outline')}
          >
            Outline
          </button>
        </div>
      )}
      {shown === 'pages' ? (
        <Thumbnails
          doc={doc}
          queue={queue}
          current={current}
          sizeOf={sizeOf}
          enabled={thumbnailsEnabled}
          onGo={onGo}
        />
      ) : (
        <div className="pdf-outline">
          <OutlineTree doc={doc} items={outline ?? []} onGo={onGo} />
        </div>
      )}
    </nav>
  )
})

function Thumbnails({
  doc,
  queue,
  current,
  sizeOf,
  enabled,
  onGo,
}: {
  doc: PDFDocumentProxy
  queue: RenderQueue
  current: number
  sizeOf: (page: number) => PageSize
  enabled: boolean
  onGo: (destination: Destination) => void
}) {
  const scroller = useRef<HTMLDivElement | null>(null)
  const [visibility, setVisibility] = useState<Visibility | null>(null)
  const [area, setArea] = useState({ top: 0, height: 0 })
  const list = useCallback((element: HTMLDivElement | null) => {
    scroller.current = element
    if (!element) return
    const observer = new Visibility(element, '50% 0px')
    setVisibility(observer)
    let frame = 0
    const measure = () => {
      frame = 0
      setArea({ top: element.scrollTop, height: element.clientHeight })
    }
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure)
    }
    const resize = new ResizeObserver(onScroll)
    resize.observe(element)
    element.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      observer.disconnect()
      resize.disconnect()
      element.removeEventListener('scroll', onScroll)
      cancelAnimationFrame(frame)
    }
  }, [])
  // Like the pages: every thumbnail has a place, only those near the strip's view are mounted.
  const layout = useMemo(
    () =>
      stackLayout(
        Array.from({ length: doc.numPages }, (_, i) => {
          const size = sizeOf(i + 1)
          return { width: THUMB_WIDTH, height: (THUMB_WIDTH * size.height) / size.width + THUMB_CHROME }
        }),
        { padding: 10, gap: 0 },
      ),
    [doc, sizeOf],
  )
  const [first, last] = itemsWithin(layout, area.top - area.height, area.top + area.height * 2)
  useEffect(() => {
    const element = scroller.current
    const top = layout.tops[current - 1] ?? 0
    const height = layout.heights[current - 1] ?? 0
    if (element && (top < element.scrollTop || top + height > element.scrollTop + element.clientHeight)) {
      element.scrollTop = top - element.clientHeight / 3
    }
  }, [current, layout])
  return (
    <div ref={list} className="pdf-thumbs">
      <ol aria-label="Page thumbnails" style={{ height: layout.total }}>
        {Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i + 1).map((n) => (
          <li key={n} style={{ top: layout.tops[n - 1] }}>
            <Thumbnail
              doc={doc}
              queue={queue}
              visibility={visibility}
              number={n}
              size={sizeOf(n)}
              enabled={enabled}
              current={n === current}
              onGo={onGo}
            />
          </li>
        ))}
      </ol>
    </div>
  )
}

const Thumbnail = memo(function Thumbnail({
  doc,
  queue,
  visibility,
  number,
  size,
  enabled,
  current,
  onGo,
}: {
  doc: PDFDocumentProxy
  queue: RenderQueue
  visibility: Visibility | null
  number: number
  size: PageSize
  enabled: boolean
  current: boolean
  onGo: (destination: Destination) => void
}) {
  const button = useRef<HTMLButtonElement>(null)
  const holder = useRef<HTMLSpanElement>(null)
  const inside = useInside(button, visibility)
  useEffect(() => {
    const target = holder.current
    if (!inside || !enabled || !target) return
    let cancelled = false
    let task: ReturnType<PDFPageProxy['render']> | null = null
    const drop = queue.enqueue(
      () => PRIORITY.thumbnail,
      async () => {
        if (cancelled) return
        const page = await doc.getPage(number)
        if (cancelled) return
        const natural = page.getViewport({ scale: CSS_PER_PDF_UNIT })
        const viewport = page.getViewport({
          scale: (CSS_PER_PDF_UNIT * THUMB_WIDTH * (window.devicePixelRatio || 1)) / natural.width,
        })
        const canvas = await drawPage(page, viewport, (started) => (task = started))
        if (canvas && !cancelled) target.replaceChildren(canvas)
      },
    )
    return () => {
      cancelled = true
      drop()
      task?.cancel()
      target.replaceChildren()
    }
  }, [inside, enabled, queue, doc, number])
  return (
    <button
      ref={button}
      type="button"
      className="pdf-thumb"
      aria-label={`Page ${number}`}
      aria-current={current ? 'page' : undefined}
      onClick={() => onGo({ page: number, top: null })}
    >
      <span
        ref={holder}
        className="pdf-thumb-canvas"
        style={{ width: THUMB_WIDTH, height: (THUMB_WIDTH * size.height) / size.width }}
      />
      <span className="pdf-thumb-number">{number}</span>
    </button>
  )
})

function OutlineTree({
  doc,
  items,
  onGo,
}: {
  doc: PDFDocumentProxy
  items: OutlineItem[]
  onGo: (destination: Destination) => void
}) {
  return (
    <ul>
      {items.map((item, i) => (
        <li key={i}>
          <button
            type="button"
            className="pdf-outline-item"
            onClick={() => {
              void resolveDestination(doc, item.dest).then((destination) => destination && onGo(destination))
            }}
          >
            {item.title}
          </button>
          {item.items.length > 0 && <OutlineTree doc={doc} items={item.items} onGo={onGo} />}
        </li>
      ))}
    </ul>
  )
}

/** A named or explicit PDF destination as a page and a height on it. */
export async function resolveDestination(
  doc: PDFDocumentProxy,
  dest: string | unknown[] | null,
): Promise<Destination | null> {
  const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest
  if (!Array.isArray(explicit) || explicit.length === 0) return null
  const [ref, mode, ...args] = explicit as [unknown, { name?: string } | undefined, ...unknown[]]
  let index: number
  if (typeof ref === 'number' && Number.isInteger(ref)) index = ref
  else if (typeof ref === 'object' && ref !== null)
    index = await doc.getPageIndex(ref as { num: number; gen: number })
  else return null
  const name = mode?.name
  const top = name === 'XYZ' ? args[1] : name === 'FitH' || name === 'FitBH' ? args[0] : null
  return { page: index + 1, top: typeof top === 'number' ? top : null }
}
