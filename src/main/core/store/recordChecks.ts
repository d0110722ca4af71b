import { DEFAULT_SETTINGS } from '../../../shared/domain'

/**
 * Checks of every record a store file holds, run whenever a file is read (open, a texts shard read on
 * demand, doctor, restore). A file that parses can still hold one record of the wrong shape — a paper
 * whose `appearances` is null, a note whose `text` is a number — and code that lists, searches or
 * exports every paper would fail on it for all of them. Such a record is taken out on its own and
 * reported; the rest of the file is used.
 *
 * Hand-written checks rather than a schema library: they run over every paper head at each open
 * (50,000 at the benchmark's size) and cost a few milliseconds that way.
 */

/** A check answers null for a good value, or what is wrong with it. */
type Check = (value: unknown) => string | null

/** A record that failed its check, taken out of the file it was read from. */
export interface RejectedRecord {
  /** The file's record map it was in (`papers`, `texts`, `notes`, `lists`, `settings`…). */
  collection: string
  /** Its key in that map (for settings, the setting's name). */
  id: string
  problem: string
  record: unknown
}

const describe = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'an object'
        : `${typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ''}`.trim()

const leaf =
  (expected: string, ok: (value: unknown) => boolean): Check =>
  (value) =>
    ok(value) ? null : `expected ${expected}, found ${describe(value)}`

/** Prefixes a nested problem with where it is: `appearances[2].votes: expected …`. */
function at(segment: string, problem: string): string {
  if (problem.startsWith('expected')) return `${segment}: ${problem}`
  return problem.startsWith('[') ? `${segment}${problem}` : `${segment}.${problem}`
}

const str = leaf('a string', (v) => typeof v === 'string')
const num = leaf('a number', (v) => typeof v === 'number' && Number.isFinite(v))
const bool = leaf('true or false', (v) => typeof v === 'boolean')
const oneOf = (...values: string[]): Check =>
  leaf(values.map((v) => `"${v}"`).join(' or '), (v) => values.includes(v as string))
const nullable =
  (check: Check): Check =>
  (value) =>
    value === null ? null : check(value)
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined ? null : check(value)

function list(item: Check): Check {
  return (value) => {
    if (!Array.isArray(value)) return `expected a list, found ${describe(value)}`
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i])
      if (problem) return at(`[${i}]`, problem)
    }
    return null
  }
}

/** An object with at least these fields (more are kept: a newer Lectern of the same schema may add some). */
function shape(fields: Record<string, Check>): Check {
  const entries = Object.entries(fields)
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return `expected an object, found ${describe(value)}`
    const record = value as Record<string, unknown>
    for (const [key, check] of entries) {
      const problem = check(record[key])
      if (problem) return at(key, problem)
    }
    return null
  }
}

const strings = list(str)
const httpUrl = leaf('an http(s) URL', (v) => typeof v === 'string' && /^https?:\/\//i.test(v))
const year = leaf('a year', (v) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 10_000)
const nonEmpty = leaf('a non-empty string', (v) => typeof v === 'string' && v.trim() !== '')

/** Where a paper was published: what exports and the detail pane trust, so every field is checked. */
const publishedAs = shape({
  doi: nullable(leaf('a DOI (10.…)', (v) => typeof v === 'string' && /^10\.\d{4,9}\/\S+$/.test(v))),
  venue: nullable(nonEmpty),
  year: nullable(year),
  type: oneOf('conference', 'journal'),
  source: oneOf('arxiv', 'openalex', 'semantic-scholar', 'dblp'),
  confidence: oneOf('identifier', 'title-author'),
  accepted: optional(leaf('true', (v) => v === true)),
  url: nullable(httpUrl),
  checkedAt: str,
})
const entity = { id: str, rev: num, updatedAt: str, deleted: optional(leaf('true', (v) => v === true)) }

const paperHead = shape({
  ...entity,
  arxivId: nullable(str),
  url: str,
  title: str,
  authors: strings,
  authorsElided: bool,
  appearances: list(shape({ date: str, position: num, votes: nullable(num), authorsElided: bool })),
  meta: nullable(
    shape({
      id: str,
      version: num,
      title: str,
      published: str,
      updated: str,
      primaryCategory: nullable(str),
      categories: strings,
      doi: nullable(str),
      journalRef: nullable(str),
      comment: nullable(str),
      absUrl: str,
      pdfUrl: str,
    }),
  ),
  metaStatus: shape({
    state: oneOf('none', 'queued', 'ok', 'failed'),
    reason: optional(str),
    at: optional(str),
  }),
  addedAt: str,
  status: oneOf('unread', 'reading', 'read'),
  starred: bool,
  tags: strings,
  lastOpenedAt: nullable(str),
  viewer: optional(shape({ page: num, zoom: str })),
  publishedAs: optional(publishedAs),
  publicationCheck: optional(shape({ checkedAt: str, rejected: strings })),
  citeKey: optional(
    leaf('a citation key', (v) => typeof v === 'string' && /^[A-Za-z0-9_:.-]{1,120}$/.test(v)),
  ),
})

const paperText = shape({
  rev: num,
  abstract: nullable(str),
  arxivAuthors: nullable(list(shape({ name: str, affiliations: strings }))),
  appearances: list(
    shape({
      title: str,
      authors: strings,
      summary: strings,
      media: nullable(shape({ kind: oneOf('image', 'video'), url: str })),
    }),
  ),
})

const attachment = shape({
  ...entity,
  paperId: str,
  // The cached file's name: anything but a sha256 could point outside the cache.
  sha256: leaf('a sha256 in hex', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)),
  size: num,
  source: oneOf('download', 'local'),
  origin: str,
  pages: nullable(num),
  addedAt: str,
})

