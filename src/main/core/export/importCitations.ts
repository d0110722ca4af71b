/**
 * Reads a BibTeX or CSL-JSON file into the few things Lectern matches library papers by: arXiv id,
 * DOI, title and authors. citation-js parses; this module finds the arXiv id wherever reference
 * managers put it: `eprint` (+ `archivePrefix`/`eprinttype`), Mendeley's `arxivId`, an arxiv.org
 * link, `arXiv:ID` in a note, journal or number field, or arXiv's DataCite DOI (10.48550/arXiv.ID).
 * A broken entry does not sink the file: it is reported in `problems` and the rest is read.
 */
import { parseArxivRef } from '../../../shared/arxivId'
import {
  bibEntriesToCsl,
  cleanCsl,
  parseBibEntries,
  type BibEntry,
  type CslItem,
  type CslName,
} from './citationJs'
import { cslName } from './cslName'

export interface ImportedCitation {
  arxivId: string | null
  doi: string | null
  title: string
  authors: string[]
}

export interface CitationImport {
  entries: ImportedCitation[]
  /** What could not be read, one line each, for the user. */
  problems: string[]
}

export function importCitations(text: string, format: 'bibtex' | 'csl-json'): CitationImport {
  return format === 'bibtex' ? importBibtex(text) : importCslJson(text)
}

function importBibtex(text: string): CitationImport {
  const problems: string[] = []
  let entries: BibEntry[]
  try {
    entries = parseBibEntries(text)
  } catch {
    entries = parseEntryByEntry(text, problems)
  }
  if (entries.length === 0 && problems.length === 0) problems.push('The file has no BibTeX entries.')
  const imported: ImportedCitation[] = []
  const items = convertEach(entries, problems)
  for (const [entry, item] of items) {
    const fields = entry.properties
    const eprintType = String(fields.archiveprefix ?? fields.eprinttype ?? 'arxiv').toLowerCase()
    const arxivId =
      (eprintType === 'arxiv' ? arxivIdIn(fields.eprint) : null) ??
      arxivIdIn(fields.arxivid) ??
      arxivIdOfItem(item) ??
      firstArxivId([fields.url, fields.howpublished, fields.journal, fields.note, fields.eprint])
    imported.push(citation(item, arxivId))
  }
  return { entries: imported, problems }
}

/** citation-js maps the entries to CSL; an entry it cannot map is reported and skipped. */
function convertEach(entries: readonly BibEntry[], problems: string[]): [BibEntry, CslItem][] {
  if (entries.length === 0) return []
  try {
    const items = bibEntriesToCsl(entries)
    if (items.length === entries.length) return entries.map((entry, i) => [entry, items[i] as CslItem])
  } catch {
    // Converted one by one below, to name the entry at fault.
  }
  const pairs: [BibEntry, CslItem][] = []
  for (const entry of entries) {
    try {
      const [item] = bibEntriesToCsl([entry])
      if (item) pairs.push([entry, item])
      else problems.push(`Entry ${entry.label}: not a bibliographic entry.`)
    } catch (error) {
      problems.push(`Entry ${entry.label}: ${firstLine(error)}`)
    }
  }
  return pairs
}

/**
 * The file did not parse as a whole: each `@…` block on its own (with the file's `@string`
 * definitions in front, as entries may use them), so that one broken entry costs only itself.
 */
function parseEntryByEntry(text: string, problems: string[]): BibEntry[] {
  const starts = [...text.matchAll(/^[ \t]*@/gm)].map((m) => m.index)
  const entries: BibEntry[] = []
  let strings = ''
  starts.forEach((start, i) => {
    const block = text.slice(start, starts[i + 1] ?? text.length)
    if (/^\s*@\s*string\b/i.test(block)) {
      strings += `${block}\n`
      return
    }
    try {
      entries.push(...parseBibEntries(strings + block))
    } catch (error) {
      const line = text.slice(0, start).split('\n').length
      const label = /^\s*@\s*\w+\s*[{(]\s*([^,\s]+)/.exec(block)?.[1]
      problems.push(
        `${label ? `Entry ${label}` : 'Entry'} at line ${line}: ${firstLine(error).replace(/ at line \d+ col \d+:?$/, '')}`,
      )
    }
  })
  return entries
}

function importCslJson(text: string): CitationImport {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { entries: [], problems: [`The file is not JSON: ${firstLine(error)}`] }
  }
  const list = Array.isArray(data) ? data : [data]
  const problems: string[] = []
  const objects: Record<string, unknown>[] = []
  list.forEach((value: unknown, i) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      objects.push(withParsedNames(value as Record<string, unknown>))
    else problems.push(`Item ${i + 1} is not a CSL item (an object).`)
  })
  if (list.length === 0) problems.push('The file has no CSL items.')
  const entries = cleanCsl(objects).map((item) => citation(item, arxivIdOfItem(item)))
  return { entries, problems }
}

/** Names given as strings (not CSL, but written by some tools) split as Lectern splits arXiv names. */
function withParsedNames(item: Record<string, unknown>): Record<string, unknown> {
  const author = item.author
  if (!Array.isArray(author)) return item
  return { ...item, author: author.map((name: unknown) => (typeof name === 'string' ? cslName(name) : name)) }
}

function citation(item: CslItem, arxivId: string | null): ImportedCitation {
  return {
    arxivId,
    doi: normalizeDoi(item.DOI),
    title: typeof item.title === 'string' ? item.title.trim() : '',
    authors: (item.author ?? []).map(displayName).filter((name) => name !== ''),
  }
}

/** The arXiv id in the fields of a CSL item, whichever of them carries it. */
function arxivIdOfItem(item: CslItem): string | null {
  const doi = normalizeDoi(item.DOI)
  const fromDoi = doi ? /^10\.48550\/arxiv\.(.+)$/i.exec(doi)?.[1] : undefined
  return (
    arxivIdIn(fromDoi) ??
    firstArxivId([
      item.URL,
      item.number,
      item.note,
      item['container-title'],
      item.archive_location,
      item.source,
    ])
  )
}

function firstArxivId(values: readonly unknown[]): string | null {
  for (const value of values) {
    const id = arxivIdIn(value)
    if (id) return id
  }
  return null
}

const ARXIV_LINK = /https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/[^\s,;{}()<>"']+/i
const ARXIV_LABEL = /arxiv:\s*([^\s,;{}()<>"'\]]+)/i

/** An arXiv id in a field: the whole value (`2402.07827v2`), an arxiv.org link in it, or `arXiv:ID` in it. */
function arxivIdIn(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const text = String(value).trim()
  const whole = parseArxivRef(text)
  if (whole) return whole.id
  const link = ARXIV_LINK.exec(text)?.[0]
  const fromLink = link ? parseArxivRef(link.replace(/[.]+$/, '')) : null
  if (fromLink) return fromLink.id
  const label = ARXIV_LABEL.exec(text)?.[1]
  return label ? (parseArxivRef(label.replace(/[.]+$/, ''))?.id ?? null) : null
}

function normalizeDoi(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const doi = value
    .trim()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '')
    .trim()
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null
}

function displayName(name: CslName): string {
  if (name.literal) return name.literal.trim()
  return [name.given, name['dropping-particle'], name['non-dropping-particle'], name.family, name.suffix]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(' ')
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? ''
}
