import { readFile, readdir, rename, rm } from 'node:fs/promises'
import { makePrivateDir } from './accessModes'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { encodeInSlices } from './encodeInSlices'
import { removeIfExists, syncDirectory, tempPathFor, writeAndSync, writeFileDurably } from './durableFile'
import { nextTurn } from '../inSlices'

export const JOURNAL = 'journal.json'
/** The folders of shard files; stray temps are looked for in these and the data dir itself. */
export const FOLDERS = ['papers', 'notes', 'texts'] as const

/** The files the store writes, by data-dir-relative path with `/`: nothing else may be journaled. */
const STORE_FILE = /^(library\.json|(papers|notes|texts)\/[0-9a-f]{2}\.json)$/

/** One rename of a multi-file commit: a synced temp file onto a store file, both data-dir-relative. */
export interface Move {
  from: string
  to: string
}

/**
 * One file: temp + fsync + rename. Several files: all temps written and synced, then a journal naming
 * them is made durable, then the renames; a crash after the journal is rolled forward on open, a crash
 * before it leaves the old files (the stray temps are removed).
 */
/** Commits of more files than this let the event loop turn between serializing them. */
const YIELD_PAST_FILES = 8

export async function writeAll(dir: string, files: FileToWrite[]): Promise<void> {
  const [only] = files
  if (files.length === 1 && only)
    return writeFileDurably(only.path, await encodeInSlices(await contentsOf(only)))
  const moves: { from: string; to: string }[] = []
  const writes: Promise<void>[] = []
  for (const file of files) {
    const { path } = file
    const data = await contentsOf(file)
    const temp = tempPathFor(path)
    // Encoded now, a slice a turn: a string handed on would be encoded when its file opens, and the
    // opens of a large commit complete together, in one long turn.
    const write = writeAndSync(temp, await encodeInSlices(data))
    // Awaited below; a failure meanwhile must not count as unhandled.
    write.catch(() => undefined)
    writes.push(write)
    moves.push({ from: storePath(dir, temp), to: storePath(dir, path) })
    // A large commit (an import: hundreds of shards) serializes one file per turn of the event loop,
    // which would otherwise run nothing else meanwhile; a small one (a save) goes on at once.
    if (files.length > YIELD_PAST_FILES) await nextTurn()
  }
  await Promise.all(writes)
  const journal = join(dir, JOURNAL)
  await writeFileDurably(journal, JSON.stringify({ moves }))
  await applyMoves(dir, moves)
  await removeIfExists(journal)
}

/**
 * A file of a commit: its contents, or a function that makes them when the file's turn to be
 * written comes (so that a large commit does not hold every file's contents at once).
 */
export type FileToWrite = { path: string; data: unknown } | { path: string; load: () => Promise<unknown> }

async function contentsOf(file: FileToWrite): Promise<unknown> {
  return 'load' in file ? await file.load() : file.data
}

/** What was wrong with a journal found at open; it was set aside, not replayed. */
export interface JournalProblem {
  file: string
  problem: string
  /** Where the journal was moved; null when the data dir could not be written to. */
  setAsideTo: string | null
}

/**
 * Rolls forward a commit interrupted after its journal was made durable. A journal is only replayed
 * when every move renames a store temp onto a store file inside this data dir: a journal that names
 * anything else (it can only have been written by something other than Lectern — a synced or shared
 * folder, a hostile file) is set aside in quarantine/ and reported, never replayed. Read-only: nothing
 * is replayed or removed, and the files are read as they were before the interrupted commit.
 */
export async function recoverJournal(
  dir: string,
  options: { readOnly: boolean; now: () => Date },
): Promise<JournalProblem | null> {
  const path = join(dir, JOURNAL)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    if (!options.readOnly) await removeStrayTemps(dir)
    return null
  }
  const checked = checkJournal(dir, text)
  if (options.readOnly) {
    return 'problem' in checked
      ? { file: path, problem: checked.problem, setAsideTo: null }
      : {
          file: path,
          problem: 'a write was interrupted; it is finished when the library is next opened for writing',
          setAsideTo: null,
        }
  }
  let problem: JournalProblem | null = null
  if ('moves' in checked) await applyMoves(dir, checked.moves)
  else if (checked.unparsable) {
    // The journal is written atomically, so one that does not parse was never committed.
    await rm(path, { force: true })
  } else {
    const target = join(dir, 'quarantine', `${JOURNAL}.${options.now().toISOString().replaceAll(':', '-')}`)
    await makePrivateDir(dirname(target))
    await rename(path, target)
    problem = { file: path, problem: checked.problem, setAsideTo: target }
  }
  await rm(path, { force: true })
  await removeStrayTemps(dir)
  return problem
}

/** The moves of a journal, or why it must not be replayed. Also used by `doctor`. */
export function checkJournal(
  dir: string,
  text: string,
): { moves: Move[] } | { problem: string; unparsable: boolean } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})`, unparsable: true }
  }
  const moves = (raw as { moves?: unknown } | null)?.moves
  if (!Array.isArray(moves))
    return { problem: 'is not a Lectern journal (no list of moves)', unparsable: false }
  const checked: Move[] = []
  for (const move of moves) {
    const { from, to } = (move ?? {}) as Record<string, unknown>
    if (typeof from !== 'string' || typeof to !== 'string')
      return { problem: 'has a move that is not a pair of file names', unparsable: false }
    const target = storePath(dir, to)
    const source = storePath(dir, from)
    if (!STORE_FILE.test(target))
      return {
        problem: `names ${JSON.stringify(to)}, which is not a library file in ${dir}`,
        unparsable: false,
      }
    const folder = target.includes('/') ? target.slice(0, target.indexOf('/') + 1) : ''
    const name = target.slice(folder.length)
    if (
      !source.startsWith(`${folder}.${name}.`) ||
      !source.endsWith('.tmp') ||
      source.includes('/', folder.length)
    )
      return {
        problem: `would move ${JSON.stringify(from)}, which is not a temp file of ${target}`,
        unparsable: false,
      }
    checked.push({ from: source, to: target })
  }
  return { moves: checked }
}

/** A path as a data-dir-relative one with `/` (journals before this one held absolute paths). */
function storePath(dir: string, path: string): string {
  const inside = relative(dir, isAbsolute(path) ? resolve(path) : resolve(dir, path))
  return inside.split(sep).join('/')
}

async function applyMoves(dir: string, moves: Move[]): Promise<void> {
  const dirs = new Set<string>()
  for (const { from, to } of moves) {
    const target = join(dir, to)
    await rename(join(dir, from), target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error // already moved by an earlier, interrupted run
    })
    dirs.add(dirname(target))
  }
  for (const d of dirs) await syncDirectory(d)
}

async function removeStrayTemps(dir: string): Promise<void> {
  for (const folder of [dir, ...FOLDERS.map((f) => join(dir, f))]) {
    for (const name of await readdir(folder).catch(() => [] as string[])) {
      if (name.startsWith('.') && name.endsWith('.tmp')) await rm(join(folder, name), { force: true })
    }
  }
}
