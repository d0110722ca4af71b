/**
 * Words of a search that name one paper rather than describe it: an arXiv id (any version, old
 * style too), an arXiv or Hugging Face link, a DOI or a doi.org link. The search puts those papers
 * first; the other words are searched as text.
 */
import { parseArxivId, parseArxivRef } from '../../../shared/arxivId'

export type PaperRef = { kind: 'arxiv'; id: string } | { kind: 'doi'; doi: string }

// Crossref's pattern for modern DOIs (10.prefix/suffix); the suffix is case-insensitive.
const DOI = /^10\.\d{4,9}\/[-._;()/:a-z0-9<>[\]]+$/i
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org'])
// arXiv registers a DataCite DOI for every paper: 10.48550/arXiv.2402.07033.
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i

/** One word as a paper reference, or null when it is ordinary text. */
export function parsePaperRef(word: string): PaperRef | null {
  const arxiv = parseArxivRef(word)
  if (arxiv) return { kind: 'arxiv', id: arxiv.id }
  const doi = doiOf(word)
  if (!doi) return null
  const arxivDoi = ARXIV_DOI.exec(doi)?.[1]
  const viaDoi = arxivDoi === undefined ? null : parseArxivId(arxivDoi)
  return viaDoi ? { kind: 'arxiv', id: viaDoi.id } : { kind: 'doi', doi: doi.toLowerCase() }
}

function doiOf(word: string): string | null {
  // A DOI pasted from prose often carries the sentence's punctuation.
  const text = word.replace(/^doi:/i, '').replace(/[.,;]+$/, '')
  if (DOI.test(text)) return text
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (!DOI_HOSTS.has(url.hostname.toLowerCase())) return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname.slice(1))
  } catch {
    return null
  }
  return DOI.test(path) ? path : null
}

/**
 * Splits the free text of a query (words joined by single spaces, quoted runs kept whole, a trailing
 * space when the last word is complete) into the references it holds and the rest, in the same form.
 */
export function splitPaperRefs(text: string): { refs: PaperRef[]; rest: string } {
  const words = text.split(' ')
  const complete = words.at(-1) === ''
  if (complete) words.pop()
  const refs: PaperRef[] = []
  const kept: string[] = []
  let quoted = false
  let lastWasRef = false
  for (const word of words) {
    const ref = quoted || word.startsWith('"') ? null : parsePaperRef(word)
    // Inside a quoted run words are text, spaces and all, up to the closing quote.
    if ((word.match(/"/g)?.length ?? 0) % 2 === 1) quoted = !quoted
    lastWasRef = ref !== null
    if (ref) refs.push(ref)
    else kept.push(word)
  }
  if (refs.length === 0) return { refs, rest: text }
  const rest = kept.join(' ')
  return { refs, rest: rest === '' || !(complete || lastWasRef) ? rest : `${rest} ` }
}
