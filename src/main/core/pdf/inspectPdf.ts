import { loadPdfjs } from './loadPdfjs'

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
 * Whether `bytes` are a PDF a reader can open. A failed `message` is a noun phrase ("an HTML page,
 * not a PDF") so callers can say where the bytes came from: "<url> returned …", "<path> is …".
 */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfInspection> {
  if (bytes.byteLength === 0) return { ok: false, code: 'empty', message: 'an empty file (0 bytes)' }
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

  const head = view.subarray(0, HEADER_WINDOW)
  if (head.indexOf('%PDF-', 0, 'latin1') === -1) {
    const message = looksLikeHtml(head)
      ? 'an HTML page, not a PDF'
      : `not a PDF (no %PDF- header in its first ${HEADER_WINDOW} bytes)`
    return { ok: false, code: 'not-pdf', message }
  }

  // pdf.js repairs a cut-off file and shows the pages it got, so an interrupted download would pass
  // as good; a missing end marker is the reliable sign of one.
  if (view.subarray(-EOF_WINDOW).indexOf('%%EOF', 0, 'latin1') === -1) {
    const size = bytes.byteLength.toLocaleString('en-US')
    return {
      ok: false,
      code: 'truncated',
      message: `an incomplete PDF: it stops after ${size} bytes without the closing %%EOF marker`,
    }
  }

  return openWithPdfjs(bytes)
}

async function openWithPdfjs(bytes: Uint8Array): Promise<PdfInspection> {
  const pdfjs = await loadPdfjs()
  // pdf.js takes ownership of `data` (it may transfer it to a worker) and refuses a Node Buffer, so
  // it gets a plain Uint8Array copy; `Buffer#slice` would only be a view.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  })
  try {
    const doc = await task.promise
    return { ok: true, pages: doc.numPages, passwordRequired: false }
  } catch (err) {
    if (err instanceof pdfjs.PasswordException) return { ok: true, pages: null, passwordRequired: true }
    const reason = err instanceof Error ? err.message : String(err)
    return { ok: false, code: 'damaged', message: `a damaged PDF that cannot be read (${reason})` }
  } finally {
    await task.destroy()
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
