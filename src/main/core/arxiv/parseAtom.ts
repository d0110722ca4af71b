import { createRequire } from 'node:module'
import type * as FastXmlParser from 'fast-xml-parser'
import { arxivAbsUrl, arxivPdfUrl, parseArxivId, type ArxivRef } from '../../../shared/arxivId'
import type { ArxivAuthor, ArxivMetadata } from '../../../shared/domain'
import { httpLinkOrNull } from '../../../shared/httpLink'

/** The body is not a complete Atom feed (cut off, an HTML or plain-text page): worth retrying. */
export class InvalidFeedError extends Error {
  override name = 'InvalidFeedError'
}

/**
 * The body is XML that an arXiv feed never is: a DOCTYPE (entity definitions, external entities),
 * nesting past the parser's limit. Asking again would get the same answer, so it is not retried.
 */
export class UnusableFeedError extends Error {
  override name = 'UnusableFeedError'
}

export interface AtomFeedError {
  /** The id arXiv named (as sent, e.g. `1234.12345`), or null when the error names none. */
  id: string | null
  message: string
  /** `rejected`: arXiv's Error entry (it replaces the whole answer); `malformed`: an unusable entry. */
  kind: 'rejected' | 'malformed'
}

export interface ParsedAtomFeed {
  entries: ArxivMetadata[]
  errors: AtomFeedError[]
  totalResults: number | null
}

// Both layouts use the prefixes `arxiv:` and `opensearch:`, declared per element (classic) or on
// <feed> (since Nov 2025); no Atom element shares a local name with them, so dropping prefixes is safe.
const MAX_NESTING = 100
// Loaded when a feed is first parsed: the CLI's commands that never ask arXiv start without it.
const require = createRequire(import.meta.url)
let fxp: typeof FastXmlParser | null = null
let parser: FastXmlParser.XMLParser | null = null

function fastXmlParser(): typeof FastXmlParser {
  fxp ??= require('fast-xml-parser') as typeof FastXmlParser
  return fxp
}

function atomParser(): FastXmlParser.XMLParser {
  const { XMLParser } = fastXmlParser()
  parser ??= new XMLParser(PARSER_OPTIONS)
  return parser
}

const PARSER_OPTIONS: FastXmlParser.X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Also decodes numeric character references (&#233;), which plain XML mode leaves as is.
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
  // An arXiv feed is 5 levels deep (feed > entry > author > affiliation); 100 is fast-xml-parser's
  // default, spelled out because the message above names it.
  maxNestedTags: MAX_NESTING,
}
const REPEATED = new Set(['entry', 'author', 'link', 'category', 'affiliation'])

type XmlNode = Record<string, unknown>

const DOCTYPE = /<!DOCTYPE/i

/** The parser's own limits (nesting, entities) as a clear reason instead of its stack trace. */
function parseXml(xml: string): unknown {
  try {
    return atomParser().parse(xml)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/nested/i.test(message))
      throw new UnusableFeedError(`the answer nests XML elements deeper than ${MAX_NESTING} levels`)
    if (/entit/i.test(message))
      throw new UnusableFeedError(`the answer's XML entities are over the parser's limits (${message})`)
    throw new UnusableFeedError(`the answer could not be parsed as XML (${message})`)
  }
}

/**
 * Parses an arXiv API Atom response. Per-paper problems (an Error entry, an entry missing its title)
 * land in `errors`; empty entries, which arXiv sends for unknown ids, are skipped.
 * @throws InvalidFeedError when the body is not a complete, well-formed feed.
 * @throws UnusableFeedError when it is XML no arXiv feed is (a DOCTYPE, nesting past the limit).
 */
export function parseAtomFeed(xml: string): ParsedAtomFeed {
  // fast-xml-parser happily returns half a tree for half a document: insist on the end tag first.
  if (!xml.trimEnd().endsWith('</feed>'))
    throw new InvalidFeedError('incomplete response: no closing </feed>')
  // arXiv never declares a DOCTYPE; one is the vehicle of external entities and entity expansion
  // ("billion laughs"), so it is refused before any parser reads it.
  if (DOCTYPE.test(xml))
    throw new UnusableFeedError('the answer declares a DOCTYPE (XML entities), which an arXiv feed never has')
  const valid = fastXmlParser().XMLValidator.validate(xml)
  if (valid !== true) {
    throw new InvalidFeedError(`response is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`)
  }
  const doc = parseXml(xml)
  const feed = isNode(doc) ? doc['feed'] : undefined
  // An empty <feed></feed> parses to '' rather than an object.
  if (feed !== '' && !isNode(feed)) throw new InvalidFeedError('response is not an Atom feed')
  const feedNode: XmlNode = isNode(feed) ? feed : {}

  const entries: ArxivMetadata[] = []
  const errors: AtomFeedError[] = []
  for (const raw of asArray(feedNode['entry'])) {
    const outcome = readEntry(isNode(raw) ? raw : {})
    if (outcome === null) continue
    if ('message' in outcome) errors.push(outcome)
    else entries.push(outcome)
  }
  const total = clean(textOf(feedNode['totalResults']))
  return { entries, errors, totalResults: /^\d+$/.test(total) ? Number(total) : null }
}

