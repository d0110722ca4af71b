import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Low } from 'lowdb'
import type { Annotation, Attachment, Note, Paper, ReadingList, Settings } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import {
  DurableJsonFile,
  removeIfExists,
  serialize,
  syncDirectory,
  tempPathFor,
  writeAndSync,
  writeFileDurably,
} from './durableFile'
import { Backups, quarantine, restoreCopy } from './backups'
import {
  emptyFile,
  shardOf,
  upgradeFile,
  type FileKind,
  type LibraryFile,
  type NotesFile,
  type PapersFile,
  type StoreFile,
} from './schema'

const JOURNAL = 'journal.json'

/** Staged changes of one transaction; applied to memory only after they are on disk. */
export interface Tx {
  paper(id: string): Paper | undefined
  putPaper(paper: Paper): void
  putAttachment(attachment: Attachment): void
  list(id: string): ReadingList | undefined
  putList(list: ReadingList): void
  note(paperId: string): Note | undefined
  putNote(note: Note): void
  annotation(id: string, paperId: string): Annotation | undefined
  putAnnotation(annotation: Annotation): void
  setSettings(settings: Settings): void
}

/** What one committed transaction touched, for derived data (the search index). */
export interface StoreChange {
  papers: Set<string>
  /** Paper ids whose note changed. */
  notes: Set<string>
  lists: boolean
}

/**
 * The repository: reads and writes the library's JSON files, knows nothing of the rules.
 * Everything is held in memory; a write goes to disk (atomically, across files through a journal)
 * before it is visible, and `update` resolves only once it is durable.
 */
export class LibraryStore {
  private readonly waiting: Waiting[] = []
  private writer: Promise<void> | null = null
  private readonly listeners = new Set<(change: StoreChange) => void>()
  /** Attachment ids by paper id: list rows ask "has a PDF?" for every paper. */
  private readonly attachmentIds = new Map<string, Set<string>>()

  private constructor(
    readonly dir: string,
    private readonly library: Low<LibraryFile>,
    private readonly papers: Map<string, Low<PapersFile>>,
    private readonly notes: Map<string, Low<NotesFile>>,
  ) {
    for (const a of this.allAttachments()) this.indexAttachment(a.paperId, a.id)
  }

  private indexAttachment(paperId: string, id: string): void {
    const ids = this.attachmentIds.get(paperId)
    if (ids) ids.add(id)
    else this.attachmentIds.set(paperId, new Set([id]))
  }

  /** Files that were corrupt at open, moved to quarantine and replaced by their last good backup. */
  recovered: Recovery[] = []

  /**
   * Opens (creating if needed) the store in `dir`. A file that does not parse or fails its schema is
   * quarantined and restored from its last good backup; without a backup, or for a file from a newer
   * Lectern, the open stops with a message naming the file, which is left untouched.
   */
  static async open(dir: string, options: { now?: () => Date } = {}): Promise<LibraryStore> {
    const now = options.now ?? (() => new Date())
    await mkdir(join(dir, 'papers'), { recursive: true })
    await mkdir(join(dir, 'notes'), { recursive: true })
    await recoverJournal(dir)
    const backups = new Backups(dir)
    const recovered: Recovery[] = []
    const openChecked = <F extends StoreFile>(path: string, kind: F['format']) =>
      openRecovering<F>(path, kind, { dir, backups, now, recovered })
    const library = await openChecked<LibraryFile>(join(dir, 'library.json'), 'lectern-library')
    const papers = await openShards<PapersFile>(join(dir, 'papers'), 'lectern-papers', openChecked)
    const notes = await openShards<NotesFile>(join(dir, 'notes'), 'lectern-notes', openChecked)
    const store = new LibraryStore(dir, library, papers, notes)
    store.recovered = recovered
    store.backups = backups
    return store
  }

  private backups: Backups | null = null

