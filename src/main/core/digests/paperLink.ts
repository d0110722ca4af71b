import { createHash } from 'node:crypto'
import { arxivAbsUrl, parseArxivRef } from '../../../shared/arxivId'
import type { PaperId } from '../../../shared/domain'
import { parseHttpUrl } from '../../../shared/httpLink'

/** Who a digest heading's link points to. */
export interface PaperLink {
  id: PaperId
  arxivId: string | null
  version: number | null
  url: string
}

/**
 * Resolves a heading link: arXiv and Hugging Face paper links give the arXiv id; any other http(s)
 * URL gets `url:<16 hex of sha256>` of its normalised form. Other schemes (`javascript:`, `file:`)
 * are refused: the app later opens this URL.
 */
export function resolvePaperLink(destination: string): PaperLink | null {
  const ref = parseArxivRef(destination)
  const url = parseHttpUrl(destination)
  if (ref) {
    const link = url?.href ?? arxivAbsUrl(ref.id, ref.version)
    return { id: ref.id, arxivId: ref.id, version: ref.version, url: link }
  }
  if (!url) return null
  return { id: urlPaperId(url), arxivId: null, version: null, url: url.href }
}

/**
 * Stable id of a non-arXiv paper. The WHATWG parse already lowercases scheme and host, drops default
 * ports and resolves dot segments; on top, http and https, a fragment and a trailing slash are treated
 * as the same page so that the same link written two ways gives one paper.
 */
export function urlPaperId(url: URL): PaperId {
  const normal = new URL(url.href)
  normal.hash = ''
  normal.protocol = 'https:'
  if (normal.pathname.length > 1 && normal.pathname.endsWith('/')) {
    let end = normal.pathname.length
    while (end > 1 && normal.pathname.charCodeAt(end - 1) === 47) end--
    normal.pathname = normal.pathname.slice(0, end)
  }
  return `url:${createHash('sha256').update(normal.href).digest('hex').slice(0, 16)}`
}
