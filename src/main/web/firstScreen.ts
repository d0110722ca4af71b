import type { PaperSummary } from '../../shared/api'
import { plainTitle, splitCodeSpans } from '../../shared/codeSpans'
import { FIRST_PAGE_ROWS, FIRST_PAGE_SCRIPT_ID } from '../../shared/firstPage'
import { DEFAULT_SORTS, sortRows } from '../../shared/sortPapers'
import type { Dispatch } from '../core/api/dispatch'

const ROOT = '<div id="root"></div>'
/** The list's row height (PaperRow's ROW_HEIGHT): the static rows sit where the live ones will. */
const ROW_HEIGHT = 60
/**
 * Rows drawn (the JSON carries the whole first page): a tall screen's worth. All 120 took the page's
 * first layout over a second on a loaded machine; the live list draws only those in view either.
 */
const DRAWN_ROWS = 30
const STATUS_LABEL = { unread: 'Unread', reading: 'Reading', read: 'Read' } as const

/**
 * index.html with the paper list's first page in it, for a first screen drawn before the script has
 * run (at 50,000 papers the script's evaluation and React's first render took most of a second):
 * - the rows as JSON in a `<script type="application/json">` (data, never run: the CSP allows no
 *   inline script), which the renderer takes instead of asking for them again;
 * - a static, inert copy of the frame and of those rows, with the classes of the live ones, which
 *   React replaces when it mounts (createRoot empties #root at its first commit).
 * Titles and names come from digests: every piece of text is escaped.
 */
export function withFirstScreen(indexHtml: string, rows: readonly PaperSummary[]): string {
  const at = indexHtml.indexOf(ROOT)
  if (at < 0) return indexHtml
  const data = `<script type="application/json" id="${FIRST_PAGE_SCRIPT_ID}">${jsonInHtml(rows)}</script>`
  // Concatenated, not String.replace: a `$&` in a title would be read as a replacement pattern.
  return `${indexHtml.slice(0, at)}<div id="root">${staticFrame(rows)}</div>${data}${indexHtml.slice(at + ROOT.length)}`
}

/** Where the paper list's first page comes from; null when it could not be had. */
export type FirstPage = () => Promise<readonly PaperSummary[] | null>

/**
 * The page as both of Lectern's servers send it (browser mode's HTTP server and Electron's `app://`
 * handler): index.html with the first screen in it, or as built when the first page could not be had
 * (the script then asks for it, and shows why it failed) or none is given.
 */
export async function servedPage(indexHtml: Buffer, firstPage: FirstPage | undefined): Promise<Buffer> {
  const rows = await firstPage?.()
  return rows ? Buffer.from(withFirstScreen(indexHtml.toString('utf8'), rows)) : indexHtml
}

/**
 * The page's own first call (the paper list's first page), made through the page's dispatch as the
 * page is sent: the same route, checks and answer as when the script asks. Null when it failed: the
 * script then asks and shows why.
 */
export function firstPageThrough(dispatch: Dispatch): FirstPage {
  return async () => {
    const reply = await dispatch('papers:list', { limit: FIRST_PAGE_ROWS })
    return reply.ok ? (reply.data as PaperSummary[]) : null
  }
}

/**
 * JSON that cannot end its script element: `<` is written as `\u003c`, so no `</script>` or `<!--`
 * in a title ends or changes the element. JSON.parse reads it back unchanged.
 */
export function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c')
}

/** The library frame as App first draws it, the list in its place: inert and hidden from assistive tech (a copy). */
function staticFrame(rows: readonly PaperSummary[]): string {
  return (
    '<div class="app first-screen" inert aria-hidden="true">' +
    '<nav class="pane sidebar"><div class="sidebar-brand">Lectern</div></nav><div></div>' +
    '<main class="pane pane-list">' +
    '<div class="toolbar"><div class="search"><span class="search-icon">⌕</span>' +
    '<input type="search" placeholder="Search papers"></div>' +
    '<button type="button" class="button">Add paper</button></div>' +
    // The header as ListHeader draws it, its controls setting its height; no count: the first page
    // is not the library, and a wrong number shown for a moment is worse than none.
    '<div class="list-header"><h1 class="list-title">All papers</h1><span class="list-count"></span>' +
    '<div class="sort-control"><select><option>Digest date</option></select>' +
    '<button type="button" class="icon-button">↓</button></div>' +
    '<select class="export-menu"><option>Export…</option></select></div>' +
    `<div class="paper-list"><div class="paper-list-inner" style="height:${rows.length * ROW_HEIGHT}px">` +
    // In the order the list will show them: main's order breaks ties of day and votes otherwise.
    sortRows(rows, DEFAULT_SORTS.library)
      .slice(0, DRAWN_ROWS)
      .map((row, index) => staticRow(row, index * ROW_HEIGHT))
      .join('') +
    '</div></div></main><div></div><aside class="pane pane-detail"></aside></div>'
  )
}

/**
 * One row as PaperRow draws it before the reading lists' names have arrived (no list chips), with
 * its text and classes (tests/unit/web/firstScreen.test.ts compares the two).
 */
export function staticRow(paper: PaperSummary, top: number): string {
  const more = paper.authorCount - paper.authors.length
  const title = splitCodeSpans(paper.title)
    .map((part) => (part.code ? `<code>${escapeHtml(part.text)}</code>` : escapeHtml(part.text)))
    .join('')
  const status = STATUS_LABEL[paper.status] ?? STATUS_LABEL.unread
  const meta = [
    `<span class="paper-authors">${escapeHtml(paper.authors.join(', '))}${more > 0 ? ` +${more}` : paper.authorsElided ? ' et al.' : ''}</span>`,
    paper.date ? `<span class="paper-date">${escapeHtml(paper.date)}</span>` : '',
    paper.votes !== null ? `<span class="paper-votes">▲ ${Number(paper.votes)}</span>` : '',
  ]
  const tags = paper.tags.length > 0
  const flags = [
    tags
      ? `<span class="tag-mark">#${escapeHtml(paper.tags[0] ?? '')}${paper.tags.length > 1 ? ` +${paper.tags.length - 1}` : ''}</span>`
      : '',
    paper.hasNote ? '<span class="flag">✎</span>' : '',
    paper.hasPdf ? '<span class="flag flag-pdf">PDF</span>' : '',
    paper.published
      ? `<span class="flag flag-published${paper.published === 'suggested' ? ' is-suggested' : ''}">${paper.published === 'published' ? 'Pub' : 'Pub?'}</span>`
      : '',
    paper.metaState === 'failed' ? '<span class="badge-dot">!</span>' : '',
    `<span class="star${paper.starred ? ' star-on' : ''}">${paper.starred ? '★' : '☆'}</span>`,
  ]
  return (
    `<div class="paper-row status-${paper.status in STATUS_LABEL ? paper.status : 'unread'}" style="transform:translateY(${top}px)">` +
    `<span class="status-mark" title="${status}"><span class="sr-only">${status}. </span></span>` +
    `<div class="paper-main"><div class="paper-title" title="${escapeHtml(plainTitle(paper.title))}">${title}</div>` +
    `<div class="paper-meta">${meta.join('')}</div></div>` +
    `<div class="paper-flags">${flags.join('')}</div></div>`
  )
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replaceAll(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}
