import type {
  Annotation,
  Note,
  Paper,
  ReadStatus,
  ReadingList,
  Settings,
  ViewerState,
} from '../../../shared/domain'

/**
 * How the store's entities become CouchDB documents, and back. Pure: no I/O.
 *
 * One document per thing a person changes on its own, with ids that say what they are:
 *   paper:<paperId>             the imported record (what digests and arXiv bring)
 *   state:<paperId>             the reader's state of it (status, star, tags, last opened, viewer)
 *   list:<listId>               a reading list's name and place among lists
 *   member:<listId>:<paperId>   one paper in one list, with a fractional order key
 *   note:<paperId>              the paper's note
 *   annotation:<annotationId>   one highlight
 *   settings:library            the settings that follow the library (device settings never leave)
 *   attachment:<attachmentId>   a PDF attached from a local file (arXiv downloads are not synced)
 *   pdf:<sha256>                that file's bytes, as the document's attachment: content-addressed,
 *                               so the same file is stored once however many papers it is attached to
 * so an import on one machine and a star on another touch different documents, and two machines
 * adding to the same list write different documents. A document holds the entity's content only:
 * the store's `rev` is a local counter (CouchDB has `_rev`), and `updatedAt` is kept only where one
 * entity is one document (notes, annotations), so that mapping store → doc → store → doc is stable and
 * applying a replicated change does not echo back as a new one.
 */

export type DocKind =
  'paper' | 'state' | 'list' | 'member' | 'note' | 'annotation' | 'settings' | 'attachment'

/** Fields of a document besides CouchDB's own (`_id`, `_rev`, …). */
export type DocBody = Record<string, unknown>

export interface PaperBody {
  arxivId: string | null
  url: string
  title: string
  authors: string[]
  authorsElided: boolean
  appearances: Paper['appearances']
  meta: Paper['meta']
  addedAt: string
  deleted?: true
}
export interface StateBody {
  status: ReadStatus
  starred: boolean
  tags: string[]
  lastOpenedAt: string | null
  viewer: ViewerState | null
}
export interface ListBody {
  name: string
  order: number
  createdAt: string
  deleted?: true
}
export interface MemberBody {
  listId: string
  paperId: string
  order: string
}
export interface NoteBody {
  paperId: string
  text: string
  updatedAt: string
  deleted?: true
}
export type AnnotationBody = Omit<Annotation, 'id' | 'rev'>

/** Settings that describe the library and follow it to every machine; the rest stay on the device. */
export const LIBRARY_SETTINGS = ['autoFetchMetadata'] as const satisfies readonly (keyof Settings)[]
/** Never synced: a folder path, a network endpoint and a look are each machine's own. */
export const DEVICE_SETTINGS = [
  'theme',
  'arxivBaseUrl',
  'watchFolder',
] as const satisfies readonly (keyof Settings)[]
export type LibrarySettingsBody = Pick<Settings, (typeof LIBRARY_SETTINGS)[number]>
export const SETTINGS_DOC_ID = 'settings:library'

export const docId = {
  paper: (paperId: string) => `paper:${paperId}`,
  state: (paperId: string) => `state:${paperId}`,
  list: (listId: string) => `list:${listId}`,
  member: (listId: string, paperId: string) => `member:${listId}:${paperId}`,
  /** Every member doc id of a list sorts between these two. */
  membersOf: (listId: string) => ({ start: `member:${listId}:`, end: `member:${listId}:\ufff0` }),
  note: (paperId: string) => `note:${paperId}`,
  annotation: (id: string) => `annotation:${id}`,
  attachment: (id: string) => `attachment:${id}`,
  /** Every attachment doc id sorts between these two. */
  attachments: { start: 'attachment:', end: 'attachment:\ufff0' },
  pdf: (sha256: string) => `pdf:${sha256}`,
}

