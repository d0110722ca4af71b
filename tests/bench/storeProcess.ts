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
  listChanges: number[]
  bare: number[]
  searches: number[]
  indexReadyMs: number
  rssMb: number
}

const [dir, samplesText] = process.argv.slice(2)
if (!dir) throw new Error('usage: storeProcess.ts DATA_DIR SAMPLES')
const samples = Number(samplesText ?? 200)

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

// The first start builds and saves the index; the figure is the start that loads it, as every later one does.
await lectern.search.start()
const indexReadyMs = await timed(() => lectern.search.start())
const papers = lectern.papers.list({})
const ids = papers.map((p) => p.id)
const queries = benchQueries(
  ids.slice(0, 5000).map((id) => searchDocFromPaper(lectern.store.paper(id)!)),
  200,
)
const searches: number[] = []
for (const q of queries) searches.push(await timed(() => lectern.search.query(q, 100)))

const saves: number[] = []
for (let i = 0; i < samples; i++) {
  const id = ids[(i * 7919) % ids.length] as string
  saves.push(await timed(() => lectern.notes.save(id, `note ${i}: ${'word '.repeat(40)}`)))
}
const listChanges: number[] = []
for (let i = 0; i < samples; i++) {
  const id = ids[(i * 104729) % ids.length] as string
  listChanges.push(await timed(() => lectern.lists.addPapers('bench', [id])))
}
const shardBytes = await readFile(join(dir, 'notes', `${shardOf(ids[0] as string)}.json`))
const bare: number[] = []
for (let i = 0; i < samples; i++)
  bare.push(await timed(() => writeFileDurably(join(dir, 'bare.json'), shardBytes)))
const rssMb = process.memoryUsage().rss / 1e6
await lectern.close()

const result: StoreMeasurements = {
  openMs,
  parseMs,
  files: files.length,
  megabytes,
  saves,
  listChanges,
  bare,
  searches,
  indexReadyMs,
  rssMb,
}
process.stdout.write(JSON.stringify(result))
