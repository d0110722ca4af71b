import MarkdownIt, { type Token } from 'markdown-it'

/** In-app link to a paper: `[see](#paper/2402.07872)`; bare arXiv ids in a note become these. */
export const PAPER_LINK = '#paper/'

const EXTERNAL = /^https?:\/\//i
const PAPER_HREF = /^#paper\/[\w./:-]+$/

export function isAllowedLink(href: string): boolean {
  return EXTERNAL.test(href) || PAPER_HREF.test(href)
}

/**
 * New-style (`2402.07872`, with a version or not) and old-style (`hep-th/9901001`) arXiv ids standing
 * alone in text: not inside a word, a number, a path or a URL.
 */
const ARXIV_ID =
  /(?<![\w./-])(?:(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})|([a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7}))(v\d+)?(?![\w/]|\.\d)/g

/**
 * Notes are the user's markdown, rendered with raw HTML off (`<script>` shows as text), images off
 * (nothing loads from a note), and links only to http(s) pages or to papers in the library.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true })
md.disable('image')
md.validateLink = isAllowedLink

md.core.ruler.push('arxiv_ids', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue
    const out: Token[] = []
    let inLink = 0
    for (const token of block.children) {
      if (token.type === 'link_open') inLink++
      if (token.type === 'link_close') inLink--
      if (token.type !== 'text' || inLink > 0) {
        out.push(token)
        continue
      }
      out.push(...splitIds(token.content, state.Token))
    }
    block.children = out
  }
})

function splitIds(text: string, TokenClass: typeof Token): Token[] {
  const tokens: Token[] = []
  let last = 0
  const push = (content: string) => {
    if (content === '') return
    const t = new TokenClass('text', '', 0)
    t.content = content
    tokens.push(t)
  }
  for (const match of text.matchAll(ARXIV_ID)) {
    const id = match[1] ?? match[2]
    if (id === undefined) continue
    push(text.slice(last, match.index))
    const open = new TokenClass('link_open', 'a', 1)
    open.attrs = [
      ['href', PAPER_LINK + id],
      ['class', 'paper-link'],
    ]
    tokens.push(open)
    push(match[0])
    tokens.push(new TokenClass('link_close', 'a', -1))
    last = match.index + match[0].length
  }
  push(text.slice(last))
  return tokens
}

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]
  const href = String(token?.attrGet('href') ?? '')
  if (token && !isAllowedLink(href)) {
    // Never reached through the parser (validateLink refuses such links); kept inert regardless.
    token.attrs = null
  } else if (token && EXTERNAL.test(href)) {
    token.attrSet('target', '_blank')
    token.attrSet('rel', 'noopener noreferrer')
  } else if (token) {
    token.attrSet('data-paper-id', href.slice(PAPER_LINK.length))
  }
  return defaultLinkOpen(tokens, idx, options, env, self)
}

export function renderNote(text: string): string {
  return md.render(text)
}