/** The store entity a document belongs to: what must be recomputed when it changes. */
export type EntityKey =
  | { kind: 'paper'; paperId: string }
  | { kind: 'list'; listId: string }
  | { kind: 'note'; paperId: string }
  | { kind: 'annotation'; id: string }
  | { kind: 'settings' }
  | { kind: 'attachment'; id: string }

export function parseDocId(id: string): { kind: DocKind; entity: EntityKey } | null {
  const colon = id.indexOf(':')
  if (colon <= 0) return null
  const prefix = id.slice(0, colon)
  const rest = id.slice(colon + 1)
  if (rest === '') return null
  switch (prefix) {
    case 'paper':
    case 'state':
      return { kind: prefix, entity: { kind: 'paper', paperId: rest } }
    case 'list':
      return { kind: 'list', entity: { kind: 'list', listId: rest } }
    case 'member': {
      // List ids never hold a colon; paper ids may (`url:<hash>`).
      const split = rest.indexOf(':')
      if (split <= 0 || split === rest.length - 1) return null
      return { kind: 'member', entity: { kind: 'list', listId: rest.slice(0, split) } }
    }
    case 'note':
      return { kind: 'note', entity: { kind: 'note', paperId: rest } }
    case 'annotation':
      return { kind: 'annotation', entity: { kind: 'annotation', id: rest } }
    case 'settings':
      return rest === 'library' ? { kind: 'settings', entity: { kind: 'settings' } } : null
    case 'attachment':
      return { kind: 'attachment', entity: { kind: 'attachment', id: rest } }
    default:
      return null
  }
}

export function entityKeyString(key: EntityKey): string {
  switch (key.kind) {
    case 'paper':
    case 'note':
      return `${key.kind}:${key.paperId}`
    case 'list':
      return `list:${key.listId}`
    case 'annotation':
      return `annotation:${key.id}`
    case 'attachment':
      return `attachment:${key.id}`
    case 'settings':
      return 'settings'
  }
}

// ---- store → documents

export function paperDocs(paper: Paper): { paper: PaperBody; state: StateBody } {
  const body: PaperBody = {
    arxivId: paper.arxivId,
    url: paper.url,
    title: paper.title,
    authors: paper.authors,
    authorsElided: paper.authorsElided,
    appearances: paper.appearances,
    meta: paper.meta,
    addedAt: paper.addedAt,
  }
  if (paper.deleted) body.deleted = true
  return {
    paper: body,
    state: {
      status: paper.status,
      starred: paper.starred,
      tags: paper.tags,
      lastOpenedAt: paper.lastOpenedAt,
      viewer: paper.viewer ?? null,
    },
  }
}

export function listDoc(list: ReadingList): ListBody {
  const body: ListBody = { name: list.name, order: list.order, createdAt: list.createdAt }
  if (list.deleted) body.deleted = true
  return body
}

export function noteDoc(note: Note): NoteBody {
  const body: NoteBody = { paperId: note.paperId, text: note.text, updatedAt: note.updatedAt }
  if (note.deleted) body.deleted = true
  return body
}

export function annotationDoc(annotation: Annotation): AnnotationBody {
  const { id: _id, rev: _rev, ...body } = annotation
  return body
}

export function settingsDoc(settings: Settings): LibrarySettingsBody {
  return { autoFetchMetadata: settings.autoFetchMetadata }
}

// ---- documents → store

export const DEFAULT_STATE: StateBody = {
  status: 'unread',
  starred: false,
  tags: [],
  lastOpenedAt: null,
  viewer: null,
}

/**
 * The paper as the documents describe it. The store's own bookkeeping comes from `existing` (rev,
 * arXiv fetch status); `now` stamps the change. A record that brings arXiv metadata marks it fetched.
 */
