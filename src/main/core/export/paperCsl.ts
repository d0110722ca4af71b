/**
 * Papers as CSL-JSON items: the data mapping every export format starts from (citation-js does the
 * formatting). An arXiv paper is a CSL `article` (CSL's type for preprints and working papers) with
 * publisher `arXiv` and number `arXiv:ID`, the convention Zotero and the CSL styles follow; a paper
 * without its arXiv record falls back to the digest's title, authors and first day.
 */
import { arxivAbsUrl } from '../../../shared/arxivId'
import type { Paper, PublishedAs } from '../../../shared/domain'
import { publishedState } from '../../../shared/publishedState'
import { httpLinkOrNull } from '../../../shared/httpLink'
import type { CslItem } from './citationJs'
import { baseCiteKey, uniqueKey } from './citeKeys'
import { cslName } from './cslName'

/** A paper with the CSL item built from it and its citation key (also the item's id). */
export interface PaperCsl {
  paper: Paper
  key: string
  item: CslItem
}

export function papersToCsl(papers: readonly Paper[]): PaperCsl[] {
  const items = papers.map(paperItem)
  const keys = citationKeys(papers)
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
  return publishedItem(item, paper.publishedAs)
}

/**
 * A paper published at a conference or in a journal is cited as that: CSL `paper-conference`
 * (BibTeX `@inproceedings`, RIS `CPAPER`) or `article-journal` (`@article`, `JOUR`), with the venue
 * as container title, the published DOI and year. The arXiv id stays (`number` is dropped: in
 * BibTeX it is an issue number; BibTeX's eprint fields are added by the BibTeX writer). A suggestion
 * not yet accepted changes nothing.
 */
function publishedItem(item: CslItem, published: PublishedAs | undefined): CslItem {
  if (publishedState(published) !== 'published' || !published) return item
  const { publisher: _publisher, number: _number, ...rest } = item
  const out: CslItem = {
    ...rest,
    type: published.type === 'conference' ? 'paper-conference' : 'article-journal',
  }
  if (published.venue) out['container-title'] = published.venue
  if (published.doi) out.DOI = published.doi
  if (published.year !== null) out.issued = { 'date-parts': [[published.year]] }
  // The venue came from the journal_ref itself: no need to say it twice.
  if (published.source === 'arxiv' && out.note === published.venue) delete out.note
  return out
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
 * Each paper's stored key (see citeKeys.ts); a paper without one yet (a library opened read-only) gets
 * the same kind of key here, unique within the export, in paper-id order.
 */
function citationKeys(papers: readonly Paper[]): string[] {
  const taken = new Set(papers.flatMap((p) => (p.citeKey ? [p.citeKey] : [])))
  const order = papers.map((_, i) => i).sort((a, b) => compare(papers[a]?.id ?? '', papers[b]?.id ?? ''))
  const keys: string[] = []
  for (const i of order) {
    const paper = papers[i] as Paper
    const key = paper.citeKey ?? uniqueKey(baseCiteKey(paper), taken)
    taken.add(key)
    keys[i] = key
  }
  return keys
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
