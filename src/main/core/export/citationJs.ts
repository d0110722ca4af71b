/**
 * citation-js, loaded once with the plugins Lectern uses: importing a plugin registers it with the
 * core as a side effect, so this module is the one place that does it. The rest of export/ reaches
 * citation-js only through these functions, which check the shapes citation-js hands back.
 */
import { createRequire } from 'node:module'
import type * as CitationCore from '@citation-js/core'

const require = createRequire(import.meta.url)
let core: typeof CitationCore | null = null

/**
 * citation-js with its plugins, loaded on first use: they take longer to load than the CLI takes to
 * start and answer `lectern papers`, and only exports and reference imports need them.
 */
function citationJs(): typeof CitationCore {
  if (core === null) {
    const loaded = require('@citation-js/core') as typeof CitationCore
    require('@citation-js/plugin-bibtex')
    require('@citation-js/plugin-ris')
    require('@citation-js/plugin-csl')
    core = loaded
  }
  return core
}

function cite(items: readonly CslItem[]): CitationCore.Cite {
  const { Cite } = citationJs()
  return new Cite([...items])
}

/** A CSL name (CSL-JSON `name-variable`). */
export interface CslName {
  family?: string
  given?: string
  literal?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
  suffix?: string
}

export interface CslDate {
  'date-parts'?: (number | string)[][]
  literal?: string
  raw?: string
}

/** A CSL-JSON item: the fields Lectern writes or reads, and whatever else an imported file has. */
export interface CslItem {
  id: string | number
  type: string
  'citation-key'?: string
  title?: string
  author?: CslName[]
  issued?: CslDate
  DOI?: string
  URL?: string
  publisher?: string
  number?: string | number
  abstract?: string
  note?: string
  'container-title'?: string
  [field: string]: unknown
}

/** Styles plugin-csl ships (its styles.json); other CSL styles would have to be registered first. */
export type CitationStyle = 'apa' | 'vancouver' | 'harvard1'

/** A BibTeX entry as citation-js reads it, before mapping to CSL: field names lowercased, values as text. */
export interface BibEntry {
  type: string
  label: string
  properties: Record<string, string | number>
}

/** CSL-JSON from elsewhere, cleaned as citation-js cleans CSL input: ill-typed values converted or dropped. */
export function cleanCsl(items: readonly Record<string, unknown>[]): CslItem[] {
  return citationJs()
    .plugins.input.util.clean([...items], true)
    .map(asCslItem)
}

/** One citation-js output of CSL items: `bibtex` or `data` (CSL-JSON text). */
export function formatCsl(items: readonly CslItem[], format: 'bibtex' | 'data'): string {
  return asText(cite(items).format(format, { format: 'text' }), format)
}

/** A RIS record: tag → value(s), `TY` first. */
export type RisRecord = { TY: string } & Record<string, string | string[]>

/** RIS records as citation-js maps the items (tag → values), checked; `formatRis` lays them out. */
export function risRecords(items: readonly CslItem[]): RisRecord[] {
  const records = cite(items).format('ris', { format: 'object' })
  if (!Array.isArray(records)) throw new TypeError('citation-js returned no RIS records')
  return records.map((record: unknown) => {
    if (typeof record !== 'object' || record === null)
      throw new TypeError('citation-js returned a RIS record that is not an object')
    if (typeof (record as { TY?: unknown }).TY !== 'string')
      throw new TypeError('citation-js returned a RIS record without a type')
    return record as RisRecord
  })
}

/**
 * RIS text, one `TAG  - value` line per value. citation-js's own RIS text hard-wraps values at 70
 * characters, mid-word, and readers (citation-js's own parser among them) join the pieces with a
 * space: "handful" comes back as "handfu l". Nothing in RIS needs the wrap (Zotero reads long
 * lines), so citation-js maps the fields and only the layout is ours.
 */
export function formatRis(records: readonly RisRecord[]): string {
  return records
    .map(({ TY, ...tags }) => {
      const lines = [`TY  - ${TY}`]
      for (const [tag, value] of Object.entries(tags)) {
        for (const v of [value].flat()) lines.push(`${tag}  - ${String(v).replace(/\s+/g, ' ').trim()}`)
      }
      lines.push('ER  - ')
      return `${lines.join('\n')}\n`
    })
    .join('')
}

/** Plain-text bibliography in one of the styles plugin-csl ships, sorted as the style says. */
export function formatBibliography(items: readonly CslItem[], style: CitationStyle): string {
  return asText(cite(items).format('bibliography', { template: style, format: 'text', lang: 'en-US' }), style)
}

/** BibTeX/BibLaTeX text to entries; throws (with line and column) on a syntax error. */
export function parseBibEntries(text: string): BibEntry[] {
  // The BibTeX parser itself, not a chain: a chain keeps converting a file without entries (an
  // empty list looks like CSL to it) until its iteration limit.
  const entries = citationJs().plugins.input.data(text, '@biblatex/text')
  if (!Array.isArray(entries)) throw new TypeError('citation-js did not return a list of BibTeX entries')
  return entries.map((entry: unknown): BibEntry => {
    const e = entry as Partial<BibEntry>
    if (
      typeof e.label !== 'string' ||
      typeof e.type !== 'string' ||
      typeof e.properties !== 'object' ||
      e.properties === null
    ) {
      throw new TypeError('citation-js returned a BibTeX entry without type, label or fields')
    }
    return { type: e.type, label: e.label, properties: e.properties }
  })
}

/** BibTeX entries (as `parseBibEntries` returns them) to CSL items, as citation-js maps them. */
export function bibEntriesToCsl(entries: readonly BibEntry[]): CslItem[] {
  const items = citationJs().plugins.input.chain([...entries], {
    forceType: '@biblatex/entries+list',
    generateGraph: false,
  })
  if (!Array.isArray(items)) throw new TypeError('citation-js did not return a list of CSL items')
  return items.map(asCslItem)
}

function asCslItem(item: unknown): CslItem {
  if (typeof item !== 'object' || item === null)
    throw new TypeError('citation-js returned a CSL item that is not an object')
  return item as CslItem
}

function asText(output: unknown, what: string): string {
  if (typeof output !== 'string') throw new TypeError(`citation-js returned no text for ${what}`)
  return output
}
