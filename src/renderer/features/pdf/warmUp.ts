import { drawPage, loadDocumentBytes } from './pdfjs'

/**
 * A one-page PDF with a line of Helvetica (a standard font, so pdf.js loads and converts its Type1
 * data as it does a paper's fonts). Built here so no binary ships; offsets are computed.
 */
function warmUpPdf(): Uint8Array {
  const content = 'BT /F1 12 Tf 72 720 Td (Lectern warms up the reader: fi ff 0123456789) Tj ET'
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ]
  let out = '%PDF-1.4\n'
  const offsets = objects.map((body, i) => {
    const at = out.length
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
    return at
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Uint8Array.from(out, (c) => c.charCodeAt(0))
}

let warming: Promise<void> | null = null

/**
 * Opens, draws (small) and reads a tiny PDF once, while the reader is only likely to be opened: the
 * worker's parser, font conversion and the drawing code are then compiled and the standard font
 * data fetched, which a cold first page otherwise pays for. Failures only mean no head start.
 */
export function warmUpReader(): Promise<void> {
  warming ??= (async () => {
    const task = loadDocumentBytes(warmUpPdf())
    try {
      const doc = await task.promise
      const page = await doc.getPage(1)
      await drawPage(page, page.getViewport({ scale: 0.25 }), () => undefined)
      await page.getTextContent()
    } finally {
      await task.destroy()
    }
  })().catch((error: unknown) => {
    console.warn('The PDF reader could not warm up:', error)
  })
  return warming
}
