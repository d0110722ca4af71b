/**
 * Turns a Daily Papers answer into the same parsed days a digest file gives, so that a fetched day
 * and a file's day go through one merge step and meet by arXiv id as one appearance per day. Each
 * paper's day is its `submittedOnDailyAt` day (UTC), as on huggingface.co/papers/date/DAY.
 */
import { parseArxivId } from '../../../shared/arxivId'
import { collapseWhitespace } from '../digests/inlineMarkdown'
import { parseHttpUrl } from '../../../shared/httpLink'
import { resolvePaperLink } from '../digests/paperLink'
import type { DigestDiagnostic, ParsedDigest, ParsedDigestPaper } from '../digests/parseDigest'
import type { DailyPapersAnswer } from './dailyPapersClient'
import type { DailyPapersItem } from './dailyPapersItem'

const VIDEO_PATH = /\.(mp4|m4v|mov|qt|webm)$/i

/**
 * One parsed day per day the answer holds. `requestedDay` (a `date=` query) names the day of items
 * without a readable `submittedOnDailyAt` and gives an empty day when the Hub listed nothing, so a
 * fetched weekend still reports "0 papers" for its date. Diagnostics use the item's place in the
 * answer as their line.
 */
export function digestsOfAnswer(answer: DailyPapersAnswer, requestedDay: string | null): ParsedDigest[] {
  const file = answer.source
  const days = new Map<string, ParsedDigest>()
  const dayOf = (date: string): ParsedDigest => {
    let day = days.get(date)
    if (!day) days.set(date, (day = { file, date, papers: [], diagnostics: [] }))
    return day
  }
  if (requestedDay) dayOf(requestedDay)
  const loose: DigestDiagnostic[] = answer.rejected.map(({ place, problem }) => ({
    file,
    line: place,
    severity: 'error',
    message: `item ${place} is not a paper Lectern can read (${problem}); skipped`,
  }))
  const seen = new Set<string>()
  for (const { place, item } of answer.items) {
    const date = dailyDayOf(item) ?? requestedDay
    const paper = date ? paperOf(item, place) : null
    const problem = !date
      ? `item ${place} (${item.paper.id}) has no day on the list (submittedOnDailyAt); skipped`
      : !paper
        ? `item ${place} (${item.paper.id}) has no title or no usable id; skipped`
        : null
    if (problem || !date || !paper) {
      loose.push({ file, line: place, severity: 'error', message: problem ?? 'skipped' })
      continue
    }
    const key = `${date} ${paper.id}`
    if (seen.has(key)) {
      dayOf(date).diagnostics.push({
        file,
        line: place,
        severity: 'warning',
        message: `${paper.id} is listed twice on ${date}; the first listing is kept`,
      })
      continue
    }
    seen.add(key)
    dayOf(date).papers.push(paper)
  }
  const result = [...days.values()].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''))
  const first = result[0]
  if (loose.length > 0) {
    if (first) first.diagnostics.unshift(...loose)
    else result.push({ file, date: null, papers: [], diagnostics: loose })
  }
  return result
}

/** YYYY-MM-DD of the moment the paper was put on the daily list, in UTC; null if unreadable. */
function dailyDayOf(item: DailyPapersItem): string | null {
  const at = item.paper.submittedOnDailyAt
  if (!at) return null
  const time = Date.parse(at)
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 10) : null
}

function paperOf(item: DailyPapersItem, place: number): ParsedDigestPaper | null {
  const { paper } = item
  const title = collapseWhitespace(paper.title ?? item.title ?? '')
  if (title === '') return null
  // The Hub keys papers by arXiv id; the abs page is what a digest file links, so both give one id.
  const arxiv = parseArxivId(paper.id)
  const link = resolvePaperLink(
    arxiv
      ? `https://arxiv.org/abs/${arxiv.id}`
      : `https://huggingface.co/papers/${encodeURIComponent(paper.id)}`,
  )
  if (!link) return null
  return {
    line: place,
    id: link.id,
    arxivId: link.arxivId,
    version: link.version,
    url: link.url,
    title,
    votes: paper.upvotes ?? null,
    authors: (paper.authors ?? []).map((a) => collapseWhitespace(a.name)).filter((name) => name !== ''),
    authorsElided: false,
    media: mediaOf(item),
    summary: summaryOf(item),
  }
}

/** The submitter's own figure or video when there is one, else the Hub's thumbnail of the paper. */
function mediaOf(item: DailyPapersItem): ParsedDigestPaper['media'] {
  const uploaded = [...(item.paper.mediaUrls ?? []), ...(item.mediaUrls ?? [])]
    .map((u) => parseHttpUrl(u))
    .find((u) => u !== null)
  if (uploaded) return { kind: VIDEO_PATH.test(uploaded.pathname) ? 'video' : 'image', url: uploaded.href }
  const thumbnail = item.thumbnail ? parseHttpUrl(item.thumbnail) : null
  return thumbnail ? { kind: 'image', url: thumbnail.href } : null
}

/** The day's bullets: the Hub's one-line summary (newer days only), then code and project links. */
function summaryOf(item: DailyPapersItem): string[] {
  const { paper } = item
  const bullets: string[] = []
  const ai = collapseWhitespace(paper.ai_summary ?? '')
  if (ai) bullets.push(ai)
  const repo = paper.githubRepo ? parseHttpUrl(paper.githubRepo) : null
  if (repo) {
    const stars = paper.githubStars != null ? ` (${paper.githubStars} stars)` : ''
    bullets.push(`Code: ${repo.href}${stars}`)
  }
  const page = paper.projectPage ? parseHttpUrl(paper.projectPage) : null
  if (page && page.href !== repo?.href) bullets.push(`Project page: ${page.href}`)
  return bullets
}