  /** Snapshots every file as last good (and today's backup); call when the files are known good. */
  async snapshot(today: string): Promise<void> {
    const files = [this.library, ...this.papers.values(), ...this.notes.values()].map(
      (low) => (low.adapter as DurableJsonFile<StoreFile>).path,
    )
    await this.flush()
    await this.backups?.snapshot(files, today)
  }

  /** Every file's current contents by data-dir-relative path (for a backup bundle). */
  files(): Record<string, StoreFile> {
    const files: Record<string, StoreFile> = { 'library.json': this.library.data }
    for (const [key, low] of this.papers) files[`papers/${key}.json`] = low.data
    for (const [key, low] of this.notes) files[`notes/${key}.json`] = low.data
    return files
  }

  /** Called after each durable commit with what it touched. */
  onCommit(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Resolves once every write queued so far is on disk. */
  async flush(): Promise<void> {
    while (this.writer) await this.writer
  }

  settings(): Settings {
    return this.library.data.settings
  }
  allLists(): ReadingList[] {
    return Object.values(this.library.data.lists)
  }
  list(id: string): ReadingList | undefined {
    return this.library.data.lists[id]
  }
  *allPapers(): Iterable<Paper> {
    for (const shard of this.papers.values()) yield* Object.values(shard.data.papers)
  }
  paper(id: string): Paper | undefined {
    return this.papers.get(shardOf(id))?.data.papers[id]
  }
  *allAttachments(): Iterable<Attachment> {
    for (const shard of this.papers.values()) yield* Object.values(shard.data.attachments)
  }
  attachments(paperId: string): Attachment[] {
    const shard = this.papers.get(shardOf(paperId))
    const ids = this.attachmentIds.get(paperId)
    if (!shard || !ids) return []
    return [...ids].map((id) => shard.data.attachments[id]).filter((a): a is Attachment => a !== undefined)
  }
  note(paperId: string): Note | undefined {
    return this.notes.get(shardOf(paperId))?.data.notes[paperId]
  }
  *allNotes(): Iterable<Note> {
    for (const shard of this.notes.values()) yield* Object.values(shard.data.notes)
  }
  annotations(paperId: string): Annotation[] {
    const shard = this.notes.get(shardOf(paperId))
    return shard ? Object.values(shard.data.annotations).filter((a) => a.paperId === paperId) : []
  }

  /**
   * Runs `change` against staged copies and commits what it touched as one atomic, durable write;
   * resolves once it is on disk. If `change` throws, nothing of it is written and memory is unchanged.
   * Changes that arrive while a write is in flight are committed together in the next write (group
   * commit), so a burst of saves costs one write per file, not one per save.
   */
  update<T>(change: (tx: Tx) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ change, resolve: resolve as (value: unknown) => void, reject })
      this.writer ??= this.drain()
    })
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) await this.commitGroup(this.waiting.splice(0))
    this.writer = null
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    // Keyed by the file's Low instance; each entry knows how to publish its copy once it is on disk.
    const staged = new Map<object, StagedFile>()
    const touched: StoreChange = { papers: new Set(), notes: new Set(), lists: false }
    const newAttachments: Attachment[] = []
    const done: { waiting: Waiting; result: unknown }[] = []
    for (const waiting of group) {
      // Each change stages into its own layer, merged only if it returns: one failing change does
      // not take the others of its group down.
      const layer = new Map<object, StagedFile>()
      const layerTouched: StoreChange = { papers: new Set(), notes: new Set(), lists: false }
      const layerAttachments: Attachment[] = []
      try {
        const result = waiting.change(this.transaction(staged, layer, layerTouched, layerAttachments))
        for (const [low, entry] of layer) staged.set(low, entry)
        for (const id of layerTouched.papers) touched.papers.add(id)
        for (const id of layerTouched.notes) touched.notes.add(id)
        touched.lists ||= layerTouched.lists
        newAttachments.push(...layerAttachments)
        done.push({ waiting, result })
      } catch (error) {
        waiting.reject(error)
      }
    }
    if (staged.size > 0) {
      try {
        await writeAll(this.dir, [...staged.values()])
      } catch (error) {
        for (const { waiting } of done) waiting.reject(error)
        return
      }
      for (const entry of staged.values()) entry.publish()
      for (const a of newAttachments) this.indexAttachment(a.paperId, a.id)
      for (const listener of this.listeners) listener(touched)
    }
    for (const { waiting, result } of done) waiting.resolve(result)
  }

  /** A Tx reading through `layer`, then `group`, then memory, and writing copy-on-write into `layer`. */
  private transaction(
    group: Map<object, StagedFile>,
    layer: Map<object, StagedFile>,
    touched: StoreChange,
    attachments: Attachment[],
  ): Tx {
    const stage = <F extends StoreFile>(low: Low<F>): F => {
      let entry = layer.get(low)
      if (!entry) {
        const data = shallowCopy((group.get(low)?.data as F | undefined) ?? low.data)
        entry = { path: (low.adapter as DurableJsonFile<F>).path, data, publish: () => (low.data = data) }
        layer.set(low, entry)
      }
      return entry.data as F
    }
    const view = <F extends StoreFile>(low: Low<F>): F =>
      ((layer.get(low) ?? group.get(low))?.data as F | undefined) ?? low.data
    const paperShard = (id: string) => this.shard(this.papers, 'papers', id, 'lectern-papers')
    const noteShard = (id: string) => this.shard(this.notes, 'notes', id, 'lectern-notes')
    return {
      paper: (id) => view(paperShard(id)).papers[id],
      putPaper: (paper) => {
        stage(paperShard(paper.id)).papers[paper.id] = paper
        touched.papers.add(paper.id)
      },
      putAttachment: (a) => {
        stage(paperShard(a.paperId)).attachments[a.id] = a
        attachments.push(a)
        touched.papers.add(a.paperId)
      },
      list: (id) => view(this.library).lists[id],
      putList: (list) => {
        stage(this.library).lists[list.id] = list
        touched.lists = true
      },
      note: (paperId) => view(noteShard(paperId)).notes[paperId],
      putNote: (note) => {
        stage(noteShard(note.paperId)).notes[note.paperId] = note
        touched.notes.add(note.paperId)
      },
      annotation: (id, paperId) => view(noteShard(paperId)).annotations[id],
      putAnnotation: (a) => void (stage(noteShard(a.paperId)).annotations[a.id] = a),
      setSettings: (settings) => void (stage(this.library).settings = settings),
    }
  }

  /** Shard files are created on first write; a missing shard is an empty one. */
  private shard<F extends StoreFile>(
    shards: Map<string, Low<F>>,
    folder: string,
    id: string,
    kind: F['format'],
  ): Low<F> {
    const key = shardOf(id)
    let low = shards.get(key)
    if (!low) {
      low = new Low<F>(
        new DurableJsonFile<F>(join(this.dir, folder, `${key}.json`)),
        emptyFile(kind as never) as F,
      )
      shards.set(key, low)
    }
    return low
  }
}

