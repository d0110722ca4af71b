/**
 * The *parse* step of an import: text of a Daily Papers digest → one day of papers.
 *
 *   ## Daily Papers (2024-02-13)
 *   ### [Title](https://arxiv.org/abs/2402.07827)
 *   ![](thumbnail)  |  [Watch Video](url) + <div><video …></video></div>
 *   Vote: 21
 *   Authors: A, B, +, C
 *   - summary bullet …
 *
 * Every layout the newsletter's generator used from 2023-11 to 2025-05 is read as such (see
 * tests/unit/digests/history.test.ts): a first day with bullets only, `<video>` without a link,
 * `[Watch Video]url` without parentheses, `Vote: -`, thumbnails as site paths (`/avatars/…`),
 * authors printed as a Python list, numbered lines inside a bullet's text, and a second date header
 * where a later run appended papers to the same day.
 *
 * One pass over the lines, dispatching on each line's first character (indexOf / charCodeAt only), so
 * parsing is linear in the input whatever it holds. Severity rule: `error` when a paper (or the whole
 * file) was dropped (a cut-off last paper is dropped: error), `warning` when it was kept with a caveat.
 */
import { parseHttpUrl } from '../../../shared/httpLink'
import { decodeDigestText } from './decodeText'
import { readAuthorNames } from './authorNames'
import { readLink, toPlainText } from './inlineMarkdown'
import { resolvePaperLink, type PaperLink } from './paperLink'

export interface DigestDiagnostic {
  file: string
  line: number
  severity: 'error' | 'warning'
  message: string
}

export interface ParsedDigestPaper {
  /** 1-based line of the ### heading. */
  line: number
  /** PaperId: arXiv id without version, or `url:<16 hex>`. */
  id: string
  arxivId: string | null
  version: number | null
  url: string
  /** Plain text: markdown escapes removed, entities decoded, whitespace collapsed. */
  title: string
  votes: number | null
  authors: string[]
  authorsElided: boolean
  media: { kind: 'image' | 'video'; url: string } | null
  /** Bullet texts without the leading '- ', as written (inline markdown kept). */
  summary: string[]
}

export interface ParsedDigest {
  file: string
  date: string | null
  papers: ParsedDigestPaper[]
  diagnostics: DigestDiagnostic[]
}

export interface ParseOptions {
  /** The bytes stopped inside a character (the read step saw it): the last paper is certainly cut. */
  endsMidCharacter?: boolean
}

