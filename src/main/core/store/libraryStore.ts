import { copyFile, readdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Low } from 'lowdb'
import type { Annotation, Attachment, Note, Paper, ReadingList, Settings } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { forEachInSlices, inSlices, nextTurn } from '../inSlices'
import { DurableJsonFile, readStoredText, serialize, writeFileDurably } from './durableFile'
import { makePrivateDir } from './accessModes'
import { Backups, quarantine, restoreCopy } from './backups'
import { FOLDERS, recoverJournal, writeAll, type JournalProblem } from './journal'
import type { RejectedRecord } from './recordChecks'
import { RecordQuarantine, type QuarantinedRecord } from './recordQuarantine'
import { joinPaper, splitPaper, type PaperHead, type PaperText } from './paperParts'
import {
  TEXT_SHARD_COUNT,
  emptyFile,
  shardOf,
  textShardOf,
  upgradeFile,
  type LibraryFile,
  type NotesFile,
  type PapersFile,
  type StoreFile,
  type TextsFile,
} from './schema'
import { outlineFiles } from './outlineFiles'
import { PaperTexts } from './paperTexts'

/** Staged changes of one transaction; applied to memory only after they are on disk. */
export interface Tx {
  /** The paper's head: cheap, for checks and for changes to the user's own state. */
  head(id: string): PaperHead | undefined
  /** The whole paper (reads its text shard). */
  paper(id: string): Paper | undefined
  putPaper(paper: Paper): void
  /** Writes a head only; the paper's text stays as it is. */
  putHead(head: PaperHead): void
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
  /** Each paper of `papers` as it was before the commit (undefined: new), beside its head now in the store. */
  headsBefore: Map<string, PaperHead | undefined>
  /**
   * Papers whose text part (abstract, digest summaries) was written, with that text: at hand for the
   * commit's listeners, which would otherwise read it back from disk after the commit's turn.
   */
  texts: Map<string, PaperText>
  /** Paper ids whose digest appearances were replaced (a day came, went or changed). */
  digests: Set<string>
  /** Paper ids whose note changed. */
  notes: Set<string>
  lists: boolean
  /** Paper ids whose annotations changed. */
  annotations: Set<string>
  settings: boolean
}

const nothingTouched = (): StoreChange => ({
  papers: new Set(),
  headsBefore: new Map(),
  texts: new Map(),
  digests: new Set(),
  notes: new Set(),
  lists: false,
  annotations: new Set(),
  settings: false,
})

/**
 * The repository: reads and writes the library's JSON files, knows nothing of the rules.
 * Everything but the papers' texts is held in memory (texts are read on demand, see paperParts); a
 * write goes to disk (atomically, across files through a journal) before it is visible, and
 * `update` resolves only once it is durable.
 */
export class LibraryStore {
  private readonly waiting: Waiting[] = []
  private writer: Promise<void> | null = null
  private readonly listeners = new Set<(change: StoreChange) => void>()
  /** Attachment ids by paper id: list rows ask "has a PDF?" for every paper. */
  private readonly attachmentIds = new Map<string, Set<string>>()
  private readonly texts: PaperTexts
  /** Text shards read or staged by the group being written: read through these until it is published. */
  private textsInFlight = new Map<string, Low<TextsFile>>()
  /**
   * Those of them read in part (the entries the group named, see `update`'s `textsOf`), with the ids
   * whose text as it was before the group is in them (or is known to be none).
   */
  private partialInFlight = new Map<Low<TextsFile>, Set<string>>()

  private constructor(
    readonly dir: string,
    private readonly library: Low<LibraryFile>,
    private readonly papers: Map<string, Low<PapersFile>>,
    private readonly notes: Map<string, Low<NotesFile>>,
    records: RecordQuarantine,
    /** Opened on a data dir that cannot be written: every write is refused with a clear message. */
    readonly readOnly: boolean,
  ) {
    this.quarantine = records
    this.texts = new PaperTexts(dir, (path, data, rejected) =>
      records.handle(path, 'lectern-texts', data, rejected),
    )
    for (const a of this.allAttachments()) this.indexAttachment(a.paperId, a.id)
  }

