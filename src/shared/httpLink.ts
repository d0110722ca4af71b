/**
 * Links that leave the app are http(s) or nothing, wherever they came from (digests, arXiv answers,
 * citation files, backups): a `javascript:` or `data:` link would run or render in whatever opens it.
 * Shared by main (records are made with it, exports use it) and the renderer (links it shows).
 */

/** Parses an absolute http(s) URL; null for anything else (`javascript:`, `data:`, `file:`, relative). */
export function parseHttpUrl(text: string): URL | null {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : null
}

/** The link as a normalised absolute http(s) URL, or null when it is anything else or missing. */
export function httpLinkOrNull(text: string | null | undefined): string | null {
  return typeof text === 'string' ? (parseHttpUrl(text)?.href ?? null) : null
}
