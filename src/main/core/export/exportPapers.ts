/**
 * Citation export of papers: BibTeX, RIS, CSL-JSON and a Markdown reading list for files, formatted
 * citations (APA, Vancouver, Harvard) for the clipboard. citation-js formats everything but the
 * reading list; paperCsl.ts maps papers to the CSL items it formats.
 */
import type { Paper } from '../../../shared/domain'
import { formatBibliography, formatCsl, formatRis, type CitationStyle, type CslItem } from './citationJs'
import { papersToCsl, type PaperCsl } from './paperCsl'
import { readingListMarkdown } from './readingList'

export type ExportFormat = 'bibtex' | 'ris' | 'csl-json' | 'markdown'

export interface ExportOptions {
  /** Note text by paper id: the reading list quotes the first lines of each paper's note. */
  notes?: Map<string, string>
}

/** The papers as one file's text, in their given order. */
export function exportPapers(papers: Paper[], format: ExportFormat, opts: ExportOptions = {}): string {
  switch (format) {
    case 'bibtex':
      return papersToCsl(papers).map(bibtexEntry).join('\n')
    case 'ris':
      return formatRis(items(papers))
    case 'csl-json':
      return formatCsl(items(papers), 'data')
    case 'markdown':
      return readingListMarkdown(papers, opts.notes ?? new Map())
  }
}

/** Plain-text bibliography of the papers (ordered as the style orders it), for the clipboard. */
export function citePapers(papers: Paper[], style: CitationStyle): string {
  return formatBibliography(items(papers), style)
}

function items(papers: readonly Paper[]): CslItem[] {
  return papersToCsl(papers).map((p) => p.item)
}

// What an arXiv id and a category can contain; anything else is not written unescaped into BibTeX.
const SAFE_EPRINT = /^[A-Za-z0-9./-]+$/
const SAFE_CLASS = /^[a-z-]+(?:\.[A-Za-z-]+)?$/

/**
 * One BibTeX entry. citation-js maps CSL `article` to `@article`, which needs a journal; arXiv's own
 * BibTeX for a preprint is `@misc`, which is what CSL `document` becomes. citation-js's BibTeX
 * mapping has no arXiv fields (its `eprint` mapping is for PubMed only, and CSL has no
 * eprint/archivePrefix/primaryClass variables to map from), so those three are added to the
 * entry it writes, before its closing brace. Formatted one entry at a time so that the insertion
 * point is certain (citation-js is no slower that way).
 */
function bibtexEntry({ paper, item }: PaperCsl): string {
  const entry = formatCsl([{ ...item, type: 'document' }], 'bibtex').trimEnd()
  if (!entry.startsWith('@') || !entry.endsWith('}'))
    throw new Error(`citation-js wrote no BibTeX entry for ${paper.id}`)
  const id = paper.meta?.id ?? paper.arxivId
  if (!id || !SAFE_EPRINT.test(id)) return `${entry}\n`
  const fields = [`\teprint = {${id}},`, '\tarchivePrefix = {arXiv},']
  const primary = paper.meta?.primaryCategory
  if (primary && SAFE_CLASS.test(primary)) fields.push(`\tprimaryClass = {${primary}},`)
  return `${entry.slice(0, -1)}${fields.join('\n')}\n}\n`
}