  private indexAttachment(paperId: string, id: string): void {
    const ids = this.attachmentIds.get(paperId)
    if (ids) ids.add(id)
    else this.attachmentIds.set(paperId, new Set([id]))
  }

  /** Files that were corrupt at open, moved to quarantine and replaced by their last good backup. */
  recovered: Recovery[] = []
  /** A journal that was refused at open (it named files the store does not write), or null. */
  journalProblem: JournalProblem | null = null
  private quarantine: RecordQuarantine | null = null

  /** Records that failed their check, taken out of their file (at open, or as a texts shard was read). */
  get quarantined(): readonly QuarantinedRecord[] {
    return this.quarantine?.found ?? []
  }

  /**
   * Opens (creating if needed) the store in `dir`. A file that does not parse or fails its schema is
   * quarantined and restored from its last good backup; without a backup, or for a file from a newer
   * Lectern, the open stops with a message naming the file, which is left untouched. A record that
   * fails its check is taken out of its file on its own (see RecordQuarantine). `readOnly` opens a
   * library that cannot be written: nothing is replayed, repaired or created, and writes are refused.
   * `checkTexts: false` (a command that reads no text, `lectern papers`) skips the check of the text
   * files at open, reading and parsing two thirds of the library's bytes; the next open that checks
   * them (every start of the app, every writing command) finds a damaged one.
   */
  static async open(
    dir: string,
    options: { now?: () => Date; readOnly?: boolean; checkTexts?: boolean } = {},
  ): Promise<LibraryStore> {
    const now = options.now ?? (() => new Date())
    const readOnly = options.readOnly ?? false
    const checkTexts = options.checkTexts ?? true
    if (!readOnly) for (const folder of FOLDERS) await makePrivateDir(join(dir, folder))
    const journalProblem = await recoverJournal(dir, { readOnly, now })
    const backups = new Backups(dir)
    const recovered: Recovery[] = []
    const records = new RecordQuarantine(dir, backups, { now, readOnly })
    const openChecked = <F extends StoreFile>(
      path: string,
      kind: F['format'],
      text?: Promise<string | null>,
    ) => openRecovering<F>(path, kind, { dir, backups, now, recovered, records, readOnly }, text)
    // Texts are read on demand, but checked now (in a worker, while this thread parses the rest), so
    // that a damaged one is found and restored at open. Their records are checked as they are read.
    const textPaths = checkTexts
      ? (await shardKeys(join(dir, 'texts'))).map((key) => join(dir, 'texts', `${key}.json`))
      : []
    const textsChecked = checkTexts ? outlineFiles(textPaths) : Promise.resolve([])
    const { low: library } = await openChecked<LibraryFile>(join(dir, 'library.json'), 'lectern-library')
    const papers = await openShards(join(dir, 'papers'), async (path, text) => {
      const opened = await openChecked<PapersFile>(path, 'lectern-papers', text)
      if (opened.texts) {
        if (readOnly)
          throw new LecternError(
            'store-read-only',
            `${path} needs to be migrated to this Lectern's schema, which cannot be done in a read-only data directory`,
          )
        await migrateToSplitTexts(dir, opened.low, opened.texts, records)
      }
      return opened.low
    })
    const notes = await openShards(join(dir, 'notes'), async (path, text) => {
      return (await openChecked<NotesFile>(path, 'lectern-notes', text)).low
    })
    for (const { path, outline, error } of await textsChecked) {
      const fine = !error && isValid(() => outline && upgradeFile('lectern-texts', outline, path))
      // A file the worker found wanting is opened here, which reports or recovers it as any other.
      if (!fine) await openChecked<TextsFile>(path, 'lectern-texts')
    }
    const store = new LibraryStore(dir, library, papers, notes, records, readOnly)
    store.recovered = recovered
    store.journalProblem = journalProblem
    store.backups = backups
    return store
  }