interface Waiting {
  change: (tx: Tx) => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

interface StagedFile {
  path: string
  data: StoreFile
  publish: () => void
}

/** Copies the file object and its record maps (entities themselves are replaced, never mutated). */
function shallowCopy<F extends StoreFile>(data: F): F {
  const copy: Record<string, unknown> = { ...data }
  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === 'object' && value !== null) copy[key] = { ...value }
  }
  return copy as F
}

async function openFile<F extends StoreFile>(path: string, kind: F['format']): Promise<Low<F>> {
  const low = new Low<F>(new DurableJsonFile<F>(path), emptyFile(kind as never) as F)
  const raw = await low.adapter.read()
  if (raw !== null) low.data = upgradeFile(kind, raw, path) as F
  return low
}

async function openShards<F extends StoreFile>(
  folder: string,
  kind: FileKind,
  open: (path: string, kind: F['format']) => Promise<Low<F>>,
): Promise<Map<string, Low<F>>> {
  const shards = new Map<string, Low<F>>()
  const names = (await readdir(folder)).filter((name) => /^[0-9a-f]{2}\.json$/.test(name))
  await Promise.all(
    names.map(async (name) =>
      shards.set(name.slice(0, 2), await open(join(folder, name), kind as F['format'])),
    ),
  )
  return shards
}

