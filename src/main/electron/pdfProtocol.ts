import { net, protocol } from 'electron'
import { pathToFileURL } from 'node:url'
import type { Lectern } from '../core/lectern'

export const PDF_SCHEME = 'lectern-pdf'

/** Must run before the app is ready: pdf.js fetches documents, so the scheme needs fetch support. */
export function registerPdfScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: PDF_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ])
}

/**
 * `lectern-pdf://paper/<paper id>` serves the paper's cached or attached PDF. The id is looked up in
 * the library; no part of the URL is ever used as a path.
 */
export function handlePdfScheme(lectern: Lectern): void {
  protocol.handle(PDF_SCHEME, (request) => {
    const url = new URL(request.url)
    let paperId: string
    try {
      paperId = decodeURIComponent(url.pathname.slice(1))
    } catch {
      return new Response('Malformed paper id', { status: 400 })
    }
    const file = url.host === 'paper' ? lectern.pdfs.fileOf(paperId) : null
    if (!file) return new Response(`No PDF for ${paperId}`, { status: 404 })
    return net.fetch(pathToFileURL(file).toString(), { headers: request.headers })
  })
}