export function parseDigest(text: string, file: string, options: ParseOptions = {}): ParsedDigest {
  const nul = text.indexOf('\0')
  if (nul >= 0) return notText(file, lineAt(text, nul), 'not a text file: binary data (NUL character)')
  const reader = new DigestReader(file, options.endsMidCharacter === true)
  return reader.read(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
}

/** Read then parse: decodes bytes (BOM, UTF-16, UTF-8 validity, binary detection); a non-text file gives one error diagnostic and no papers. */
export function parseDigestBytes(bytes: Uint8Array, file: string): ParsedDigest {
  const decoded = decodeDigestText(bytes)
  if (!decoded.ok) return notText(file, decoded.line, decoded.message)
  return parseDigest(decoded.text, file, { endsMidCharacter: decoded.endsMidCharacter })
}

/** `file:line: message` — the one formatting of a diagnostic for CLI and UI. */
export function formatDiagnostic(d: DigestDiagnostic): string {
  return `${d.file}:${d.line}: ${d.message}`
}

function notText(file: string, line: number, message: string): ParsedDigest {
  return { file, date: null, papers: [], diagnostics: [{ file, line, severity: 'error', message }] }
}

// Past this many, a hostile file would only produce noise (and memory): the rest are counted.
const MAX_DIAGNOSTICS = 200
// Real headings are < 300 characters; a longer one is not a heading worth reading.
const MAX_HEADING_LENGTH = 4096
const DATE_HEADER = /^##[ \t]+Daily Papers[ \t]*\((\d{4})-(\d{2})-(\d{2})\)[ \t]*$/

const TAB = 9
const SPACE = 32
const HASH = 35
const PLUS = 43
const STAR = 42
const DASH = 45
const BANG = 33
const LESS = 60
const OPEN_BRACKET = 91
const UPPER_A = 65
const UPPER_V = 86
const DIGIT_0 = 48
const DIGIT_9 = 57
// Thumbnails the generator copied from huggingface.co/papers as site paths (`/avatars/….svg`) are
// resolved against the site they were copied from.
const HF_SITE = 'https://huggingface.co/'

interface PaperDraft {
  line: number
  link: PaperLink
  title: string
  votes: number | null
  voteSeen: boolean
  authors: string[] | null
  authorsElided: boolean
  media: ParsedDigestPaper['media']
  summary: string[]
  /** A field line was cut off by the end of the file and ignored. */
  cutLine: boolean
}

type HtmlMedia = 'video' | 'image' | null

class DigestReader {
  private readonly diagnostics: DigestDiagnostic[] = []
  private omitted = 0
  /** Papers as read; which of them the file's layout expects Authors for is only known at the end. */
  private readonly drafts: PaperDraft[] = []
  private readonly seen = new Map<string, number>()
  private date: string | null = null
  private dateSeen = false
  private paper: PaperDraft | null = null
  /** Lines after a dropped heading belong to no paper and are skipped quietly. */
  private skipping = false
  private strayReported = false
  private afterBullet = false
  private inHtml = false
  private htmlMedia: HtmlMedia = null
  private lineNo = 0
  /** The current line is the file's last and has no line break: a cut file may end mid-line. */
  private unterminated = false

  constructor(
    private readonly file: string,
    private readonly endsMidCharacter: boolean,
  ) {}

  read(text: string): ParsedDigest {
    // Old Mac files end lines with a lone CR; everything else ends them with LF (CRLF trimmed below).
    const sep = text.indexOf('\n') >= 0 || text.indexOf('\r') < 0 ? '\n' : '\r'
    let blank = true
    for (let pos = 0; pos < text.length;) {
      let end = text.indexOf(sep, pos)
      this.unterminated = end < 0
      if (end < 0) end = text.length
      const next = end + 1
      if (end > pos && text.charCodeAt(end - 1) === 13) end--
      this.lineNo++
      if (this.readLine(text, pos, end)) blank = false
      pos = next
    }
    return this.finish(blank)
  }

  /** Reads one line; false when it held nothing but whitespace. */
  private readLine(text: string, start: number, end: number): boolean {
    let s = start
    while (s < end && (text.charCodeAt(s) === SPACE || text.charCodeAt(s) === TAB)) s++
    if (s === end) {
      this.afterBullet = false
      this.inHtml = false
      return false
    }
    this.dispatch(text, s, end)
    return true
  }

  /** Picks the line's kind from its first character, so most lines cost one comparison or two. */
  private dispatch(text: string, s: number, end: number): void {
    const c = text.charCodeAt(s)
    if (c === HASH) {
      const level = headingLevel(text, s, end)
      if (level === 3) return this.heading(text, s, end)
      if (level === 2) return this.dateHeader(text, s, end)
    } else if ((c === DASH || c === STAR || c === PLUS) && isBulletMarker(text, s + 1, end)) {
      return this.bullet(text, s + 1, end)
    } else if (c >= DIGIT_0 && c <= DIGIT_9 && this.paper && isOrderedItem(text, s, end)) {
      // `1) …` lines inside a summary: items of their own, number kept (the summary is one flat list).
      return this.bullet(text, s, end)
    } else if (c === UPPER_V && text.startsWith('Vote', s)) {
      const colon = text.startsWith('Vote:', s) ? s + 5 : text.startsWith('Votes:', s) ? s + 6 : -1
      if (colon > 0) return this.vote(text, colon, end)
    } else if (c === UPPER_A && text.startsWith('Authors:', s)) {
      return this.authors(text, s + 8, end)
    } else if (c === BANG && text.charCodeAt(s + 1) === OPEN_BRACKET) {
      if (this.mediaLink(text, s + 1, end, 'image')) return
    } else if (c === OPEN_BRACKET) {
      if (this.mediaLink(text, s, end, 'video') || this.bareVideoLink(text, s, end)) return
    } else if (c === LESS && !this.inHtml) {
      this.inHtml = true
      this.htmlMedia = null
    }
    this.otherLine(text, s, end)
  }

  private heading(text: string, s: number, end: number): void {
    this.finishPaper()
    this.skipping = true
    if (end - s > MAX_HEADING_LENGTH) {
      return this.report('error', `paper heading is too long (${end - s} characters); paper skipped`)
    }
    let i = s + 3
    while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++
    // Links are read from the line alone: no scan may run past the end of the line (hostile files).
    const link = text.charCodeAt(i) === OPEN_BRACKET ? readLink(text.slice(i, end)) : null
    if (!link || link.destination === '') {
      return this.report(
        'error',
        `paper heading has no [title](link): ${quote(text.slice(s, end))}; paper skipped`,
      )
    }
    const title = toPlainText(link.text, { keepCodeSpans: true })
    if (title === '') return this.report('error', 'paper heading has an empty title; paper skipped')
    const paperLink = resolvePaperLink(link.destination)
    if (!paperLink) {
      return this.report(
        'error',
        `paper link ${quote(link.destination)} is neither arXiv nor http(s); paper skipped`,
      )
    }
    const first = this.seen.get(paperLink.id)
    if (first !== undefined) {
      return this.report(
        'warning',
        `duplicate paper ${paperLink.id} (first at line ${first}); kept the first`,
      )
    }
    this.seen.set(paperLink.id, this.lineNo)
    this.skipping = false
    this.paper = {
      line: this.lineNo,
      link: paperLink,
      title,
      votes: null,
      voteSeen: false,
      authors: null,
      authorsElided: false,
      media: null,
      summary: [],
      cutLine: false,
    }
  }

  private dateHeader(text: string, s: number, end: number): void {
    const header = end - s <= 100 ? DATE_HEADER.exec(text.slice(s, end)) : null
    if (!header) {
      return this.report('warning', `unrecognised section heading ignored: ${quote(text.slice(s, end))}`)
    }
    const [, year, month, day] = header
    const date = `${year}-${month}-${day}`
    if (this.dateSeen) {
      // The generator appended a later run's papers to the day's file under the same header again.
      if (date === this.date) return
      return this.report('warning', `second date header (${date}) ignored`)
    }
    this.dateSeen = true
    if (isRealDate(Number(year), Number(month), Number(day))) this.date = date
    else this.report('warning', `date header names no real date: ${date}`)
  }

  private bullet(text: string, from: number, end: number): void {
    const paper = this.owningPaper()
    if (!paper) return
    const item = text.slice(from, end).trim()
    if (item !== '') paper.summary.push(item)
    this.afterBullet = item !== ''
  }

  private vote(text: string, from: number, end: number): void {
    const paper = this.fieldOwner()
    if (!paper) return
    if (paper.voteSeen) return this.report('warning', 'second Vote line ignored')
    paper.voteSeen = true
    const raw = text.slice(from, end).trim()
    // `Vote: -` is how the generator wrote a paper shown without a count: no votes, nothing wrong.
    if (raw === '-') return
    // Digits only (no sign, exponent or separators), at most 9 so the number stays exact.
    if (raw.length > 0 && raw.length <= 9 && isDigits(raw)) paper.votes = Number(raw)
    else this.report('warning', `unparsable vote ${quote(raw)}; votes left empty`)
  }

  private authors(text: string, from: number, end: number): void {
    const paper = this.fieldOwner()
    if (!paper) return
    if (paper.authors) return this.report('warning', 'second Authors line ignored')
    const { names, elided, problem } = readAuthorNames(text.slice(from, end))
    paper.authors = names
    paper.authorsElided = elided
    if (problem) this.report('warning', `${problem}; read as names separated by commas`)
    if (names.length === 0) this.report('warning', `paper ${quote(paper.title)} has an empty Authors line`)
  }

  /** `![](url)` thumbnail or `[Watch Video](url)`; false when the line is not such a link. */
  private mediaLink(text: string, open: number, end: number, kind: 'image' | 'video'): boolean {
    const link = readLink(text.slice(open, end))
    if (!link || (kind === 'video' && !isVideoLink(link.text, link.destination))) return false
    this.setMedia(kind, link.destination)
    return true
  }

  /** `[Watch Video]https://…mp4`: a video link the generator wrote without its parentheses. */
  private bareVideoLink(text: string, open: number, end: number): boolean {
    // Searched in the line alone: a scan past its end would make many `[` lines quadratic.
    const line = text.slice(open, end)
    const close = line.indexOf(']')
    if (close < 0 || line.charCodeAt(close + 1) === 40) return false
    const destination = line.slice(close + 1).trim()
    if (!isVideoLink(line.slice(1, close), destination) || !parseHttpUrl(destination)) return false
    this.setMedia('video', destination)
    return true
  }

  private setMedia(kind: 'image' | 'video', destination: string): void {
    const paper = this.fieldOwner()
    if (!paper) return
    const url = parseMediaUrl(destination)
    if (!url) this.report('warning', `media link ${quote(destination)} is not an http(s) URL; ignored`)
    else if (!paper.media) paper.media = { kind, url: url.href }
  }

  private otherLine(text: string, s: number, end: number): void {
    if (this.inHtml) return this.htmlLine(text, s, end)
    const paper = this.paper
    if (this.afterBullet && paper) {
      // A lazy continuation line of the bullet above (Markdown joins it to the same item).
      const last = paper.summary.length - 1
      paper.summary[last] = `${paper.summary[last]} ${text.slice(s, end).trim()}`
    } else if (paper) {
      this.report('warning', `unrecognised line ignored: ${quote(text.slice(s, end))}`)
    } else this.strayLine()
  }

  /** A line of an HTML block (the `<div><video …>` that follows a Watch Video link, possibly multi-line). */
  private htmlLine(text: string, s: number, end: number): void {
    const paper = this.paper
    const line = text.slice(s, end)
    if (paper && !paper.media) {
      if (line.includes('<video')) this.htmlMedia = 'video'
      else if (line.includes('<img')) this.htmlMedia = 'image'
      const src = this.htmlMedia ? attributeValue(line, 'src') : null
      const url = src === null ? null : parseHttpUrl(src)
      if (url && this.htmlMedia) paper.media = { kind: this.htmlMedia, url: url.href }
    }
    if (line.includes('</div>')) this.inHtml = false
  }

  /** The paper a field line belongs to, or null (reported once when it is stray text). */
  private owningPaper(): PaperDraft | null {
    this.afterBullet = false
    if (this.paper) return this.paper
    this.strayLine()
    return null
  }

  /**
   * Like owningPaper, for lines whose value a cut would silently corrupt (`Vote: 1` of 12, an author
   * `Eve Fis`): an unterminated last line of that kind is ignored and the paper marked as cut.
   */
  private fieldOwner(): PaperDraft | null {
    const paper = this.owningPaper()
    if (paper && this.unterminated) {
      paper.cutLine = true
      return null
    }
    return paper
  }

  private strayLine(): void {
    if (this.skipping || this.strayReported) return
    this.strayReported = true
    this.report('warning', 'text outside any paper ignored')
  }

  private finishPaper(): void {
    const draft = this.paper
    this.paper = null
    this.afterBullet = false
    this.inHtml = false
    if (draft) this.drafts.push(draft)
  }

  private finish(blank: boolean): ParsedDigest {
    this.finishPaper()
    const papers = this.keptPapers()
    if (blank) {
      this.report('warning', 'empty digest: the file has no text', 1)
    } else {
      if (!this.dateSeen) this.report('warning', 'missing date header `## Daily Papers (YYYY-MM-DD)`', 1)
      if (papers.length === 0 && !this.diagnostics.some((d) => d.severity === 'error')) {
        this.report('warning', 'digest lists no papers', 1)
      }
    }
    // Stable sort: file-level warnings reported at the end sit at line 1 where a reader looks.
    const diagnostics = this.diagnostics.sort((a, b) => a.line - b.line)
    if (this.omitted > 0) {
      diagnostics.push(this.diagnostic('warning', `${this.omitted} more diagnostics omitted`, this.lineNo))
    }
    return { file: this.file, date: this.date, papers, diagnostics }
  }

  /**
   * The drafts that make papers. A missing Authors line is worth a warning only where the file's other
   * papers have one (the first day of the history has none at all). The last paper is dropped when
   * the file was evidently cut inside it — storing it would give a paper with no authors or summary
   * for good, while a complete copy of the day, imported later, adds it whole.
   */
  private keptPapers(): ParsedDigestPaper[] {
    const last = this.drafts.at(-1)
    const others = this.drafts.slice(0, -1)
    const layoutHasAuthors = this.drafts.some((d) => d.authors)
    const cut = last ? this.cutReason(last, others) : null
    const kept = cut ? others : this.drafts
    for (const draft of kept) {
      if (!draft.authors && layoutHasAuthors) {
        this.report('warning', `paper ${quote(draft.title)} has no Authors line`, draft.line)
      }
    }
    if (last && cut) {
      this.report(
        'error',
        `file ends inside paper ${quote(last.title)} (${cut}); paper skipped: a complete copy of this day adds it`,
        last.line,
      )
    }
    return kept.map((draft) => ({
      line: draft.line,
      id: draft.link.id,
      arxivId: draft.link.arxivId,
      version: draft.link.version,
      url: draft.link.url,
      title: draft.title,
      votes: draft.votes,
      authors: draft.authors ?? [],
      authorsElided: draft.authorsElided,
      media: draft.media,
      summary: draft.summary,
    }))
  }

  /** Why the last paper is evidently cut off, or null: judged against the papers before it. */
  private cutReason(last: PaperDraft, others: PaperDraft[]): string | null {
    if (this.endsMidCharacter) return 'the file stops inside a character'
    if (last.cutLine) return 'its last line is unfinished'
    const missing: string[] = []
    // With other papers to compare, the fields all of them have; alone, a paper needs a summary.
    if (!last.authors && others.length > 0 && others.every((d) => d.authors)) missing.push('Authors line')
    if (last.summary.length === 0 && others.every((d) => d.summary.length > 0)) missing.push('summary')
    if (missing.length === 0) return null
    return `no ${missing.join(' and no ')}${others.length > 0 ? ', which the papers before it have' : ''}`
  }

  private report(severity: DigestDiagnostic['severity'], message: string, line = this.lineNo): void {
    if (this.diagnostics.length >= MAX_DIAGNOSTICS) this.omitted++
    else this.diagnostics.push(this.diagnostic(severity, message, line))
  }

  private diagnostic(
    severity: DigestDiagnostic['severity'],
    message: string,
    line: number,
  ): DigestDiagnostic {
    return { file: this.file, line, severity, message }
  }
}

/** Number of leading `#` when followed by a space, tab or end of line (an ATX heading), else 0. */
function headingLevel(text: string, s: number, end: number): number {
  let i = s
  while (i < end && i - s < 7 && text.charCodeAt(i) === HASH) i++
  const level = i - s
  if (level > 6) return 0
  return i === end || text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB ? level : 0
}

const VIDEO_FILE = /\.(?:mp4|webm|mov|m4v)$/i

function isVideoLink(text: string, destination: string): boolean {
  return /video/i.test(text) || VIDEO_FILE.test(destination)
}

function isBulletMarker(text: string, after: number, end: number): boolean {
  return after === end || text.charCodeAt(after) === SPACE || text.charCodeAt(after) === TAB
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** `1. ` or `12) `: an ordered-list item marker. */
function isOrderedItem(text: string, s: number, end: number): boolean {
  let i = s
  while (i < end && i - s < 9 && text.charCodeAt(i) >= DIGIT_0 && text.charCodeAt(i) <= DIGIT_9) i++
  const c = text.charCodeAt(i)
  return i > s && (c === 46 || c === 41) && isBulletMarker(text, i + 1, end) && i + 1 < end
}

/** An http(s) URL, or a site path (`/avatars/x.svg`) on huggingface.co where the generator found it. */
function parseMediaUrl(destination: string): URL | null {
  const path = destination.trim()
  if (path.startsWith('/') && !path.startsWith('//')) return parseHttpUrl(new URL(path, HF_SITE).href)
  return parseHttpUrl(path)
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Value of `name="…"` / `name='…'` in an HTML line (indexOf only: the line may be huge). */
function attributeValue(line: string, name: string): string | null {
  for (let at = line.indexOf(`${name}=`); at >= 0; at = line.indexOf(`${name}=`, at + 1)) {
    const before = line.charCodeAt(at - 1)
    if (at > 0 && before !== SPACE && before !== TAB) continue
    const q = line[at + name.length + 1]
    if (q !== '"' && q !== "'") continue
    const close = line.indexOf(q, at + name.length + 2)
    return close < 0 ? null : line.slice(at + name.length + 2, close)
  }
  return null
}

/** A quoted excerpt for a message: whole short texts, the start of long ones. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)
}

function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}