export function paperFromDocs(
  paperId: string,
  record: PaperBody,
  state: StateBody | undefined,
  existing: Paper | undefined,
  now: Date,
): Paper {
  // No state document (a shared list carries records only): this machine's reading state stays.
  const { viewer, ...reading } = state ?? (existing ? paperDocs(existing).state : DEFAULT_STATE)
  const { deleted, ...imported } = record
  const metaStatus: Paper['metaStatus'] =
    record.meta !== null
      ? existing?.metaStatus.state === 'ok'
        ? existing.metaStatus
        : { state: 'ok', at: now.toISOString() }
      : (existing?.metaStatus ?? { state: record.arxivId ? 'queued' : 'none' })
  const paper: Paper = {
    id: paperId,
    rev: (existing?.rev ?? 0) + 1,
    updatedAt: now.toISOString(),
    ...imported,
    metaStatus,
    ...reading,
  }
  if (viewer) paper.viewer = viewer
  if (deleted) paper.deleted = true
  // Not synced (yet): this machine's published-version findings and citation key stay as they were.
  if (existing?.publishedAs) paper.publishedAs = existing.publishedAs
  if (existing?.publicationCheck) paper.publicationCheck = existing.publicationCheck
  if (existing?.citeKey) paper.citeKey = existing.citeKey
  return paper
}

export function listFromDocs(
  listId: string,
  body: ListBody,
  members: MemberBody[],
  existing: ReadingList | undefined,
  now: Date,
): ReadingList {
  const list: ReadingList = {
    id: listId,
    rev: (existing?.rev ?? 0) + 1,
    updatedAt: now.toISOString(),
    name: body.name,
    order: body.order,
    createdAt: body.createdAt,
    paperIds: orderMembers(members),
  }
  if (body.deleted) list.deleted = true
  return list
}

/** Papers in key order; equal keys (two machines inserting at one place) by paper id. */
export function orderMembers(members: MemberBody[]): string[] {
  return [...members]
    .sort((a, b) =>
      a.order < b.order
        ? -1
        : a.order > b.order
          ? 1
          : a.paperId < b.paperId
            ? -1
            : a.paperId > b.paperId
              ? 1
              : 0,
    )
    .map((m) => m.paperId)
}

export function noteFromDoc(body: NoteBody, existing: Note | undefined): Note {
  const note: Note = {
    id: body.paperId,
    paperId: body.paperId,
    rev: (existing?.rev ?? 0) + 1,
    updatedAt: body.updatedAt,
    text: body.text,
  }
  if (body.deleted) note.deleted = true
  return note
}

export function annotationFromDoc(
  id: string,
  body: AnnotationBody,
  existing: Annotation | undefined,
): Annotation {
  return { ...body, id, rev: (existing?.rev ?? 0) + 1 }
}

export function settingsFromDoc(body: LibrarySettingsBody, current: Settings): Settings {
  return { ...current, autoFetchMetadata: body.autoFetchMetadata }
}

// ---- comparing and merging

/** JSON with sorted keys: two bodies are the same content iff their canonical forms are equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  )
}

export function sameBody(a: DocBody | null | undefined, b: DocBody | null | undefined): boolean {
  return canonical(contentOf(a)) === canonical(contentOf(b))
}

/** A document's body without CouchDB's fields. */
export function contentOf(doc: DocBody | null | undefined): DocBody | null {
  if (!doc) return null
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')))
}

export type MergeResult = { merged: DocBody } | { conflict: string[] }

/**
 * Merges two revisions of one document that were edited apart (CouchDB's winner and one loser),
 * given their common ancestor when it is still known. What a person would want to choose between (a
 * note's text, a highlight's comment, a list's name, both changed) is a conflict, left for the person
 * with both revisions kept; everything else is merged here, the same way on every machine.
 */
