/**
 * One store bench run in a fresh process (spawned by store.ts): cold open, note saves, list changes,
 * search, RSS. Prints one JSON document. Usage: storeProcess.ts DATA_DIR SAMPLES
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Lectern } from '../../src/main/core/lectern'
import { writeFileDurably } from '../../src/main/core/store/durableFile'
import { shardOf } from '../../src/main/core/store/schema'
import { benchQueries } from './search'
import { searchDocFromPaper } from '../../src/main/core/search/searchDoc'
import { timed } from './stats'
import { libraryFiles } from './store'

export interface StoreMeasurements {
  openMs: number
  parseMs: number
  files: number
  megabytes: number
  saves: number[]
  unopened: number[]
  listChanges: number[]
  bare: number[]
  searches: number[]
  indexReadyMs: number
  rssMb: number
  /** RSS of the same process before the library was opened: the runtime's and the code's share. */
  rssBeforeMb: number
}

const [dir, samplesText] = process.argv.slice(2)
if (!dir) throw new Error('usage: storeProcess.ts DATA_DIR SAMPLES|prepare')

if (samplesText === 'prepare') {
  // A first start builds and saves the search index and takes the first backup; the measured
  // start is a later one, which loads the index, as every start after the first does.
  const first = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
  await first.search.start()
  await first.close()
  process.exit(0)
}
const samples = Number(samplesText ?? 200)

const rssBeforeMb = process.memoryUsage().rss / 1e6
let lectern!: Lectern
const openMs = await timed(async () => {
  lectern = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
})
const files = await libraryFiles(dir)
let megabytes = 0
const parseMs = await timed(async () => {
  for (const f of files) {
    const text = await readFile(f, 'utf8')
    megabytes += Buffer.byteLength(text) / 1e6
    JSON.parse(text)
  }
})

// As the app starts it (startBackgroundWork): index loaded, then start-up garbage let go.
const indexReadyMs = await timed(() => lectern.startSearch())
const papers = lectern.papers.list({})
const ids = papers.map((p) => p.id)
const queries = benchQueries(
  [...lectern.store.papersOf(ids.slice(0, 5000))].map((paper) => searchDocFromPaper(paper)),
  200,
)
const searches: number[] = []
for (const q of queries) searches.push(await timed(() => lectern.search.query(q, 100)))

await lectern.backedUp
// Every write is paced like a person's (a disk answers an fsync after a pause more slowly than in a
// burst), and the baseline is paced the same way: a bare durable write of the bytes the save wrote.
// In the app a note is typed in the detail pane of a paper opened first (papers:get) and autosaved
// 500 ms after the last keystroke; `unopened` saves notes of papers never shown.
const pause = () => new Promise((resolve) => setTimeout(resolve, 20))
const saves: number[] = []
const unopened: number[] = []
const bare: number[] = []
const listChanges: number[] = []
for (let i = 0; i < samples; i++) {
  const id = ids[(i * 7919) % ids.length] as string
  lectern.papers.get(id)
  await pause()
  saves.push(await timed(() => lectern.notes.save(id, `note ${i}: ${'word '.repeat(40)}`)))
  const shardBytes = await readFile(join(dir, 'notes', `${shardOf(id)}.json`))
  await pause()
  bare.push(await timed(() => writeFileDurably(join(dir, 'bare.json'), shardBytes)))
  await pause()
  const other = ids[(i * 7919 + 13) % ids.length] as string
  unopened.push(await timed(() => lectern.notes.save(other, `note ${i}: ${'word '.repeat(40)}`)))
  await pause()
  listChanges.push(await timed(() => lectern.lists.addPapers('bench', [ids[(i * 104729) % ids.length]!])))
}
// Resident memory as a user sees it: after a few idle seconds, in which V8 hands back the pages the
// work above used and freed (measured right after a burst, it still counts them).
await new Promise((resolve) => setTimeout(resolve, 3000))
const rssMb = process.memoryUsage().rss / 1e6
await lectern.close()

const result: StoreMeasurements = {
  openMs,
  parseMs,
  files: files.length,
  megabytes,
  saves,
  unopened,
  listChanges,
  bare,
  searches,
  indexReadyMs,
  rssMb,
  rssBeforeMb,
}
process.stdout.write(JSON.stringify(result))
