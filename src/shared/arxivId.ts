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

// Versions start at 1: `v0` is not a version arXiv ever issues.
const NEW_STYLE = /^((\d{2})(\d{2})\.(\d{4,5}))(?:v([1-9]\d{0,3}))?$/
const OLD_STYLE = /^([a-z][a-z-]{0,19}(?:\.[A-Z]{2})?\/\d{2}(\d{2})\d{3})(?:v([1-9]\d{0,3}))?$/

const isMonth = (mm: string): boolean => Number(mm) >= 1 && Number(mm) <= 12

/** Parses a bare id (`2402.07456v2`, `arXiv:2402.07456`, `hep-th/9901001`). */
export function parseArxivId(text: string): ArxivRef | null {
  const bare = text.trim().replace(/^arxiv:/i, '')
  if (bare.length > 40) return null
  const n = NEW_STYLE.exec(bare)
  if (n) {
    const [, id, yy, mm, seq, version] = n
    if (id === undefined || yy === undefined || mm === undefined || seq === undefined) return null
    // arXiv rejects ids of the wrong shape for their month (its own example of a malformed id is
    // 1234.12345): 4-digit numbers ran from 0704 to 1412, 5-digit ones since 1501.
    const yymm = Number(yy + mm)
    if (!isMonth(mm) || yymm < 704 || seq.length !== (yymm >= 1501 ? 5 : 4)) return null
    return { id, version: version === undefined ? null : Number(version) }
  }
  const o = OLD_STYLE.exec(bare)
  if (!o || o[1] === undefined || o[2] === undefined || !isMonth(o[2])) return null
  return { id: o[1], version: o[3] === undefined ? null : Number(o[3]) }
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
  let path: string
  try {
    url = new URL(text.trim())
    // decodeURIComponent throws on a stray `%`: such a link is simply not a reference.
    path = stripTrailingSlashes(decodeURIComponent(url.pathname))
  } catch {
    return null
  }
  const host = url.hostname.toLowerCase()
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

// A loop, not /\/+$/: that regex backtracks quadratically on a long run of slashes inside a path
// (200 000 slashes took a minute).
function stripTrailingSlashes(path: string): string {
  let end = path.length
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--
  return path.slice(0, end)
}

/** Canonical links derived from an id; used when a feed or digest gives none. */
export function arxivAbsUrl(id: string, version?: number | null): string {
  return `https://arxiv.org/abs/${id}${version ? `v${version}` : ''}`
}
export function arxivPdfUrl(id: string, version?: number | null): string {
  return `https://arxiv.org/pdf/${id}${version ? `v${version}` : ''}`
}
