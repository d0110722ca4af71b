import { describe, expect, it } from 'vitest'
import { Recommender, recommendDocFromPaper, type RecommendDoc } from '../../../src/main/core/recommend'
import { forEachIndexTerm } from '../../../src/main/core/search/textAnalysis'
import type { Paper } from '../../../src/shared/domain'
import { generateLibrary } from '../../fixtures/library/generateLibrary'
import { seedPapers } from '../export/seedLibrary'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/**
 * Which generated papers are computer vision. generateLibrary draws every Korean summary word of a
 * paper from its own topic's list, and these words are in the vision list only (`시각` is shared with
 * multimodal learning and left out): a vision paper's first bullet names two of them (unless both
 * draws were `시각`, about 1 in 120), a paper of another topic never does.
 */
const VISION_ONLY_KO = [
  '이미지',
  '객체',
  '탐지',
  '분할',
  '깊이',
  '추정',
  '트랜스포머',
  '장면',
  '픽셀',
  '카메라',
]
function isVision(paper: Paper): boolean {
  const first = paper.appearances[0]?.summary[0] ?? ''
  return VISION_ONLY_KO.some((word) => first.includes(word))
}

describe('Recommender: more like these', () => {
  it('ranks vision papers first for three vision seeds, in the seed library plus 2,000 generated papers', async () => {
    const { lectern, papers: seed } = await seedPapers(await tempDir(), { metadata: true })
    await lectern.close()
    const generated = generateLibrary(2000, 11)
    const vision = new Set(generated.filter(isVision).map((p) => p.id))
    // The oracle must find the topic's share (one topic in eight), or it proves nothing.
    expect(vision.size).toBeGreaterThan(200)
    expect(vision.size).toBeLessThan(320)

    const recommender = new Recommender()
    recommender.build([...seed, ...generated].map(recommendDocFromPaper))
    expect(recommender.size).toBe(2016)
    const visionIds = [...vision]
    for (let t = 0; t < 5; t++) {
      const seeds = visionIds.slice(3 * t, 3 * t + 3)
      const ranked = recommender.moreLike(seeds, { limit: Infinity })
      const top10 = ranked.slice(0, 10)
      expect(
        top10.filter((r) => vision.has(r.id)).length,
        `seeds ${seeds.join(', ')}`,
      ).toBeGreaterThanOrEqual(8)
      expect(ranked.some((r) => seeds.includes(r.id))).toBe(false)

      const meanRank = (keep: (id: string) => boolean) => {
        const ranks = ranked.flatMap((r, i) => (keep(r.id) ? [i] : []))
        return ranks.reduce((a, b) => a + b, 0) / ranks.length
      }
      const visionRank = meanRank((id) => vision.has(id))
      const otherRank = meanRank((id) => !vision.has(id))
      expect(visionRank).toBeLessThan(otherRank / 2)
    }
  })

  it('scores exactly the cosine to the centroid that a plain TF-IDF computes', () => {
    const docs = generateLibrary(300, 5).map(recommendDocFromPaper)
    const recommender = new Recommender()
    recommender.build(docs)
    const seeds = [docs[0]!.id, docs[1]!.id, docs[2]!.id]
    const expected = bruteForce(docs, seeds)
    const got = recommender.moreLike(seeds, { limit: Infinity })
    expect(got.map((r) => r.id)).toEqual(expected.map((r) => r.id))
    got.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 9))
    expect(recommender.moreLike(seeds, { limit: 7 })).toEqual(got.slice(0, 7))
  })

  it('after upserts and removals answers as a fresh build of the same documents would', () => {
    const docs = generateLibrary(400, 9).map(recommendDocFromPaper)
    const incremental = new Recommender()
    incremental.build(docs.slice(0, 300))
    incremental.moreLike([docs[0]!.id])
    // New papers only: every idf and norm moves with them.
    for (const d of docs.slice(300)) incremental.upsert(d)
    expectSameAnswers(incremental, docs, [[docs[0]!.id, docs[3]!.id], [docs[350]!.id]])

    // Edit some, remove more than half (which compacts), re-add a removed one.
    const edited = docs.map((d, i) =>
      i % 7 === 0 ? { ...d, text: `${d.text} segmentation depth camera` } : d,
    )
    for (const d of edited.filter((_, i) => i % 7 === 0)) incremental.upsert(d)
    const removed = edited.filter((_, i) => i % 3 !== 0 && i < 300).map((d) => d.id)
    for (const id of removed) incremental.remove(id)
    incremental.upsert(edited[1]!)
    incremental.remove('not-indexed')
    const live = edited.filter((d) => !removed.includes(d.id) || d.id === edited[1]!.id)
    expectSameAnswers(incremental, live, [
      [edited[0]!.id, edited[3]!.id],
      [edited[1]!.id],
      [edited[350]!.id, edited[21]!.id, edited[399]!.id],
    ])
    expect(incremental.has(removed[1]!)).toBe(false)
    expect(incremental.has(edited[1]!.id)).toBe(true)
  })

  it('honours limit and exclude, and refuses a seed it does not know', () => {
    const docs = generateLibrary(200, 3).map(recommendDocFromPaper)
    const recommender = new Recommender()
    recommender.build(docs)
    const seeds = [docs[0]!.id]
    const all = recommender.moreLike(seeds, { limit: Infinity })
    expect(recommender.moreLike(seeds)).toHaveLength(20)
    const exclude = new Set(all.slice(0, 5).map((r) => r.id))
    expect(recommender.moreLike(seeds, { limit: 5, exclude })).toEqual(all.slice(5, 10))
    expect(recommender.moreLike([], {})).toEqual([])
    expect(() => recommender.moreLike([docs[0]!.id, 'nope'])).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    )
    // A seed with no words in common with anything: nothing is like it.
    recommender.upsert({ id: 'empty', text: '' })
    expect(recommender.moreLike(['empty'])).toEqual([])
  })
})

