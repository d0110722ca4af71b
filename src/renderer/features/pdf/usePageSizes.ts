import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import { useCallback, useEffect, useRef, useState } from 'react'
import { CSS_PER_PDF_UNIT, firstPageSize, knownFirstPageSize } from './pdfjs'
import type { PageSize } from './PdfPage'

export interface PageSizes {
  /** Page 1's size at 100 %, once known: what every page is taken to be until it has loaded. */
  first: PageSize | null
  sizeOf: (page: number) => PageSize
  /** A page tells its real size once it has loaded. */
  onSize: (page: number, size: PageSize) => void
}

/** US Letter, until page 1 has loaded. */
const LETTER = { width: 612 * CSS_PER_PDF_UNIT, height: 792 * CSS_PER_PDF_UNIT }

/** The pages' sizes at 100 %, in CSS pixels: page 1's for every page until a page tells its own. */
export function usePageSizes(doc: PDFDocumentProxy): PageSizes {
  const [first, setFirst] = useState<PageSize | null>(() => knownFirstPageSize(doc))
  const [sizes, setSizes] = useState<ReadonlyMap<number, PageSize>>(new Map())
  useEffect(() => {
    let live = true
    void firstPageSize(doc).then((size) => {
      if (live) setFirst(size)
    })
    return () => {
      live = false
    }
  }, [doc])
  const sizeOf = useCallback((n: number) => sizes.get(n) ?? first ?? LETTER, [sizes, first])

  const firstRef = useRef(first)
  useEffect(() => {
    firstRef.current = first
  }, [first])
  // Most documents have one page size: only a page that differs re-lays the document out.
  const onSize = useCallback(
    (n: number, size: PageSize) =>
      setSizes((current) => {
        const known = current.get(n) ?? firstRef.current
        if (known && known.width === size.width && known.height === size.height) return current
        return new Map(current).set(n, size)
      }),
    [],
  )
  return { first, sizeOf, onSize }
}
