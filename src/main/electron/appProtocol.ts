import { net, protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import type { Lectern } from '../core/lectern'
import { resolveAppRequest } from '../core/trust/appRequest'
import { servedPage, type FirstPage } from '../web/firstScreen'

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
 * Serves `app://lectern/…`: the built renderer's files, index.html with the first screen in it as
 * browser mode sends it, and papers' PDFs by id (see resolveAppRequest).
 */
export function handleAppScheme(lectern: Lectern, rendererDir: string, firstPage: FirstPage): void {
  protocol.handle('app', async (request) => {
    const target = resolveAppRequest(request.url, rendererDir)
    switch (target.kind) {
      case 'bad-request':
        return new Response('Malformed URL', { status: 400 })
      case 'not-found':
        return new Response('Not found', { status: 404 })
      case 'pdf': {
        const file = lectern.pdfs.fileOf(target.paperId)
        if (!file) return new Response('No PDF for this paper', { status: 404 })
        return net.fetch(pathToFileURL(file).toString(), { headers: request.headers })
      }
      case 'page': {
        const page = await servedPage(await readFile(target.path), firstPage)
        return new Response(new Uint8Array(page), { headers: { 'content-type': 'text/html; charset=utf-8' } })
      }
      case 'file':
        return net.fetch(pathToFileURL(target.path).toString())
    }
  })
}