/** `recommender` answers as a fresh build of `docs` does, for each list of seeds. */
function expectSameAnswers(
  recommender: Recommender,
  docs: readonly RecommendDoc[],
  seedLists: string[][],
): void {
  const fresh = new Recommender()
  fresh.build(docs)
  expect(recommender.size).toBe(docs.length)
  for (const seeds of seedLists) {
    const a = recommender.moreLike(seeds, { limit: Infinity })
    const b = fresh.moreLike(seeds, { limit: Infinity })
    expect(a.map((r) => r.id)).toEqual(b.map((r) => r.id))
    a.forEach((r, i) => expect(r.score).toBeCloseTo(b[i]!.score, 12))
  }
}

/** The reference: the same weights (1 + ln tf, BM25 idf) as plain dictionaries, every pair compared. */
function bruteForce(
  docs: readonly RecommendDoc[],
  seeds: readonly string[],
): { id: string; score: number }[] {
  const tf = docs.map((d) => {
    const counts = new Map<string, number>()
    forEachIndexTerm(d.text, (term) => {
      if (!/^\d+$/.test(term)) counts.set(term, (counts.get(term) ?? 0) + 1)
    })
    return counts
  })
  const df = new Map<string, number>()
  for (const counts of tf) for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1)
  const n = docs.length
  const vectors = tf.map((counts) => {
    const v = new Map<string, number>()
    for (const [term, count] of counts) {
      const d = df.get(term)!
      v.set(term, (1 + Math.log(count)) * Math.log(1 + (n - d + 0.5) / (d + 0.5)))
    }
    return v
  })
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0))
  const centroid = new Map<string, number>()
  for (const id of seeds) {
    const v = vectors[docs.findIndex((d) => d.id === id)]!
    const len = norm(v)
    for (const [term, w] of v) centroid.set(term, (centroid.get(term) ?? 0) + w / len)
  }
  const centroidLen = norm(centroid)
  return docs
    .map((d, i) => {
      const v = vectors[i]!
      let dot = 0
      for (const [term, w] of v) dot += w * (centroid.get(term) ?? 0)
      return { id: d.id, score: dot / (norm(v) * centroidLen) }
    })
    .filter((r) => r.score > 0 && !seeds.includes(r.id))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
}
