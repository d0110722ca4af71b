/**
 * Citation export of papers: BibTeX, RIS, CSL-JSON and a Markdown reading list for files, formatted
 * citations (APA, Vancouver, Harvard) for the clipboard. citation-js formats everything but the
 * reading list; paperCsl.ts maps papers to the CSL items it formats.
 */
import type { Paper } from '../../../shared/domain'
import {
  formatBibliography,
  formatCsl,
  formatRis,
  risRecords,
  type CitationStyle,
  type CslItem,
  type RisRecord,
} from './citationJs'
import { authorsIncomplete, papersToCsl, type PaperCsl } from './paperCsl'
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
      return risText(papersToCsl(papers))
    case 'csl-json':
      return formatCsl(papersToCsl(papers).map(withOthers), 'data')
    case 'markdown':
      return readingListMarkdown(papers, opts.notes ?? new Map())
  }
}

/** Plain-text bibliography of the papers (ordered as the style orders it), for the clipboard. */
export function citePapers(papers: Paper[], style: CitationStyle): string {
  return formatBibliography(papersToCsl(papers).map(withOthers), style)
}

/**
 * CSL has no marker for "and others" (citation-style-language/schema#34 is still open); a last
 * name `{ literal: "others" }` is what pandoc's citeproc reads as "et al." and what citation-js's
 * own BibTeX reader makes of `and others`, so a cut author list says so that way.
 */
function withOthers({ paper, item }: PaperCsl): CslItem {
  if (!authorsIncomplete(paper)) return item
  return { ...item, author: [...(item.author ?? []), { literal: 'others' }] }
}

/**
 * RIS as Zotero and EndNote read it. citation-js types a CSL `article` as `JOUR`, which makes a
 * preprint a journal article; RIS's type for unpublished work is `UNPB` (Zotero has no RIS type
 * for its own preprint items: it writes them as `GEN` and reads both `GEN` and `UNPB` as
 * journalArticle, so nothing is lost there, and EndNote reads `UNPB` as Unpublished Work). Dates
 * are `YYYY/MM/DD/` with zero padding, as the RIS spec and Zotero's exporter write them.
 */
function risText(entries: PaperCsl[]): string {
  const records = risRecords(entries.map((e) => e.item))
  return formatRis(
    records.map((record, i): RisRecord => {
      const { paper, item } = entries[i] as PaperCsl
      // A published conference paper is RIS's `CPAPER` (citation-js writes `CONF`, which is a whole
      // proceedings volume); a journal article stays `JOUR`.
      const TY =
        item.type === 'article'
          ? paper.meta?.id || paper.arxivId
            ? 'UNPB'
            : 'GEN'
          : item.type === 'paper-conference'
            ? 'CPAPER'
            : record.TY
      const out: RisRecord = { ...record, TY }
      // Zotero and EndNote read a conference paper's proceedings from T2; citation-js writes only C3.
      if (TY === 'CPAPER' && out.T2 === undefined && out.C3 !== undefined) out.T2 = out.C3
      if (typeof out.DA === 'string') out.DA = paddedRisDate(out.DA)
      if (authorsIncomplete(paper)) {
        // RIS has no "et al." author; an AU line saying so would become a person named "et al.".
        const note = `Author list incomplete: the digest named only the first ${item.author?.length ?? 0}; the arXiv record has them all`
        out.N1 = [out.N1 ?? []].flat().concat(note)
      }
      return out
    }),
  )
}

function paddedRisDate(date: string): string {
  const m = /^(\d{4})\/(\d{0,2})\/(\d{0,2})\/(.*)$/.exec(date)
  if (!m) return date
  const pad = (part = '') => (part === '' ? '' : part.padStart(2, '0'))
  return `${m[1]}/${pad(m[2])}/${pad(m[3])}/${m[4] ?? ''}`
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
  // A published paper keeps its CSL type (`@inproceedings`, `@article`); a preprint is `@misc`.
  const type = item.type === 'article' ? 'document' : item.type
  const written = formatCsl([{ ...item, type, title: withoutEmoji(item.title) }], 'bibtex')
  const entry = bibtexDate(written.trimEnd(), item)
  if (!entry.startsWith('@') || !entry.endsWith('}'))
    throw new Error(`citation-js wrote no BibTeX entry for ${paper.id}`)
  // `and others` is BibTeX's own "et al." (biblatex sets `moreauthor`); citation-js would brace it
  // into a person named "others".
  const authored = authorsIncomplete(paper)
    ? entry.replace(/^(\tauthor = \{.*)\},$/m, '$1 and others},')
    : entry
  const id = paper.meta?.id ?? paper.arxivId
  if (!id || !SAFE_EPRINT.test(id)) return `${authored}\n`
  const fields = [`\teprint = {${id}},`, '\tarchivePrefix = {arXiv},']
  const primary = paper.meta?.primaryCategory
  if (primary && SAFE_CLASS.test(primary)) fields.push(`\tprimaryClass = {${primary}},`)
  return `${authored.slice(0, -1)}${fields.join('\n')}\n}\n`
}

/**
 * citation-js writes `month = {feb 13}`, which neither BibTeX nor biblatex reads as a month.
 * BibTeX's month is the `feb` macro; the day goes to biblatex's `date` (BibTeX ignores it).
 */
function bibtexDate(entry: string, item: CslItem): string {
  const [year, month, day] = item.issued?.['date-parts']?.[0] ?? []
  return entry.replace(/^\tmonth = \{([a-z]{3})(?: \d{1,2})?\},$/m, (_all, name: string) => {
    const fields = [`\tmonth = ${name},`]
    if (year !== undefined && month !== undefined && day !== undefined) {
      const two = (n: number | string) => String(n).padStart(2, '0')
      fields.push(`\tdate = {${String(year).padStart(4, '0')}-${two(month)}-${two(day)}},`)
    }
    return fields.join('\n')
  })
}

// Emoji have no LaTeX form: citation-js drops them and leaves the spaces around them ("PaLM : X").
// Dropped here with the space before them, so the title reads "PaLM: X".
// Emoji modifiers, keycaps, tags and ZWJ joins extend the emoji before them.
const EMOJI_TAIL = String.raw`(?:\uFE0F|\u20E3|\p{Emoji_Modifier}|[\u{E0020}-\u{E007F}]|\u200D\p{Extended_Pictographic}\uFE0F?)*`
const EMOJI = new RegExp(
  String.raw`\s*(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator})` +
    EMOJI_TAIL,
  'gu',
)

function withoutEmoji(title: string | undefined): string | undefined {
  return title?.replace(EMOJI, '').replace(/\s+/g, ' ').trim()
}