function readEntry(entry: XmlNode): ArxivMetadata | AtomFeedError | null {
  const rawId = clean(textOf(entry['id']))
  const title = clean(textOf(entry['title']))
  const summary = clean(textOf(entry['summary']))

  if (rawId.includes('/api/errors')) {
    // An error entry explains itself; an errors#… id with nothing else is just an empty entry.
    if (title !== 'Error' && !summary) return null
    return { id: idFromErrorUrl(rawId), message: summary || title, kind: 'rejected' }
  }
  if (!rawId) {
    return title === 'Error' ? { id: null, message: summary || 'unspecified error', kind: 'rejected' } : null
  }

  const ref = refFromAbsUrl(rawId)
  if (!ref)
    return { id: null, message: `entry id is not an arXiv abstract link: ${rawId}`, kind: 'malformed' }
  if (!title) return { id: ref.id, message: 'the entry has no title', kind: 'malformed' }
  const published = isoDate(textOf(entry['published']))
  if (!published) return { id: ref.id, message: 'the entry has no valid publication date', kind: 'malformed' }

  const links = asArray(entry['link']).filter(isNode).map(readLink)
  // The classic layout's entry id may lack the version its links carry (…/abs/hep-ex/0307015).
  const version = ref.version ?? links.map((l) => refFromAbsUrl(l.href)?.version).find((v) => v != null) ?? 1
  const abs = links.find((l) => l.rel === 'alternate' || l.type === 'text/html')
  // For some days in Nov 2025 links came without rel/title/type: then derive the PDF link.
  const pdf = links.find((l) => l.title === 'pdf' || l.type === 'application/pdf')
  const primaryCategory = clean(attr(entry['primary_category'], 'term')) || null
  const categories = unique([
    ...(primaryCategory ? [primaryCategory] : []),
    ...asArray(entry['category']).map((c) => clean(attr(c, 'term'))),
  ])

  return {
    id: ref.id,
    version,
    title,
    abstract: summary,
    authors: asArray(entry['author'])
      .filter(isNode)
      .map(readAuthor)
      .filter((a) => a.name !== ''),
    published,
    updated: isoDate(textOf(entry['updated'])) ?? published,
    primaryCategory,
    categories,
    doi: clean(textOf(entry['doi'])) || null,
    journalRef: clean(textOf(entry['journal_ref'])) || null,
    comment: clean(textOf(entry['comment'])) || null,
    // An answer's links are stored and exported: anything but http(s) is replaced by arXiv's own.
    absUrl: (abs && httpLinkOrNull(toHttps(abs.href))) ?? arxivAbsUrl(ref.id, version),
    pdfUrl: (pdf && httpLinkOrNull(toHttps(pdf.href))) ?? arxivPdfUrl(ref.id, version),
  }
}

function readAuthor(author: XmlNode): ArxivAuthor {
  return {
    name: clean(textOf(author['name'])),
    affiliations: asArray(author['affiliation'])
      .map((a) => clean(textOf(a)))
      .filter((a) => a !== ''),
  }
}

interface AtomLink {
  href: string
  rel: string
  title: string
  type: string
}
function readLink(link: XmlNode): AtomLink {
  return {
    href: clean(attr(link, 'href')),
    rel: clean(attr(link, 'rel')),
    title: clean(attr(link, 'title')),
    type: clean(attr(link, 'type')),
  }
}

function refFromAbsUrl(url: string): ArxivRef | null {
  const m = /^https?:\/\/(?:export\.|www\.)?arxiv\.org\/(?:abs|pdf)\/(.+)$/.exec(url)
  return m?.[1] ? parseArxivId(m[1]) : null
}

/** `…/api/errors#incorrect_id_format_for_1234.12345` → `1234.12345`. */
function idFromErrorUrl(url: string): string | null {
  const m = /#incorrect_id_format_for_(.+)$/.exec(url)
  return m?.[1] ?? null
}

function toHttps(href: string): string {
  return href.replace(/^http:\/\/((?:[a-z0-9-]+\.)*arxiv\.org)(?=[/:]|$)/i, 'https://$1')
}

function isoDate(value: string | null): string | null {
  const text = clean(value)
  const ms = Date.parse(text)
  return text && Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : null
}

/** Titles and abstracts are hard-wrapped and indented: collapse every run of whitespace. */
function clean(value: string | null): string {
  return (value ?? '').replace(/\s+/g, ' ').trim()
}

function textOf(node: unknown): string | null {
  if (node === undefined || node === null) return null
  if (typeof node === 'string') return node
  if (typeof node === 'number' || typeof node === 'boolean') return String(node)
  if (Array.isArray(node)) return textOf(node[0])
  if (isNode(node)) return textOf(node['#text']) ?? ''
  return null
}

function attr(node: unknown, name: string): string | null {
  if (!isNode(node)) return null
  const value = node[`@_${name}`]
  return typeof value === 'string' ? value : null
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))]
}
