import { basename } from 'node:path'
import type { ImportFileReport } from '../../../shared/api'
import type { DigestAppearance, Paper } from '../../../shared/domain'
import type { Tx } from '../store/libraryStore'
import { formatDiagnostic, type ParsedDigest, type ParsedDigestPaper } from './parseDigest'

export type MergeOutcome = 'added' | 'updated' | 'unchanged'

/**
 * The *merge* step of an import: one parsed day into the library, inside the caller's store
 * transaction (DigestImporter.importDays commits many days as one). Any source of a day — a digest
 * file, a Hugging Face API answer — gives a ParsedDigest and comes through here, so that the same
 * paper on the same day is one appearance whatever brought it.
 */
export function mergeDay(tx: Tx, day: ParsedDigest, at: Date): ImportFileReport {
  const report: ImportFileReport = {
    file: day.file,
    date: day.date,
    added: [],
    updated: [],
    unchanged: [],
    skipped: day.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic),
    diagnostics: day.diagnostics.map(formatDiagnostic),
  }
  if (day.papers.length === 0) {
    // A notes file dropped by mistake: say why nothing came of it (an empty day's digest, which has
    // its heading, is not a problem).
    if (day.date === null && report.skipped.length === 0)
      report.skipped.push(
        `${day.file}: not a Daily Papers digest: no "## Daily Papers (YYYY-MM-DD)" heading and no papers`,
      )
    return report
  }
  const date = day.date ?? dateFromName(day.file)
  if (!date) {
    report.skipped.push(
      `${day.file}:${day.papers[0]?.line ?? 1}: no "## Daily Papers (YYYY-MM-DD)" line and no date in the file name`,
    )
    return report
  }
  report.date = date
  for (const [position, entry] of day.papers.entries()) {
    const { paper, outcome } = mergeAppearance(
      tx.paper(entry.id),
      entry,
      appearanceOf(entry, date, position),
      at,
    )
    if (outcome !== 'unchanged') tx.putPaper(paper)
    const { id, title, votes, authors, authorsElided } = entry
    report[outcome].push({ id, title, votes, authors, authorsElided })
  }
  return report
}

/** `2024-02-13.md` → 2024-02-13, for a digest without its date header. */
function dateFromName(file: string): string | null {
  const match = /(\d{4})-(\d{2})-(\d{2})/.exec(basename(file))
  if (!match) return null
  const date = match[0]
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : null
}

/**
 * Merges one digest entry into the paper it names (or makes the paper). Each day keeps its own
 * appearance; the display title and authors follow the newest digest until arXiv metadata arrives.
 * Reading state, tags and lists are the user's and are never touched here.
 */
export function mergeAppearance(
  existing: Paper | undefined,
  entry: ParsedDigestPaper,
  appearance: DigestAppearance,
  now: Date,
): { paper: Paper; outcome: MergeOutcome } {
  const at = now.toISOString()
  if (!existing || existing.deleted) {
    const paper: Paper = {
      id: entry.id,
      rev: existing ? existing.rev + 1 : 1,
      updatedAt: at,
      arxivId: entry.arxivId,
      url: entry.url,
      title: appearance.title,
      authors: appearance.authors,
      authorsElided: appearance.authorsElided,
      appearances: [appearance],
      meta: null,
      metaStatus: { state: entry.arxivId ? 'queued' : 'none' },
      addedAt: at,
      status: 'unread',
      starred: false,
      tags: [],
      lastOpenedAt: null,
    }
    return { paper, outcome: 'added' }
  }
  const sameDay = existing.appearances.find((a) => a.date === appearance.date)
  const merged = sameDay ? keepWhatItLacks(appearance, sameDay) : appearance
  if (sameDay && sameAppearance(sameDay, merged)) return { paper: existing, outcome: 'unchanged' }
  // Days are YYYY-MM-DD: plain comparison orders them (a first localeCompare loads ICU's collator,
  // 6 ms in an import's turn).
  const appearances = [...existing.appearances.filter((a) => a.date !== appearance.date), merged].sort(
    (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0),
  )
  const newest = appearances[appearances.length - 1] ?? merged
  const fromDigest = existing.meta === null
  const paper: Paper = {
    ...existing,
    rev: existing.rev + 1,
    updatedAt: at,
    appearances,
    title: fromDigest ? newest.title : existing.title,
    authors: fromDigest ? newest.authors : existing.authors,
    authorsElided: fromDigest ? newest.authorsElided : existing.authorsElided,
  }
  return { paper, outcome: 'updated' }
}

export function appearanceOf(entry: ParsedDigestPaper, date: string, position: number): DigestAppearance {
  return {
    date,
    position,
    votes: entry.votes,
    title: entry.title,
    authors: entry.authors,
    authorsElided: entry.authorsElided,
    summary: entry.summary,
    media: entry.media,
  }
}

/**
 * The same day from another source (a file, then Hugging Face's list) may lack what the first had:
 * older days on the Hub have no summary, a file may have no votes. What it has wins; what it lacks
 * is kept, so fetching a day never erases a file's bullets or media.
 */
function keepWhatItLacks(next: DigestAppearance, before: DigestAppearance): DigestAppearance {
  return {
    ...next,
    votes: next.votes ?? before.votes,
    summary: next.summary.length > 0 ? next.summary : before.summary,
    media: next.media ?? before.media,
  }
}

/** Field by field: stored records need not keep their keys in the order a parse gives them. */
function sameAppearance(a: DigestAppearance, b: DigestAppearance): boolean {
  const sameList = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i])
  return (
    a.date === b.date &&
    a.position === b.position &&
    a.votes === b.votes &&
    a.title === b.title &&
    a.authorsElided === b.authorsElided &&
    sameList(a.authors, b.authors) &&
    sameList(a.summary, b.summary) &&
    a.media?.kind === b.media?.kind &&
    a.media?.url === b.media?.url
  )
}
