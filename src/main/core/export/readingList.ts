/**
 * A reading list in Markdown: per paper its linked title, authors and year, the arXiv link, and the
 * first lines of the reader's note as a quote. Plain CommonMark, so it reads the same on GitHub, in a
 * notes app or as text.
 */
import { arxivAbsUrl } from '../../../shared/arxivId'
import type { Paper } from '../../../shared/domain'
import { httpLinkOrNull } from '../../../shared/httpLink'

/** Lines of a note quoted under its paper: a reminder of what the reader thought, not the note. */
const NOTE_LINES = 3
/** Authors listed in full up to this many; longer lists show the first three and "et al.". */
const ALL_AUTHORS_UP_TO = 5

export function readingListMarkdown(papers: readonly Paper[], notes: ReadonlyMap<string, string>): string {
  return papers.map((paper) => listItem(paper, notes.get(paper.id) ?? '')).join('\n')
}

function listItem(paper: Paper, note: string): string {
  const arxivId = paper.meta?.id ?? paper.arxivId
  const title = paper.meta?.title ?? paper.title
  // Only http(s): a record stored before links were checked may hold a `javascript:` one.
  const link = httpLinkOrNull(paper.meta?.absUrl) ?? httpLinkOrNull(paper.url)
  const year = (paper.meta?.published ?? earliestAppearance(paper) ?? '').slice(0, 4)
  const details = [authorLine(paper) + (year ? ` (${year})` : '')]
  if (arxivId) details.push(`[arXiv:${escapeText(arxivId)}](${href(arxivAbsUrl(arxivId))})`)
  // A trailing backslash is CommonMark's hard line break (trailing spaces get lost in editors).
  const heading = link ? `[${escapeText(title)}](${href(link)})` : escapeText(title)
  const lines = [`- ${heading}\\`, `  ${details.filter(Boolean).join(' · ')}`]
  const quoted = noteLines(note)
  if (quoted.length > 0) lines.push('', ...quoted.map((line) => `  > ${line}`))
  return `${lines.join('\n')}\n`
}

function authorLine(paper: Paper): string {
  const names = paper.meta ? paper.meta.authors.map((a) => a.name) : paper.authors
  const elided = !paper.meta && paper.authorsElided
  const shown = names.length > ALL_AUTHORS_UP_TO ? names.slice(0, 3) : names
  const etAl = shown.length < names.length || elided
  return escapeText(shown.join(', ')) + (etAl && shown.length > 0 ? ' et al.' : '')
}

function earliestAppearance(paper: Paper): string | undefined {
  let first: string | undefined
  for (const a of paper.appearances) if (first === undefined || a.date < first) first = a.date
  return first
}

/** The first non-empty lines of the note, as written (it is the reader's own Markdown). */
function noteLines(note: string): string[] {
  const lines = note
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
  const shown = lines.slice(0, NOTE_LINES)
  if (lines.length > NOTE_LINES) shown[shown.length - 1] += ' …'
  return shown
}

/** Text that Markdown would otherwise read as emphasis, links, code or HTML. */
function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>&]/g, (c) => `\\${c}`)
}

/** A link destination that cannot end the link early: spaces, parentheses and angle brackets encoded. */
function href(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}
