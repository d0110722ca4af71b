/**
 * One responsiveness run in a fresh process (spawned by responsiveness.ts) on a prepared library:
 * the longest event-loop stall while it starts, filter search p95 beside the old way of answering
 * filters, "More like these" after start, the longest stall during a 1,000-paper import and during
 * the citation-key run that keys every paper.
 * Prints one JSON document. Usage: responsivenessProcess.ts DATA_DIR [prepare]
 */
import { Lectern } from '../../src/main/core/lectern'
import { isLive } from '../../src/main/core/library/entity'
import { Recommender, recommendDocFromPaper } from '../../src/main/core/recommend'
import { parseSearchQuery, type ParsedQuery } from '../../src/main/core/search/searchQuery'
import { searchDocFromPaper } from '../../src/main/core/search/searchDoc'
import { generateDigest } from '../fixtures/digests/generateDigest'
import { GcWatch, StallWatch } from './eventLoopStalls'
import { benchQueries } from './search'
import { percentile } from './stats'

export interface ResponsivenessMeasurements {
  papers: number
  openMs: number
  openStallMs: number
  /** Each stall figure's CPU twin: the most main-thread CPU time in one turn (null off Linux). */
  openStallCpuMs: number | null
  /** From the end of the open until the search index is ready and the start-up backup is taken. */
  backgroundMs: number
  backgroundStallMs: number
  backgroundStallCpuMs: number | null
  filterP95: number
  /** The same queries' CPU time (the process's, GC threads included): what is left once load is not. */
  filterCpuP95: number
  filterOldP95: number
  filterQueries: number
  filterWordsP95: number
  wordsP95: number
  recommendFirstMs: number
  recommendFirstWarming: boolean
  recommendWarmMs: number
  recommendWarmStallMs: number
  recommendBlockingBuildMs: number
  importPapers: number
  importMs: number
  importStallMs: number
  importStallAt: number
  importStallCpuMs: number | null
  /** The longest garbage-collection pause during the import. */
  importGcMs: number
  citeKeysGiven: number
  citeKeysMs: number
  citeKeysStallMs: number
  citeKeysStallCpuMs: number | null
}

const [dir, mode] = process.argv.slice(2)
if (!dir) throw new Error('usage: responsivenessProcess.ts DATA_DIR [prepare]')
if (mode === 'prepare') {
  // A first start builds and saves the search index and takes the first backup; the measured start
  // is a later one, which loads the index, as every start after the first does.
  const first = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
  await first.search.start()
  await first.close()
  process.exit(0)
}
/** The renderer asks for this many hits. */
const LIMIT = 1000

const openWatch = new StallWatch().start()
let started = performance.now()
const lectern = await Lectern.open({ dataDir: dir, lock: { kind: 'cli' } })
const openMs = performance.now() - started
const openStallMs = openWatch.stop().ms

// As the app starts it: the search index loaded in the background, the start-up backup taken.
const backgroundWatch = new StallWatch().start()
started = performance.now()
await lectern.startSearch()
await lectern.backedUp
const backgroundMs = performance.now() - started
const backgroundStallMs = backgroundWatch.stop().ms

// Filters only, as the search box sends them.
const days = [
  ...new Set([...lectern.store.allHeads()].flatMap((h) => h.appearances.map((a) => a.date))),
].sort()
const month = (days.at(-1) ?? '2024-01-01').slice(0, 7)
const filters = [
  'is:unread',
  'is:starred',
  'is:read',
  'tag:survey',
  'list:Bench',
  'has:note',
  `day:${month}`,
  'is:unread tag:survey',
  'is:unread has:note',
  `is:starred day:${days[0]?.slice(0, 4) ?? '2024'}`,
]
const runs = 10
const ours: number[] = []
const oursCpu: number[] = []
const old: number[] = []
// Apart, not interleaved: the old way's garbage (a row for each of 35,000 matches) would be
// collected during the new way's queries and counted against them.
for (let r = 0; r < runs; r++) {
  for (const q of filters) {
    const cpu = process.cpuUsage()
    // As the renderer asks: the first page of ids and a count (it holds the rows by id).
    ours.push(timed(() => lectern.search.query(q, LIMIT, { rows: false })))
    const used = process.cpuUsage(cpu)
    oursCpu.push((used.user + used.system) / 1000)
  }
}
for (let r = 0; r < runs; r++) {
  for (const q of filters) old.push(timed(() => oldFilterOnly(parseSearchQuery(q), LIMIT)))
}

// Filters with words: the store bench's typed queries behind `is:unread` and `tag:survey`.
const ids = [...lectern.store.allHeads()].map((h) => h.id)
const words = benchQueries(
  [...lectern.store.papersOf(ids.slice(0, 5000))].map((paper) => searchDocFromPaper(paper)),
  100,
)
const withFilters: number[] = []
const wordsOnly: number[] = []
for (const [i, q] of words.entries()) {
  wordsOnly.push(timed(() => lectern.search.query(q, LIMIT, { rows: false })))
  withFilters.push(
    timed(() => lectern.search.query(`${i % 2 ? 'is:unread' : 'tag:survey'} ${q}`, LIMIT, { rows: false })),
  )
}

