import { Recommender, recommendDocFromPaper, type RecommendDoc } from '../../src/main/core/recommend'
import { forEachIndexTerm } from '../../src/main/core/search/textAnalysis'
import { generateLibrary } from '../fixtures/library/generateLibrary'
import type { BenchFigure } from './figure'
import { percentile } from './stats'

const SEED = 42
const RUNS = 50
const LIMIT = 50

/**
 * "More like these" at 50k generated papers (quick: 10k): build time, and `moreLike` p50/p95 for
 * 3-paper seeds over 50 runs. The baseline, from the same run, is the textbook way: every paper's
 * TF-IDF vector as a dictionary, the centroid compared with all of them. Both must agree on the top
 * results, or the figure would compare different work.
 */
export async function benchRecommend(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const count = opts.quick ? 10_000 : 50_000
  const docs = generateLibrary(count, SEED).map(recommendDocFromPaper)
  const corpus = `${count.toLocaleString('en')} generated papers (seed ${SEED}), ${RUNS} seeds of 3 papers`
  const label = `${count / 1000}k papers`

  const buffersBefore = process.memoryUsage().arrayBuffers
  const [recommender, buildMs] = timed(() => {
    const built = new Recommender()
    built.build(docs)
    return built
  })
  const typedArrayMb = (process.memoryUsage().arrayBuffers - buffersBefore) / 1e6

  // Ours is timed before the baseline's 50k dictionaries exist: their garbage collection would
  // otherwise land in our timings.
  const seeds = seedTriples(docs, RUNS)
  for (const s of seeds.slice(0, 5)) recommender.moreLike(s, { limit: LIMIT })
  const ours = seeds.map((s) => timed(() => recommender.moreLike(s, { limit: LIMIT })))
  const [baseline, baselineBuildMs] = timed(() => new DictCosine(docs))
  const naive = seeds.map((s) => timed(() => baseline.moreLike(s, LIMIT)))
  ours.forEach(([got], i) => {
    const want = naive[i]?.[0] ?? []
    const same = got
      .slice(0, 10)
      .every((r, k) => r.id === want[k]?.id && Math.abs(r.score - (want[k]?.score ?? 0)) < 1e-6)
    if (!same) throw new Error(`recommender and baseline disagree for seeds ${seeds[i]?.join(', ')}`)
  })
  const oursMs = ours.map(([, ms]) => ms)
  const naiveMs = naive.map(([, ms]) => ms)

  // After a change, the next query first recomputes idf and norms: what a query right after an import costs.
  const afterUpsertMs = seeds.slice(0, 10).map((s, i) => {
    recommender.upsert(docs[i] as RecommendDoc)
    return timed(() => recommender.moreLike(s, { limit: LIMIT }))[1]
  })

  const ms = (value: number): number => Math.round(value * 100) / 100
  const baselineName = 'dictionary vectors, cosine with every paper'
  return [
    {
      name: `recommender build (${label})`,
      value: Math.round(buildMs),
      unit: 'ms',
      corpus,
      baseline: { name: baselineName, value: Math.round(baselineBuildMs), unit: 'ms' },
    },
    {
      name: `recommender typed arrays (${label})`,
      value: Math.round(typedArrayMb),
      unit: 'MB',
      corpus,
    },
    {
      name: `moreLike p50 (${label}, top ${LIMIT})`,
      value: ms(percentile(oursMs, 50)),
      unit: 'ms',
      corpus,
      baseline: { name: baselineName, value: ms(percentile(naiveMs, 50)), unit: 'ms' },
    },
    {
      name: `moreLike p95 (${label}, top ${LIMIT})`,
      value: ms(percentile(oursMs, 95)),
      unit: 'ms',
      corpus,
      baseline: { name: baselineName, value: ms(percentile(naiveMs, 95)), unit: 'ms' },
      target: '< 100 ms',
    },
    {
      name: `moreLike right after an upsert, p50 (${label})`,
      value: ms(percentile(afterUpsertMs, 50)),
      unit: 'ms',
      corpus: `${corpus}; 10 upserts, each followed by one query`,
    },
  ]
}

/** `runs` triples of distinct paper ids, from a fixed PRNG (mulberry32) so every run uses the same seeds. */
function seedTriples(docs: readonly RecommendDoc[], runs: number): string[][] {
  let state = 1234
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return Array.from({ length: runs }, () => {
    const ids = new Set<string>()
    while (ids.size < 3) ids.add((docs[Math.floor(next() * docs.length)] as RecommendDoc).id)
    return [...ids]
  })
}

/** The baseline: the same weights (1 + ln tf, BM25 idf) in a dictionary per paper, compared with every paper. */
class DictCosine {
  private readonly vectors: Map<string, number>[]
  private readonly norms: number[]
  private readonly index = new Map<string, number>()

  constructor(private readonly docs: readonly RecommendDoc[]) {
    const tfs = docs.map((d) => {
      const counts = new Map<string, number>()
      forEachIndexTerm(d.text, (term) => {
        if (!/^\d+$/.test(term)) counts.set(term, (counts.get(term) ?? 0) + 1)
      })
      return counts
    })
    const df = new Map<string, number>()
    for (const counts of tfs) for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1)
    const n = docs.length
    this.vectors = tfs.map((counts) => {
      const v = new Map<string, number>()
      for (const [term, tf] of counts) {
        const d = df.get(term) as number
        v.set(term, (1 + Math.log(Math.min(tf, 255))) * Math.log(1 + (n - d + 0.5) / (d + 0.5)))
      }
      return v
    })
    this.norms = this.vectors.map((v) => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0)))
    docs.forEach((d, i) => this.index.set(d.id, i))
  }

  moreLike(seeds: readonly string[], limit: number): { id: string; score: number }[] {
    const centroid = new Map<string, number>()
    for (const id of seeds) {
      const i = this.index.get(id) as number
      const norm = this.norms[i] as number
      for (const [term, w] of this.vectors[i] as Map<string, number>)
        centroid.set(term, (centroid.get(term) ?? 0) + w / norm)
    }
    const centroidNorm = Math.sqrt([...centroid.values()].reduce((s, w) => s + w * w, 0))
    const scored: { id: string; score: number }[] = []
    this.vectors.forEach((v, i) => {
      const id = (this.docs[i] as RecommendDoc).id
      if (seeds.includes(id)) return
      let dot = 0
      for (const [term, w] of v) dot += w * (centroid.get(term) ?? 0)
      if (dot > 0) scored.push({ id, score: dot / ((this.norms[i] as number) * centroidNorm) })
    })
    return scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, limit)
  }
}

function timed<T>(task: () => T): [T, number] {
  const start = performance.now()
  const value = task()
  return [value, performance.now() - start]
}
