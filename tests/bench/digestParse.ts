import { readFileSync } from 'node:fs'
import MarkdownIt from 'markdown-it'
import { parseDigest } from '../../src/main/core/digests/parseDigest'
import { arxivIdFor } from '../fixtures/digests/generateDigest'
import type { BenchFigure } from './figure'

const REAL = '2024-02-13.md'
const PAPERS_PER_COPY = 16

/**
 * Digest parse throughput on the real digest repeated to ~10 MB (quick: ~2 MB), against markdown-it
 * tokenising the same text in the same run. Both are warmed up; each figure is a median of runs.
 */
export async function benchDigestParse(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const { text, copies } = buildCorpus(opts.quick ? 2e6 : 10e6)
  const megabytes = Buffer.byteLength(text, 'utf8') / 1e6
  const check = parseDigest(text, 'bench.md')
  // A parse that silently skipped papers would look fast: make sure all of them were read.
  if (check.papers.length !== copies * PAPERS_PER_COPY || check.diagnostics.length > 0) {
    throw new Error(
      `bench corpus misparsed: ${check.papers.length} papers, ${check.diagnostics.length} diagnostics`,
    )
  }
  const md = new MarkdownIt()
  const [ours, theirs] = medianSeconds(
    () => parseDigest(text, 'bench.md'),
    () => md.parse(text, {}),
    opts.quick ? 5 : 9,
  )
  return [
    {
      name: 'digest parse throughput',
      value: round(megabytes / ours),
      unit: 'MB/s',
      corpus: `${megabytes.toFixed(1)} MB (${copies} copies of ${REAL}, ids renumbered)`,
      baseline: { name: 'markdown-it md.parse()', value: round(megabytes / theirs), unit: 'MB/s' },
      target: '>= 4x markdown-it',
    },
  ]
}

/**
 * The real digest's papers repeated under one date header. Each copy gets fresh arXiv ids of the same
 * length, so the parser does the full work for every paper instead of skipping duplicates.
 */
function buildCorpus(targetBytes: number): { text: string; copies: number } {
  const real = readFileSync(new URL(`../fixtures/digests/${REAL}`, import.meta.url), 'utf8')
  const headerEnd = real.indexOf('### ')
  const header = real.slice(0, headerEnd)
  const body = real.slice(headerEnd)
  const copies = Math.max(1, Math.round(targetBytes / Buffer.byteLength(body, 'utf8')))
  let next = 0
  const parts = [header]
  for (let copy = 0; copy < copies; copy++) {
    parts.push(body.replace(/arxiv\.org\/abs\/\d{4}\.\d{5}\)/g, () => `arxiv.org/abs/${arxivIdFor(next++)})`))
  }
  return { text: parts.join(''), copies }
}

/**
 * Median time of each task. Runs are interleaved (a, b, a, b, …) so that both see the same machine
 * load: on a busy CI runner, timing one block after the other skews the ratio.
 */
function medianSeconds(a: () => unknown, b: () => unknown, runs: number): [number, number] {
  const timesA: number[] = []
  const timesB: number[] = []
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now()
    a()
    const middle = performance.now()
    b()
    const end = performance.now()
    // The first two rounds warm up both (JIT, inline caches) and are not counted.
    if (i >= 2) {
      timesA.push((middle - start) / 1000)
      timesB.push((end - middle) / 1000)
    }
  }
  return [median(timesA), median(timesB)]
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
