import { searchDocFromPaper } from '../../src/main/core/search/searchDoc'
import { SearchIndex, type SearchDoc } from '../../src/main/core/search/searchIndex'
import { generateLibrary } from '../fixtures/library/generateLibrary'
import type { BenchFigure } from './figure'

const SEED = 42
const QUERIES = 200
const LIMIT = 50

/**
 * Library search at 1k / 10k / 50k generated papers (quick: 1k and 10k): index build, persisted-index
 * load and size, search p50/p95 over 200 typed queries. The baseline, from the same run, is a naive
 * linear scan: `includes` of every query word over each paper's concatenated lowercase text.
 */
export async function benchSearch(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = []
  for (const count of opts.quick ? [1000, 10_000] : [1000, 10_000, 50_000]) {
    figures.push(...measure(count))
  }
  return figures
}

function measure(count: number): BenchFigure[] {
  const docs = generateLibrary(count, SEED).map((paper, i) =>
    // One paper in ten has a note, as a reader annotates some of what they read.
    searchDocFromPaper(paper, i % 10 === 0 ? `Compare ${paper.title.split(' ')[0]} with our baseline.` : ''),
  )
  const queries = benchQueries(docs, QUERIES)
  const corpus = `${count.toLocaleString('en')} generated papers (seed ${SEED}), ${QUERIES} queries`

  const [index, buildMs] = timed(() => {
    const built = new SearchIndex()
    built.addAll(docs)
    return built
  })
  const [scan, scanBuildMs] = timed(() => new NaiveScan(docs))
  const persisted = Buffer.concat(index.toBinary())
  const [loaded, loadMs] = timed(() => SearchIndex.loadBinary(persisted))
  if (loaded.size !== docs.length) throw new Error(`loaded index has ${loaded.size} of ${docs.length} papers`)

  // A fast search that found nothing would look good: every query must answer something.
  for (const q of queries) {
    if (loaded.search(q, { limit: LIMIT }).length === 0) throw new Error(`no hit for bench query "${q}"`)
  }
  const ours = perQueryMs(queries, (q) => loaded.search(q, { limit: LIMIT }), 5)
  const naive = perQueryMs(queries, (q) => scan.search(q), count > 10_000 ? 1 : 3)

  const ms = (value: number): number => Math.round(value * 100) / 100
  const scanName = 'naive scan'
  return [
    {
      name: `search index build (${label(count)})`,
      value: Math.round(buildMs),
      unit: 'ms',
      corpus,
      baseline: {
        name: `${scanName}: lowercase concatenated text`,
        value: Math.round(scanBuildMs),
        unit: 'ms',
      },
    },
    {
      name: `search index load from its saved bytes (${label(count)})`,
      value: Math.round(loadMs),
      unit: 'ms',
      corpus,
      baseline: {
        name: `${scanName}: lowercase concatenated text`,
        value: Math.round(scanBuildMs),
        unit: 'ms',
      },
      target: count === 50_000 ? '< 1000 ms' : undefined,
    },
    {
      name: `search index persisted size (${label(count)})`,
      value: Math.round(persisted.length / 1e5) / 10,
      unit: 'MB',
      corpus,
      baseline: {
        name: 'the documents as JSON',
        value: Math.round(JSON.stringify(docs).length / 1e5) / 10,
        unit: 'MB',
      },
    },
    {
      name: `search p50 (${label(count)})`,
      value: ms(percentile(ours, 0.5)),
      unit: 'ms',
      corpus,
      baseline: { name: scanName, value: ms(percentile(naive, 0.5)), unit: 'ms' },
    },
    {
      name: `search p95 (${label(count)})`,
      value: ms(percentile(ours, 0.95)),
      unit: 'ms',
      corpus,
      baseline: { name: scanName, value: ms(percentile(naive, 0.95)), unit: 'ms' },
      target: count === 50_000 ? '< 16 ms' : undefined,
    },
  ]
}

/** What a reader types: title words (1–3), a last word cut short while typing, author names, Korean. */
export function benchQueries(docs: readonly SearchDoc[], count: number): string[] {
  let state = 7
  // Its own small PRNG (mulberry32) so the queries do not depend on the library generator's internals.
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const words = (text: string): string[] =>
    text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3 && !/^(the|and|for|with|from|via)$/i.test(w))
  const run = (list: string[], n: number): string[] => {
    const start = Math.floor(next() * Math.max(1, list.length - n + 1))
    return list.slice(start, start + n)
  }
  const queries: string[] = []
  while (queries.length < count) {
    const doc = pick(docs)
    const title = words(doc.title).map((w) => w.toLowerCase())
    const kind = next()
    let q: string[]
    if (kind < 0.2) q = run(title, 1)
    else if (kind < 0.4) q = run(title, 2)
    else if (kind < 0.5) q = run(title, 3)
    else if (kind < 0.8) {
      // Typing: the last word is cut after 2–5 letters.
      q = run(title, 1 + Math.floor(next() * 2))
      const last = q.pop() ?? ''
      q.push(last.slice(0, 2 + Math.floor(next() * 4)))
    } else if (kind < 0.95) {
      const names = pick(doc.authors.split(', ')).split(' ')
      const [first = '', lastName = ''] = [names[0], names.at(-1)]
      const form = next()
      q = form < 0.4 ? [lastName] : form < 0.8 ? [first, lastName] : [lastName.slice(0, 4)]
    } else {
      q = [pick(words(doc.summary).filter((w) => /[\uac00-\ud7a3]/.test(w)))]
    }
    if (q.length > 0 && q.every((w) => w !== undefined && w !== '')) queries.push(q.join(' '))
  }
  return queries
}

/** The baseline: what a search without an index does. */
class NaiveScan {
  private readonly ids: string[]
  private readonly texts: string[]

  constructor(docs: readonly SearchDoc[]) {
    this.ids = docs.map((d) => d.id)
    this.texts = docs.map((d) =>
      [d.title, d.authors, d.abstract, d.summary, d.note, d.tags].join('\n').toLowerCase(),
    )
  }

  search(query: string): string[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    const hits: string[] = []
    this.texts.forEach((text, i) => {
      if (words.every((w) => text.includes(w))) hits.push(this.ids[i] as string)
    })
    return hits
  }
}

/** Per query, the median of `runs` timings, after one warm-up pass over all queries. */
function perQueryMs(queries: readonly string[], run: (q: string) => unknown, runs: number): number[] {
  for (const q of queries) run(q)
  return queries.map((q) => {
    const times: number[] = []
    for (let i = 0; i < runs; i++) times.push(timed(() => run(q))[1])
    return percentile(times, 0.5)
  })
}

function timed<T>(task: () => T): [T, number] {
  const start = performance.now()
  const value = task()
  return [value, performance.now() - start]
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}

function label(count: number): string {
  return count >= 1000 ? `${count / 1000}k papers` : `${count} papers`
}