export function mergeBodies(
  kind: DocKind,
  ancestor: DocBody | null,
  winner: DocBody,
  loser: DocBody,
): MergeResult {
  if (kind === 'paper')
    return { merged: mergePaperRecords(winner as unknown as PaperBody, loser as unknown as PaperBody) }
  const base = ancestor ?? implicitAncestor(kind)
  const merged: DocBody = {}
  const conflicts: string[] = []
  const keys = new Set([...Object.keys(winner), ...Object.keys(loser)].filter((k) => !k.startsWith('_')))
  for (const key of [...keys].sort()) {
    const [a, w, l] = [base[key], winner[key], loser[key]]
    let value: unknown
    if (canonical(w) === canonical(l) || canonical(a) === canonical(l)) value = w
    else if (canonical(a) === canonical(w)) value = l
    else {
      const rule = bothChanged(kind, key, a, w, l)
      if (rule === CONFLICT) {
        conflicts.push(key)
        value = w
      } else value = rule
    }
    if (value !== undefined) merged[key] = value
  }
  return conflicts.length > 0 ? { conflict: conflicts } : { merged }
}

const CONFLICT = Symbol('conflict')

/** A field changed on both machines, differently. */
function bothChanged(
  kind: DocKind,
  key: string,
  ancestor: unknown,
  winner: unknown,
  loser: unknown,
): unknown {
  if (key === 'deleted') return true // a deletion on one machine is a deletion everywhere
  if (kind === 'state' && key === 'tags') return mergeTagSets(ancestor, winner, loser)
  if (key === 'updatedAt' || key === 'lastOpenedAt') return latest(winner, loser)
  if ((kind === 'note' && key === 'text') || (kind === 'annotation' && key === 'comment')) return CONFLICT
  if (kind === 'list' && key === 'name') return CONFLICT
  return winner // CouchDB's winner is the same on every machine
}

/** Added on either machine stays added, removed on either stays removed. */
function mergeTagSets(ancestor: unknown, winner: unknown, loser: unknown): string[] {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [])
  const base = new Set(list(ancestor))
  const w = new Set(list(winner))
  const l = new Set(list(loser))
  const kept = [...base].filter((t) => w.has(t) && l.has(t))
  const added = [...w, ...l].filter((t) => !base.has(t))
  return [...new Set([...kept, ...added])].sort()
}

function latest(a: unknown, b: unknown): unknown {
  if (typeof a !== 'string') return b
  if (typeof b !== 'string') return a
  return a >= b ? a : b
}

/** Two machines that never saw each other's revision both started from the empty entity. */
function implicitAncestor(kind: DocKind): DocBody {
  switch (kind) {
    case 'state':
      return { ...DEFAULT_STATE }
    case 'note':
      return { text: '' }
    case 'annotation':
      return { comment: '' }
    default:
      return {}
  }
}

/**
 * An imported record is what digests and arXiv said, so two revisions are merged as the union of
 * what each knew: every day's appearance, the newer arXiv version, the first time it was added.
 */
export function mergePaperRecords(winner: PaperBody, loser: PaperBody): DocBody {
  const byDate = new Map(loser.appearances.map((a) => [a.date, a]))
  for (const a of winner.appearances) byDate.set(a.date, a)
  const appearances = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date))
  const metaOf = (r: PaperBody) => r.meta
  const newer = (a: PaperBody, b: PaperBody): PaperBody => {
    const [ma, mb] = [metaOf(a), metaOf(b)]
    if (!mb) return a
    if (!ma) return b
    return mb.version > ma.version || (mb.version === ma.version && mb.updated > ma.updated) ? b : a
  }
  const source = newer(winner, loser)
  const newest = appearances[appearances.length - 1]
  const fromDigest = source.meta === null && newest !== undefined
  const merged: PaperBody = {
    arxivId: winner.arxivId ?? loser.arxivId,
    url: winner.url,
    title: fromDigest ? newest.title : source.title,
    authors: fromDigest ? newest.authors : source.authors,
    authorsElided: fromDigest ? newest.authorsElided : source.authorsElided,
    appearances,
    meta: source.meta,
    addedAt: winner.addedAt < loser.addedAt ? winner.addedAt : loser.addedAt,
  }
  if (winner.deleted || loser.deleted) merged.deleted = true
  return merged as unknown as DocBody
}