  private backups: Backups | null = null

  /** Snapshots every file as last good (and today's backup); call when the files are known good. */
  async snapshot(today: string): Promise<void> {
    if (this.readOnly) return
    await this.flush()
    const files = [this.library, ...this.papers.values(), ...this.notes.values()].map(
      (low) => (low.adapter as DurableJsonFile<StoreFile>).path,
    )
    for (const key of await shardKeys(join(this.dir, 'texts'))) files.push(this.texts.path(key))
    await this.backups?.snapshot(files, today)
  }

  /** Every file's current contents by data-dir-relative path (for a backup bundle). */
  files(): Record<string, StoreFile> {
    const files: Record<string, StoreFile> = { 'library.json': this.library.data }
    for (const [key, low] of this.papers) files[`papers/${key}.json`] = low.data
    for (const [key, low] of this.notes) files[`notes/${key}.json`] = low.data
    for (let i = 0; i < TEXT_SHARD_COUNT; i++) {
      const key = i.toString(16).padStart(2, '0')
      const low = this.textShard(key)
      if (Object.keys(low.data.texts).length > 0) files[`texts/${key}.json`] = low.data
    }
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
  /** Every paper's head, from memory. */
  *allHeads(): Iterable<PaperHead> {
    for (const shard of this.papers.values()) yield* Object.values(shard.data.papers)
  }
  /** How many papers the library holds (counted over the shards: cheap, no record is read). */
  paperCount(): number {
    let count = 0
    for (const shard of this.papers.values()) count += Object.keys(shard.data.papers).length
    return count
  }
  head(id: string): PaperHead | undefined {
    return this.papers.get(shardOf(id))?.data.papers[id]
  }
  /** The whole paper: its head joined with its text (read from disk unless recently shown). */
  paper(id: string): Paper | undefined {
    const head = this.head(id)
    return (
      head &&
      joinPaper(
        head,
        this.texts.textOf(id, (k) => this.textLookup(textShardOf(k))(k)),
      )
    )
  }
  /** Whole papers, reading each text shard once (for derived data and exports, not for lists). */
  *papersOf(ids: Iterable<string>): Iterable<Paper> {
    const byTextShard = new Map<string, PaperHead[]>()
    for (const id of ids) {
      const head = this.head(id)
      if (!head) continue
      const remembered = this.texts.remembered(id)
      if (remembered) {
        yield joinPaper(head, remembered.text)
        continue
      }
      const key = textShardOf(id)
      const heads = byTextShard.get(key)
      if (heads) heads.push(head)
      else byTextShard.set(key, [head])
    }
    for (const [key, heads] of byTextShard) {
      const textOf = this.textLookup(key)
      for (const head of heads) yield joinPaper(head, textOf(head.id))
    }
  }
  /**
   * Every paper id, those whose texts share a file next to each other: read (or written) a slice at
   * a time in this order, each text file is read about once, not once per slice.
   */
  paperIdsByTextFile(): string[] {
    const byTextShard = new Map<string, string[]>()
    for (const head of this.allHeads()) {
      const key = textShardOf(head.id)
      const ids = byTextShard.get(key)
      if (ids) ids.push(head.id)
      else byTextShard.set(key, [head.id])
    }
    return [...byTextShard.values()].flat()
  }
  allPapers(): Iterable<Paper> {
    return this.papersOf([...this.allHeads()].map((head) => head.id))
  }
  /**
   * The texts of one shard by id, as readers see them: through the group being written, if any (as
   * it was, or once published as it is). A shard the group read in part is read from its file only
   * for an id the group did not name, which it did not change.
   */
  private textLookup(key: string): (id: string) => PaperText | undefined {
    const low = this.textsInFlight.get(key)
    const known = low && this.partialInFlight.get(low)
    if (low && !known) return (id) => low.data.texts[id]
    if (low && known) {
      let file: TextsFile | null = null
      return (id) =>
        known.has(id) ? low.data.texts[id] : (file ??= this.texts.readShard(key).data).texts[id]
    }
    const whole = this.texts.readShard(key).data
    return (id) => whole.texts[id]
  }

  /** A whole text shard as readers see it: through the group being written, if any (see textLookup). */
  private textShard(key: string): Low<TextsFile> {
    const low = this.textsInFlight.get(key)
    if (!low) return this.texts.readShard(key)
    const known = this.partialInFlight.get(low)
    if (!known) return low
    // What the group did not name, it did not change: the file has it, before or after the write.
    const whole = this.texts.readShard(key)
    for (const id of known) {
      const text = low.data.texts[id]
      if (text === undefined) delete whole.data.texts[id]
      else whole.data.texts[id] = text
    }
    return whole
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
  *allAnnotations(): Iterable<Annotation> {
    for (const shard of this.notes.values()) yield* Object.values(shard.data.annotations)
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
   *
   * `textsOf` names the papers whose texts `change` reads or writes (`tx.paper`, `tx.putPaper`):
   * their text shards are read before it runs, without holding up the event loop (an import of
   * 1,000 papers touches every one of the 256 shards, over a second of synchronous reads at 50,000
   * papers). A shard it did not name is still read when asked for, synchronously. A named shard that
   * cannot be read fails this change alone, with an error naming the file.
   */
  update<T>(change: (tx: Tx) => T, options: { textsOf?: Iterable<string> } = {}): Promise<T> {
    return this.enqueue({ change, inSteps: false }, options)
  }

  /**
   * `update` for a change too long for one turn of the event loop (an import's merge of 1,000
   * papers): `change` is a generator, and the event loop may turn at each `yield` (once a slice has
   * run for SLICE_MS). It is still one transaction: the writer is held throughout, so no other write
   * starts in between, and readers see nothing of it until all of it is durable. If it throws at any
   * step, nothing of it is written.
   */
  updateInSteps<T>(
    change: (tx: Tx) => Generator<unknown, T, undefined>,
    options: { textsOf?: Iterable<string> } = {},
  ): Promise<T> {
    return this.enqueue({ change, inSteps: true }, options)
  }

  private enqueue<T>(
    work: Pick<Waiting, 'change' | 'inSteps'>,
    options: { textsOf?: Iterable<string> },
  ): Promise<T> {
    const textShards = new Map<string, string[]>()
    for (const id of options.textsOf ?? []) {
      const key = textShardOf(id)
      const ids = textShards.get(key)
      if (ids) ids.push(id)
      else textShards.set(key, [id])
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ ...work, textShards, resolve: resolve as (value: unknown) => void, reject })
      this.writer ??= this.drain()
    })
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) await this.commitGroup(this.waiting.splice(0))
    this.writer = null
  }

  /**
   * Reads the text shards the group's changes named, one at a time off the event loop; a change
   * whose shard cannot be read is failed (with the reader's error, which names the file) and left
   * out, the others go on. Returns the changes that are ready to run.
   */
  private async readTextsAhead(
    group: Waiting[],
    texts: Map<string, Low<TextsFile>>,
    partial: Map<Low<TextsFile>, Set<string>>,
  ): Promise<Waiting[]> {
    const ready: Waiting[] = []
    for (const waiting of group) {
      try {
        for (const [key, ids] of waiting.textShards) {
          const low = texts.get(key)
          if (!low) {
            const read = await this.texts.readEntriesAhead(key, ids)
            texts.set(key, read)
            partial.set(read, new Set(ids))
            continue
          }
          // Named by an earlier change of the group too: read the entries it did not name.
          const known = partial.get(low)
          const missing = known ? ids.filter((id) => !known.has(id)) : []
          if (!known || missing.length === 0) continue
          const read = await this.texts.readEntriesAhead(key, missing)
          Object.assign(low.data.texts, read.data.texts)
          for (const id of missing) known.add(id)
        }
        ready.push(waiting)
      } catch (error) {
        waiting.reject(error)
      }
    }
    return ready
  }

  private async commitGroup(waitingGroup: Waiting[]): Promise<void> {
    // Keyed by the file's Low instance, whose data its copy replaces once it is on disk.
    const staged = new Map<object, StagedFile>()
    // One instance of each text shard for the whole group, so that its changes stack up.
    const texts = (this.textsInFlight = new Map<string, Low<TextsFile>>())
    const partial = (this.partialInFlight = new Map<Low<TextsFile>, Set<string>>())
    // Never throws: a change whose shard cannot be read is failed on its own.
    const group = await this.readTextsAhead(waitingGroup, texts, partial)
    const written = new Map<string, PaperText>()
    const touched = nothingTouched()
    const newAttachments: Attachment[] = []
    const done: { waiting: Waiting; result: unknown }[] = []
    for (const waiting of group) {
      // Each change stages into its own layer, merged only if it returns: one failing change does
      // not take the others of its group down.
      const layer = new Map<object, StagedFile>()
      const layerTouched = nothingTouched()
      const layerAttachments: Attachment[] = []
      const layerTexts = new Map<string, PaperText>()
      try {
        const tx = this.transaction(
          staged,
          layer,
          layerTouched,
          layerAttachments,
          { texts, partial },
          layerTexts,
        )
        const result = waiting.inSteps
          ? await inSlices(waiting.change(tx) as Generator<unknown, unknown, undefined>)
          : waiting.change(tx)
        for (const [low, entry] of layer) staged.set(low, entry)
        for (const id of layerTouched.papers) touched.papers.add(id)
        for (const id of layerTouched.digests) touched.digests.add(id)
        for (const id of layerTouched.notes) touched.notes.add(id)
        touched.lists ||= layerTouched.lists
        for (const id of layerTouched.annotations) touched.annotations.add(id)
        touched.settings ||= layerTouched.settings
        newAttachments.push(...layerAttachments)
        for (const [id, text] of layerTexts) written.set(id, text)
        done.push({ waiting, result })
      } catch (error) {
        waiting.reject(error)
      }
    }
    try {
      if (staged.size > 0) {
        try {
          if (this.readOnly)
            throw new LecternError(
              'store-read-only',
              `The library in ${this.dir} is open read-only (its folder cannot be written); nothing was changed`,
            )
          await settleInSlices(staged.values())
          // A shard read in part is written whole: read again and completed as its turn to be
          // written comes, so that one whole shard at a time is held, not all of them.
          const partialShards = new Map(
            [...texts].filter(([, low]) => partial.has(low)).map(([k, l]) => [l, k]),
          )
          await writeAll(
            this.dir,
            [...staged.values()].map((entry) => {
              const key = partialShards.get(entry.low as unknown as Low<TextsFile>)
              if (key === undefined) return entry
              const entries = entry.data as TextsFile
              return { path: entry.path, load: () => this.texts.completeAhead(key, entries) }
            }),
          )
        } catch (error) {
          for (const { waiting } of done) waiting.reject(error)
          return
        }
        for (const id of touched.papers) touched.headsBefore.set(id, this.head(id))
        touched.texts = written
        for (const entry of staged.values()) entry.low.data = entry.data
        for (const [id, text] of written) this.texts.written(id, text)
        for (const a of newAttachments) this.indexAttachment(a.paperId, a.id)
        for (const listener of this.listeners) listener(touched)
      }
    } finally {
      // Published (or abandoned): reads go to memory and disk again.
      this.textsInFlight = new Map()
      this.partialInFlight = new Map()
    }
    for (const { waiting, result } of done) waiting.resolve(result)
  }

  /** A Tx reading through `layer`, then `group`, then memory, and writing copy-on-write into `layer`. */
  private transaction(
    group: Map<object, StagedFile>,
    layer: Map<object, StagedFile>,
    touched: StoreChange,
    attachments: Attachment[],
    { texts, partial }: { texts: Map<string, Low<TextsFile>>; partial: Map<Low<TextsFile>, Set<string>> },
    written: Map<string, PaperText>,
  ): Tx {
    const stage = <F extends StoreFile>(low: Low<F>): F => {
      let entry = layer.get(low)
      if (!entry) {
        const data = overlay((group.get(low)?.data as F | undefined) ?? low.data)
        entry = {
          path: (low.adapter as DurableJsonFile<F>).path,
          data,
          low: low as unknown as Low<StoreFile>,
        }
        layer.set(low, entry)
      }
      return entry.data as F
    }
    const view = <F extends StoreFile>(low: Low<F>): F =>
      ((layer.get(low) ?? group.get(low))?.data as F | undefined) ?? low.data
    const paperShard = (id: string) => this.shard(this.papers, 'papers', id, 'lectern-papers')
    const noteShard = (id: string) => this.shard(this.notes, 'notes', id, 'lectern-notes')
    const textShard = (id: string) => {
      const key = textShardOf(id)
      let low = texts.get(key)
      if (!low) texts.set(key, (low = this.texts.readShard(key)))
      const known = partial.get(low)
      if (known && !known.has(id)) {
        // Read in part, without this id (the change did not name it): its text before the group,
        // read now. Added to the base, so that the layers staged over it see it too.
        const text = this.texts.readShard(key).data.texts[id]
        if (text !== undefined) low.data.texts[id] = text
        known.add(id)
      }
      return low
    }
    const head = (id: string) => recordIn(view(paperShard(id)).papers, id)
    const putHead = (next: PaperHead) => {
      // Heads are replaced, never mutated: a new appearances array is a change of digest days.
      if (head(next.id)?.appearances !== next.appearances) touched.digests.add(next.id)
      stage(paperShard(next.id)).papers[next.id] = next
      touched.papers.add(next.id)
    }
    return {
      head,
      paper: (id) => {
        const found = head(id)
        return found && joinPaper(found, recordIn(view(textShard(id)).texts, id))
      },
      putHead,
      putPaper: (paper) => {
        const parts = splitPaper(paper)
        putHead(parts.head)
        stage(textShard(paper.id)).texts[paper.id] = parts.text
        written.set(paper.id, parts.text)
      },
      putAttachment: (a) => {
        stage(paperShard(a.paperId)).attachments[a.id] = a
        attachments.push(a)
        touched.papers.add(a.paperId)
      },
      list: (id) => recordIn(view(this.library).lists, id),
      putList: (list) => {
        stage(this.library).lists[list.id] = list
        touched.lists = true
      },
      note: (paperId) => recordIn(view(noteShard(paperId)).notes, paperId),
      putNote: (note) => {
        stage(noteShard(note.paperId)).notes[note.paperId] = note
        touched.notes.add(note.paperId)
      },
      annotation: (id, paperId) => recordIn(view(noteShard(paperId)).annotations, id),
      putAnnotation: (a) => {
        stage(noteShard(a.paperId)).annotations[a.id] = a
        touched.annotations.add(a.paperId)
      },
      setSettings: (settings) => {
        stage(this.library).settings = settings
        touched.settings = true
      },
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
  /** `change` returns a generator, run a slice at a time (updateInSteps). */
  inSteps: boolean
  /** Text shards to read (the entries of these ids) before the change runs. */
  textShards: ReadonlyMap<string, string[]>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

interface StagedFile {
  path: string
  /** The file's new contents: record maps are overlays until `settleInSlices` flattens them. */
  data: StoreFile
  low: Low<StoreFile>
}

/** The fields of store files that map ids to records (entities are replaced, never mutated). */
const RECORD_MAPS = ['lists', 'papers', 'attachments', 'texts', 'notes', 'annotations'] as const
/** Each record map made by `overlay` → the map it was made over, which `recordIn` reads through. */
const below = new WeakMap<object, object>()

/**
 * A copy of a file to stage changes in, made in constant time: its record maps are empty objects
 * over the originals (writes land on the overlay, reads fall through: `recordIn`). Copying the maps
 * instead cost an import of 1,000 papers, which touches every shard, a copy of all 50,000 records in
 * one go; `settle` flattens them later, a file at a time between turns of the event loop. (Not by
 * prototype: V8 turns an object of a thousand keys that becomes a prototype into one of fast
 * properties, which took an import's first day 15 ms at 50,000 papers.)
 */
function overlay<F extends StoreFile>(data: F): F {
  const copy: Record<string, unknown> = { ...data }
  for (const key of RECORD_MAPS) {
    const map = copy[key]
    if (typeof map !== 'object' || map === null) continue
    const over = {}
    below.set(over, map)
    copy[key] = over
  }
  return copy as F
}

/** The record of `id` in a record map, read through the overlays it may be made of. */
function recordIn<T>(map: Record<string, T>, id: string): T | undefined {
  for (let m: object | undefined = map; m !== undefined; m = below.get(m)) {
    if (Object.hasOwn(m, id)) return (m as Record<string, T>)[id]
  }
  return undefined
}

/** The file with its record maps flattened into plain objects (keys keep their order, new ones last). */
function settle<F extends StoreFile>(data: F): F {
  const copy: Record<string, unknown> = { ...data }
  for (const key of RECORD_MAPS) {
    const levels: object[] = []
    const top = copy[key]
    if (typeof top !== 'object' || top === null) continue
    let map: object = top
    for (let under = below.get(map); under !== undefined; under = below.get(map)) {
      levels.push(map)
      map = under
    }
    const flat: Record<string, unknown> = { ...map }
    for (let i = levels.length - 1; i >= 0; i--) Object.assign(flat, levels[i])
    copy[key] = flat
  }
  return copy as F
}

async function settleInSlices(entries: Iterable<StagedFile>): Promise<void> {
  await forEachInSlices(entries, (entry) => (entry.data = settle(entry.data)))
}

interface Opened<F extends StoreFile> {
  low: Low<F>
  /** Texts split off by a migration, still to be written to texts/. */
  texts: Record<string, PaperText> | null
  rejected: RejectedRecord[]
}

/** `text`: the file's text if it was read ahead (openShards); read now if not. */
async function openFile<F extends StoreFile>(
  path: string,
  kind: F['format'],
  text: Promise<string | null> = readStoredText(path),
): Promise<Opened<F>> {
  const adapter = new DurableJsonFile<F>(path)
  const low = new Low<F>(adapter, emptyFile(kind as never) as F)
  const raw = await adapter.parse(text)
  if (raw === null) return { low, texts: null, rejected: [] }
  const upgraded = upgradeFile(kind, raw, path)
  low.data = upgraded.data as F
  return { low, texts: upgraded.texts, rejected: upgraded.rejected }
}

async function shardKeys(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[])
  return names.filter((name) => /^[0-9a-f]{2}\.json$/.test(name)).map((name) => name.slice(0, 2))
}

/** How many shards are read ahead of the one being parsed (the file system's reads run in parallel). */
const READ_AHEAD = 4

/**
 * Opens a folder's shards one at a time (parsing them all at once would hold all their text at once),
 * with the next READ_AHEAD files read meanwhile: read one after the other, a hundred small files took
 * longer to wait for than to parse (`lectern papers`, issue #16).
 */
async function openShards<F extends StoreFile>(
  folder: string,
  open: (path: string, text: Promise<string | null>) => Promise<Low<F>>,
): Promise<Map<string, Low<F>>> {
  const paths = (await shardKeys(folder)).map((key) => join(folder, `${key}.json`))
  const reads = paths.map((path, i) => (i < READ_AHEAD ? readAhead(path) : null))
  const shards = new Map<string, Low<F>>()
  for (const [i, path] of paths.entries()) {
    const next = paths[i + READ_AHEAD]
    if (next !== undefined) reads[i + READ_AHEAD] = readAhead(next)
    shards.set(basename(path, '.json'), await open(path, reads[i] as Promise<string | null>))
    // Parsed: its text can go.
    reads[i] = null
    // The next shard's text is often read already: parsed at once, in this turn, shard after shard
    // held the event loop for 100 ms and more at 50,000 papers.
    await nextTurn()
  }
  return shards
}

/**
 * A read started before its result is awaited: its failure is reported where it is awaited, and a read
 * never awaited (an earlier shard failed) does not end the process as an unhandled rejection.
 */
function readAhead(path: string): Promise<string | null> {
  const read = readStoredText(path)
  read.catch(() => {})
  return read
}

/**
 * Schema 1 → 2 for one papers shard: its heads and its four text shards are written in one journaled
 * commit, so a crash leaves the shard either at version 1 (migrated again on the next open) or done.
 * The version-1 file is first copied to backups/pre-v2/.
 */
async function migrateToSplitTexts(
  dir: string,
  papers: Low<PapersFile>,
  texts: Record<string, PaperText>,
  records: RecordQuarantine,
): Promise<void> {
  const path = (papers.adapter as DurableJsonFile<PapersFile>).path
  const kept = join(dir, 'backups', 'pre-v2', 'papers', basename(path))
  if (!(await stat(kept).catch(() => null))) {
    await makePrivateDir(dirname(kept))
    await copyFile(path, kept)
  }
  const shards = new Map<string, TextsFile>()
  for (const [id, text] of Object.entries(texts)) {
    const key = textShardOf(id)
    let shard = shards.get(key)
    if (!shard) {
      const textsPath = join(dir, 'texts', `${key}.json`)
      const existing = await new DurableJsonFile<unknown>(textsPath).read()
      if (existing) {
        const upgraded = upgradeFile('lectern-texts', existing, textsPath)
        shard = upgraded.data as TextsFile
        records.handle(
          textsPath,
          'lectern-texts',
          shard as unknown as Record<string, unknown>,
          upgraded.rejected,
        )
      } else shard = emptyFile('lectern-texts')
      shards.set(key, shard)
    }
    shard.texts[id] = text
  }
  await writeAll(dir, [
    { path, data: papers.data },
    ...[...shards].map(([key, data]) => ({ path: join(dir, 'texts', `${key}.json`), data })),
  ])
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

/**
 * Opens a file; a corrupt one is quarantined and its last good backup put in its place. Records that
 * fail their check are handed to the record quarantine, and the file is rewritten without them (not
 * in a read-only data dir, nor before a migration, which rewrites it anyway).
 */
async function openRecovering<F extends StoreFile>(
  path: string,
  kind: F['format'],
  ctx: {
    dir: string
    backups: Backups
    now: () => Date
    recovered: Recovery[]
    records: RecordQuarantine
    readOnly: boolean
  },
  text?: Promise<string | null>,
): Promise<Opened<F>> {
  const opened = await openWholeFile<F>(path, kind, ctx, text)
  if (opened.rejected.length > 0) {
    ctx.records.handle(path, kind, opened.low.data as unknown as Record<string, unknown>, opened.rejected)
    if (!ctx.readOnly && !opened.texts) await writeFileDurably(path, serialize(opened.low.data))
  }
  return opened
}

async function openWholeFile<F extends StoreFile>(
  path: string,
  kind: F['format'],
  ctx: { dir: string; backups: Backups; now: () => Date; recovered: Recovery[]; readOnly: boolean },
  text?: Promise<string | null>,
): Promise<Opened<F>> {
  try {
    return await openFile<F>(path, kind, text)
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
    if (ctx.readOnly)
      throw new LecternError(
        'store-corrupt',
        `${error.message}. Its last good backup is ${backup}; it can be put back only when the data directory can be written.`,
      )
    const quarantinedTo = await quarantine(ctx.dir, path, ctx.now())
    await restoreCopy(backup, path)
    ctx.recovered.push({ file: path, quarantinedTo, restoredFrom: backup, problem: error.message })
    return openFile<F>(path, kind)
  }
}

export function assertFound<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new LecternError('not-found', `${what} does not exist`)
  return value
}
