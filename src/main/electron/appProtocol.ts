import { net, protocol } from 'electron'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Lectern } from '../core/lectern'

/** The renderer's own origin: pages, pdf.js data files and PDFs are all same-origin under it. */
export const APP_ORIGIN = 'app://lectern'

/**
 * Must run before the app is ready. A standard, secure scheme with fetch support rather than
 * `file://`: pdf.js fetches its CMaps, fonts and the PDF itself, which `file://` pages may not do.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ])
}

/**
 * `app://lectern/<file>` serves the built renderer; `app://lectern/pdf/<paper id>` a paper's cached or
 * attached PDF, looked up by id (nothing of the URL is used as a path there). Like browser mode's server.
 */
export function handleAppScheme(lectern: Lectern, rendererDir: string): void {
  protocol.handle('app', (request) => {
    const url = new URL(request.url)
    if (url.host !== 'lectern') return new Response('Not found', { status: 404 })
    let path: string
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      return new Response('Malformed URL', { status: 400 })
    }
    if (path.startsWith('/pdf/')) {
      const file = lectern.pdfs.fileOf(path.slice('/pdf/'.length))
      if (!file) return new Response('No PDF for this paper', { status: 404 })
      return net.fetch(pathToFileURL(file).toString(), { headers: request.headers })
    }
    const file = join(rendererDir, normalize(path === '/' ? '/index.html' : path))
    if (!file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 })
    return net.fetch(pathToFileURL(file).toString())
  })
}