function isValid(check: () => unknown): boolean {
  try {
    check()
    return true
  } catch {
    return false
  }
}

export interface Recovery {
  file: string
  quarantinedTo: string
  restoredFrom: string
  problem: string
}

/** Opens a file; a corrupt one is quarantined and its last good backup put in its place. */
async function openRecovering<F extends StoreFile>(
  path: string,
  kind: F['format'],
  ctx: { dir: string; backups: Backups; now: () => Date; recovered: Recovery[] },
): Promise<Low<F>> {
  try {
    return await openFile<F>(path, kind)
  } catch (error) {
    if (!(error instanceof LecternError) || error.code !== 'store-corrupt') throw error
    const backup = ctx.backups.lastGoodOf(path)
    const raw = await new DurableJsonFile<unknown>(backup).read().catch(() => null)
    const usable = raw !== null && isValid(() => upgradeFile(kind, raw, backup))
    if (!usable)
      throw new LecternError(
        'store-corrupt',
        `${error.message}. There is no good backup of it; it was left as it is.`,
      )
    const quarantinedTo = await quarantine(ctx.dir, path, ctx.now())
    await restoreCopy(backup, path)
    ctx.recovered.push({ file: path, quarantinedTo, restoredFrom: backup, problem: error.message })
    return openFile<F>(path, kind)
  }
}

/**
 * One file: temp + fsync + rename. Several files: all temps written and synced, then a journal naming
 * them is made durable, then the renames; a crash after the journal is rolled forward on open, a crash
 * before it leaves the old files (the stray temps are removed).
 */
async function writeAll(dir: string, files: StagedFile[]): Promise<void> {
  const [only] = files
  if (files.length === 1 && only) return writeFileDurably(only.path, serialize(only.data))
  const moves = await Promise.all(
    files.map(async ({ path, data }) => {
      const temp = tempPathFor(path)
      await writeAndSync(temp, serialize(data))
      return { from: temp, to: path }
    }),
  )
  const journal = join(dir, JOURNAL)
  await writeFileDurably(journal, JSON.stringify({ moves }))
  await applyMoves(moves)
  await removeIfExists(journal)
}

async function applyMoves(moves: { from: string; to: string }[]): Promise<void> {
  const dirs = new Set<string>()
  for (const { from, to } of moves) {
    await rename(from, to).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error // already moved by an earlier, interrupted run
    })
    dirs.add(to.slice(0, Math.max(to.lastIndexOf('/'), to.lastIndexOf('\\'))))
  }
  for (const d of dirs) await syncDirectory(d)
}

async function recoverJournal(dir: string): Promise<void> {
  const journal = join(dir, JOURNAL)
  let text: string
  try {
    text = await readFile(journal, 'utf8')
  } catch {
    await removeStrayTemps(dir)
    return
  }
  let moves: { from: string; to: string }[]
  try {
    moves = (JSON.parse(text) as { moves: { from: string; to: string }[] }).moves
  } catch {
    // The journal itself is written atomically, so an unparsable one was never committed.
    moves = []
  }
  await applyMoves(moves)
  await rm(journal, { force: true })
  await removeStrayTemps(dir)
}

async function removeStrayTemps(dir: string): Promise<void> {
  for (const folder of [dir, join(dir, 'papers'), join(dir, 'notes')]) {
    for (const name of await readdir(folder).catch(() => [] as string[])) {
      if (name.startsWith('.') && name.endsWith('.tmp')) await rm(join(folder, name), { force: true })
    }
  }
}

export function assertFound<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new LecternError('not-found', `${what} does not exist`)
  return value
}
