/**
 * Papers as CSL-JSON items: the data mapping every export format starts from (citation-js does the
 * formatting). An arXiv paper is a CSL `article` (CSL's type for preprints and working papers) with
 * publisher `arXiv` and number `arXiv:ID`, the convention Zotero and the CSL styles follow; a paper
 * without its arXiv record falls back to the digest's title, authors and first day.
 */
import { arxivAbsUrl } from '../../../shared/arxivId'
import type { Paper } from '../../../shared/domain'
import { httpLinkOrNull } from '../../../shared/httpLink'
import { forEachIndexTerm, foldText } from '../search/textAnalysis'
import type { CslItem, CslName } from './citationJs'
import { cslName } from './cslName'

/** A paper with the CSL item built from it and its citation key (also the item's id). */
export interface PaperCsl {
  paper: Paper
  key: string
  item: CslItem
}

export function papersToCsl(papers: readonly Paper[]): PaperCsl[] {
  const items = papers.map(paperItem)
  const keys = citationKeys(papers, items)
  return papers.map((paper, i) => {
    const key = keys[i] as string
    return { paper, key, item: { ...(items[i] as CslItem), id: key, 'citation-key': key } }
  })
}

function paperItem(paper: Paper): CslItem {
  const meta = paper.meta
  const arxivId = meta?.id ?? paper.arxivId
  const item: CslItem = {
    id: paper.id,
    type: 'article',
    title: meta?.title ?? paper.title,
    author: (meta ? meta.authors.map((a) => a.name) : paper.authors)
      .map(cslName)
      .filter((n) => n.family !== ''),
  }
  const url = cslLink(paper)
  if (url) item.URL = url
  const issued = dateParts(meta?.published ?? firstAppearance(paper))
  if (issued) item.issued = { 'date-parts': [issued] }
  if (arxivId) {
    item.publisher = 'arXiv'
    item.number = `arXiv:${arxivId}`
  }
  if (meta?.doi) item.DOI = meta.doi
  if (meta?.abstract) item.abstract = meta.abstract
  // arXiv's journal_ref is free text ("Phys. Rev. D 76, 013009 (2007)"), not a journal name and
  // volume one could split reliably: it goes where free text belongs, the note (BibTeX `note`, RIS `N1`).
  if (meta?.journalRef) item.note = meta.journalRef
  return item
}

/**
 * Whether the paper's author list is cut short: the digest elided some (`+`) and no arXiv record
 * has brought the full list yet.
 */
export function authorsIncomplete(paper: Paper): boolean {
  return paper.meta === null && paper.authorsElided
}

/**
 * A citation's link: the arXiv page, else the paper's own link, and only ever http(s) (a record
 * stored before links were checked may hold a `javascript:` one).
 */
function cslLink(paper: Paper): string | null {
  const arxivId = paper.meta?.id ?? paper.arxivId
  return httpLinkOrNull(paper.meta?.absUrl) ?? (arxivId ? arxivAbsUrl(arxivId) : httpLinkOrNull(paper.url))
}

function firstAppearance(paper: Paper): string | undefined {
  let first: string | undefined
  for (const a of paper.appearances) if (first === undefined || a.date < first) first = a.date
  return first
}

function dateParts(iso: string | undefined): number[] | null {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
}

/**
 * `ko2024aya`: first author's family name, year, first title word (stop words skipped), ASCII only.
 * Colliding keys get `b`, `c`, … in paper-id order, so a paper keeps its key whatever order the papers
 * come in and whichever other papers are exported with it, unless it collides with one of them.
 */
function citationKeys(papers: readonly Paper[], items: readonly CslItem[]): string[] {
  const bases = items.map(baseKey)
  const order = papers.map((_, i) => i).sort((a, b) => compare(papers[a]?.id ?? '', papers[b]?.id ?? ''))
  const used = new Set<string>()
  const keys: string[] = []
  for (const i of order) {
    const base = bases[i] as string
    let key = base
    for (let n = 1; used.has(key); n++) key = base + suffix(n)
    used.add(key)
    keys[i] = key
  }
  return keys
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The (n+1)-th paper with one base key gets the (n+1)-th letter (`b` for the second), then its number. */
function suffix(n: number): string {
  return n <= 25 ? String.fromCharCode(97 + n) : String(n + 1)
}

function baseKey(item: CslItem): string {
  const name = keyPart(familyName(item.author?.[0])) || 'anon'
  const year = item.issued?.['date-parts']?.[0]?.[0] ?? ''
  let word = ''
  forEachIndexTerm(item.title ?? '', (term) => {
    if (word === '') word = keyPart(term)
  })
  return `${name}${year}${word}`
}

function familyName(name: CslName | undefined): string {
  return name?.family ?? name?.literal ?? ''
}

function keyPart(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, '')
}