const note = shape({ ...entity, paperId: str, text: str })

const annotation = shape({
  ...entity,
  paperId: str,
  anchor: shape({ page: num, start: num, end: num, quads: list(list(num)) }),
  quote: str,
  color: oneOf('yellow', 'green', 'blue', 'pink'),
  comment: str,
  createdAt: str,
})

const readingList = shape({ ...entity, name: str, order: num, paperIds: strings, createdAt: str })

const SETTINGS: Record<string, Check> = {
  theme: oneOf('system', 'light', 'dark'),
  autoFetchMetadata: bool,
  arxivBaseUrl: httpUrl,
  watchFolder: nullable(str),
  autoCheckPublished: bool,
  openAlexBaseUrl: httpUrl,
  semanticScholarBaseUrl: httpUrl,
  dblpBaseUrl: httpUrl,
}

interface RecordSpec {
  check: Check
  /** The field that must equal the record's key (null: the key is all there is). */
  key: 'id' | 'paperId' | null
}

/** Each record map of a file kind. */
const MAPS: Record<string, Record<string, RecordSpec>> = {
  'lectern-papers': {
    papers: { check: paperHead, key: 'id' },
    attachments: { check: attachment, key: 'id' },
  },
  'lectern-texts': { texts: { check: paperText, key: null } },
  'lectern-notes': { notes: { check: note, key: 'paperId' }, annotations: { check: annotation, key: 'id' } },
  'lectern-library': { lists: { check: readingList, key: 'id' } },
}

function problemOf({ check, key }: RecordSpec, id: string, record: unknown): string | null {
  return (
    check(record) ??
    (key && (record as Record<string, unknown>)[key] !== id
      ? `its ${key} is not the key it is stored under`
      : null)
  )
}

/**
 * Takes every record that fails its check out of `data` (a freshly parsed file, owned by the caller)
 * and returns them. A bad setting is put back to its default.
 */
export function takeOutBadRecords(kind: string, data: Record<string, unknown>): RejectedRecord[] {
  const rejected: RejectedRecord[] = []
  for (const [collection, spec] of Object.entries(MAPS[kind] ?? {})) {
    const records = data[collection] as Record<string, unknown>
    for (const id in records) {
      const record = records[id]
      const problem = problemOf(spec, id, record)
      if (problem) {
        rejected.push({ collection, id, problem, record })
        delete records[id]
      }
    }
  }
  if (kind === 'lectern-library') {
    const settings = data.settings as Record<string, unknown>
    for (const [name, check] of Object.entries(SETTINGS)) {
      const problem = check(settings[name])
      if (problem) {
        rejected.push({ collection: 'settings', id: name, problem, record: settings[name] })
        settings[name] = DEFAULT_SETTINGS[name as keyof typeof DEFAULT_SETTINGS]
      }
    }
  }
  return rejected
}

/** The check of one record, for a record found again in a backup. */
export function recordProblem(kind: string, collection: string, id: string, record: unknown): string | null {
  if (collection === 'settings') return SETTINGS[id]?.(record) ?? 'unknown setting'
  const spec = MAPS[kind]?.[collection]
  return spec ? problemOf(spec, id, record) : 'unknown collection'
}
