/**
 * arXiv identifiers: the one place that knows their shapes.
 * New style: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015–), old style: archive(.SUB)/YYMMNNN; both may
 * carry a version suffix `vN`. A paper's identity in Lectern is the id without version.
 */
export interface ArxivRef {
  /** Id without version, e.g. `2402.07827` or `hep-th/9901001`. */
  id: string
  /** Version number when the reference named one (`v2` → 2), else null. */
  version: number | null
}

const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d{1,4}))?$/
const OLD_STYLE = /^([a-z][a-z-]{0,19}(?:\.[A-Z]{2})?\/\d{7})(?:v(\d{1,4}))?$/

/** Parses a bare id (`2402.07456v2`, `arXiv:2402.07456`, `hep-th/9901001`). */
export function parseArxivId(text: string): ArxivRef | null {
  const bare = text.trim().replace(/^arxiv:/i, '')
  if (bare.length > 40) return null
  const m = NEW_STYLE.exec(bare) ?? OLD_STYLE.exec(bare)
  if (!m || m[1] === undefined) return null
  return { id: m[1], version: m[2] === undefined ? null : Number(m[2]) }
}

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'])
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co'])

/**
 * Parses an arXiv reference from a bare id or a link: arxiv.org/abs|pdf/ID[.pdf],
 * huggingface.co/papers/ID (Hugging Face paper pages are keyed by arXiv id).
 */
export function parseArxivRef(text: string): ArxivRef | null {
  const direct = parseArxivId(text)
  if (direct) return direct
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  const host = url.hostname.toLowerCase()
  const path = decodeURIComponent(url.pathname).replace(/\/+$/, '')
  if (ARXIV_HOSTS.has(host)) {
    const m = /^\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?$/.exec(path)
    return m?.[1] ? parseArxivId(m[1]) : null
  }
  if (HF_HOSTS.has(host)) {
    const m = /^\/papers\/(.+)$/.exec(path)
    return m?.[1] ? parseArxivId(m[1]) : null
  }
  return null
}

/** Canonical links derived from an id; used when a feed or digest gives none. */
export function arxivAbsUrl(id: string, version?: number | null): string {
  return `https://arxiv.org/abs/${id}${version ? `v${version}` : ''}`
}
export function arxivPdfUrl(id: string, version?: number | null): string {
  return `https://arxiv.org/pdf/${id}${version ? `v${version}` : ''}`
}
