import { open } from 'node:fs/promises'
import {
  checkWithPdfjs,
  DEFAULT_PDF_CHECK_LIMITS,
  type PdfCheckLimits,
  type PdfCheckSource,
} from './pdfjsCheck'

export type PdfProblem = 'not-pdf' | 'empty' | 'truncated' | 'damaged'

/**
 * `pages` is null only when a user password hides the document: the page tree cannot be read
 * without it, and 0 would look like a real (empty) count.
 */
export type PdfInspection =
  | { ok: true; pages: number | null; passwordRequired: boolean }
  | { ok: false; code: PdfProblem; message: string }

// Readers accept a header within the first 1 KiB and an `%%EOF` within the last 1 KiB (the
// tolerance Acrobat documents), so a little junk around the file is not an error.
const HEADER_WINDOW = 1024
const EOF_WINDOW = 1024

/**
 * Whether a file (by path) or bytes are a PDF a reader can open. The cheap checks (header, end
 * marker) read only the first and last KiB here; pdf.js runs in a worker within `limits`. A failed
 * `message` is a noun phrase ("an HTML page, not a PDF") so callers can say where the bytes came
 * from: "<url> returned …", "<path> is …".
 */
export async function inspectPdf(
  source: PdfCheckSource | Uint8Array,
  limits: PdfCheckLimits = DEFAULT_PDF_CHECK_LIMITS,
): Promise<PdfInspection> {
  const input = source instanceof Uint8Array ? { bytes: source } : source
  const { size, head, tail } = await endsOf(input)
  if (size === 0) return { ok: false, code: 'empty', message: 'an empty file (0 bytes)' }

  if (head.indexOf('%PDF-', 0, 'latin1') === -1) {
    const message = looksLikeHtml(head)
      ? 'an HTML page, not a PDF'
      : `not a PDF (no %PDF- header in its first ${HEADER_WINDOW} bytes)`
    return { ok: false, code: 'not-pdf', message }
  }

  // pdf.js repairs a cut-off file and shows the pages it got, so an interrupted download would pass
  // as good; a missing end marker is the reliable sign of one.
  if (tail.indexOf('%%EOF', 0, 'latin1') === -1) {
    return {
      ok: false,
      code: 'truncated',
      message: `an incomplete PDF: it stops after ${size.toLocaleString('en-US')} bytes without the closing %%EOF marker`,
    }
  }

  return checkWithPdfjs(input, limits)
}

/** The size, first and last KiB of the file, without reading the rest. */
async function endsOf(source: PdfCheckSource): Promise<{ size: number; head: Buffer; tail: Buffer }> {
  if ('bytes' in source) {
    const { bytes } = source
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    return { size: view.byteLength, head: view.subarray(0, HEADER_WINDOW), tail: view.subarray(-EOF_WINDOW) }
  }
  const file = await open(source.path, 'r')
  try {
    const { size } = await file.stat()
    const head = Buffer.alloc(Math.min(size, HEADER_WINDOW))
    const tail = Buffer.alloc(Math.min(size, EOF_WINDOW))
    await file.read(head, 0, head.byteLength, 0)
    await file.read(tail, 0, tail.byteLength, size - tail.byteLength)
    return { size, head, tail }
  } finally {
    await file.close()
  }
}

function looksLikeHtml(head: Buffer): boolean {
  const text = head
    .toString('latin1')
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '')
    .trimStart()
    .toLowerCase()
  if (/^<(?:!doctype html|html|head|body|title|meta)\b/.test(text)) return true
  // XHTML or a page that opens with a comment or XML prolog.
  return text.startsWith('<') && text.includes('<html')
}