// "More like these" on a list, right after start, then until it has learnt every paper.
const seeds = ids.slice(0, 3)
started = performance.now()
const first = await lectern.recommendations.moreLike(seeds, 100)
const recommendFirstMs = performance.now() - started
const warmWatch = new StallWatch().start()
started = performance.now()
await lectern.recommendations.warm()
const recommendWarmMs = recommendFirstMs + performance.now() - started
const recommendWarmStallMs = warmWatch.stop().ms

// A 1,000-paper import (63 digests of 16) into the library, until the search index has it all.
const files = Array.from({ length: 63 }, (_, i) => {
  const day = new Date(Date.UTC(2031, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
  return { name: `${day}.md`, text: generateDigest(day, 16, i + 1, { startIndex: 900_000 + i * 16 }) }
})
const importWatch = new StallWatch().start()
const importGc = new GcWatch().start()
started = performance.now()
const report = await lectern.digests.importTexts(files)
await lectern.search.flush()
const importMs = performance.now() - started
const importStall = importWatch.stop()
const importGcMs = importGc.stop()

// The citation-key run of a first start after the upgrade that brought keys: every paper keyed
// (the generated library has none), in the background, while requests must still be answered.
const keysWatch = new StallWatch().start()
started = performance.now()
const keysGiven = await lectern.citeKeys.assignMissing()
const citeKeysMs = performance.now() - started
const citeKeysStall = keysWatch.stop()

// The old way of "More like these": the whole model built on the first request, blocking. Last, as
// the app never does it: collecting its 400 MB of garbage paused the import measured after it.
started = performance.now()
new Recommender().build([...lectern.store.allPapers()].filter(isLive).map(recommendDocFromPaper))
const recommendBlockingBuildMs = performance.now() - started
await lectern.close()

const result: ResponsivenessMeasurements = {
  papers: ids.length,
  openMs,
  openStallMs,
  openStallCpuMs: openWatch.longestCpu?.ms ?? null,
  backgroundMs,
  backgroundStallMs,
  backgroundStallCpuMs: backgroundWatch.longestCpu?.ms ?? null,
  filterP95: percentile(ours, 95),
  filterCpuP95: percentile(oursCpu, 95),
  filterOldP95: percentile(old, 95),
  filterQueries: ours.length,
  filterWordsP95: percentile(withFilters, 95),
  wordsP95: percentile(wordsOnly, 95),
  recommendFirstMs,
  recommendFirstWarming: first.warming !== null,
  recommendWarmMs,
  recommendWarmStallMs,
  recommendBlockingBuildMs,
  importPapers: report.added,
  importMs,
  importStallMs: importStall.ms,
  importStallAt: importStall.at,
  importStallCpuMs: importWatch.longestCpu?.ms ?? null,
  importGcMs,
  citeKeysGiven: keysGiven,
  citeKeysMs,
  citeKeysStallMs: citeKeysStall.ms,
  citeKeysStallCpuMs: keysWatch.longestCpu?.ms ?? null,
}
process.stdout.write(JSON.stringify(result))

function timed(work: () => unknown): number {
  const start = performance.now()
  work()
  return performance.now() - start
}

/** How filters were answered before the id sets: every head looked at, a row made for every match. */
function oldFilterOnly(q: ParsedQuery, limit: number) {
  const lists = lectern.lists.all()
  const listSets = q.lists.map((name) => {
    const list = lists.find((l) => l.name.toLocaleLowerCase() === name.toLocaleLowerCase())
    return new Set(list ? lectern.lists.get(list.id).paperIds : [])
  })
  const filter = (id: string) => {
    const paper = lectern.store.head(id)
    if (!isLive(paper)) return false
    if (!listSets.every((set) => set.has(id))) return false
    if (!q.tags.every((t) => paper.tags.includes(t.toLowerCase()))) return false
    if (!q.days.every((d) => paper.appearances.some((a) => a.date.startsWith(d)))) return false
    const note = lectern.store.note(id)
    if (q.has.includes('note') && !(isLive(note) && note.text.trim() !== '')) return false
    if (q.has.includes('pdf') && !lectern.store.attachments(id).some(isLive)) return false
    return q.is.every((state) => (state === 'starred' ? paper.starred : paper.status === state))
  }
  const matched: string[] = []
  for (const paper of lectern.store.allHeads()) if (isLive(paper) && filter(paper.id)) matched.push(paper.id)
  const rows = lectern.papers.summaries(matched).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
  return rows.slice(0, limit)
}
