import { describe, expect, it } from 'vitest'
import { parseArxivRef } from '../../../src/shared/arxivId'
import { parseDigest } from '../../../src/main/core/digests/parseDigest'
import { growthFrom1xTo8x, LINEAR_BOUND } from '../support/growth'
import { seededRandom } from './fixtures'

const MB = 1_000_000
/** The hostile lines are half a megabyte and four (`scale` = 1 or 8). */
const UNIT = MB / 2
const HEADER = '## Daily Papers (2024-02-13)\n\n'

/**
 * Parses a hostile input and one eight times as large, and returns how much more the large one cost
 * (see growthFrom1xTo8x) with its result: a quadratic path shows as ~64, linear work as ~8.
 */
function parseGrowth(text: (scale: number) => string) {
  return growthFrom1xTo8x(text, (input) => parseDigest(input, 'hostile.md'))
}

describe('hostile input', () => {
  it.each<[string, (scale: number) => string]>([
    ['plain text', (s) => 'x'.repeat(s * UNIT)],
    ['a heading of nested brackets', (s) => '### ' + '['.repeat(s * UNIT)],
    ['a heading of backticks', (s) => '### [' + '` '.repeat((s * UNIT) / 2)],
    ['an image line of brackets', (s) => '![' + '['.repeat(s * UNIT)],
    ['a link line of brackets', (s) => '['.repeat(s * UNIT)],
    ['a bullet', (s) => '- ' + 'ab '.repeat((s * UNIT) / 3)],
    ['an authors line', (s) => 'Authors: ' + 'a, +, &amp;&#39;\\[`'.repeat((s * UNIT) / 20)],
    ['a vote line', (s) => 'Vote: ' + '9'.repeat(s * UNIT)],
    ['an HTML line', (s) => '<div><video ' + 'src=src= '.repeat((s * UNIT) / 10)],
    ['entities', (s) => '&'.repeat(s * UNIT)],
  ])('a single line of 0.5 MB and 4 MB takes linear time: %s', (_name, line) => {
    const { ratio, result: digest } = parseGrowth(
      (s) => HEADER + '### [P](https://arxiv.org/abs/2402.00001)\n\n' + line(s),
    )
    expect(ratio).toBeLessThan(LINEAR_BOUND)
    expect(digest.papers.length).toBeLessThanOrEqual(1)
    expect(digest.diagnostics.length).toBeLessThanOrEqual(201)
  })

  it('many short hostile lines stay linear: 25k and 200k headings with unclosed code spans and brackets', () => {
    const { ratio, result: digest } = parseGrowth(
      (s) =>
        HEADER +
        Array.from({ length: s * 25_000 }, (_, i) => `### [\`${'`'.repeat(i % 7)}[[ ${i}`).join('\n'),
    )
    expect(ratio).toBeLessThan(LINEAR_BOUND)
    expect(digest.papers).toEqual([])
    // Capped: 200 diagnostics and one line saying how many more there were.
    expect(digest.diagnostics).toHaveLength(201)
    expect(digest.diagnostics[200]!.message).toBe('199800 more diagnostics omitted')
  })

  it('many unclosed `[Watch Video` lines with one `]` at the very end stay linear', () => {
    const { ratio, result: digest } = parseGrowth(
      (s) => `${HEADER}### [P](https://arxiv.org/abs/2402.00001)\n${'[Watch Video\n'.repeat(s * 25_000)}]x\n`,
    )
    expect(ratio).toBeLessThan(LINEAR_BOUND)
    expect(digest.diagnostics.length).toBeLessThanOrEqual(201)
  })

  it('deeply nested but balanced brackets within a heading are read', () => {
    const title = '['.repeat(1000) + 'core' + ']'.repeat(1000)
    const digest = parseDigest(
      `${HEADER}### [${title}](https://arxiv.org/abs/2402.00001)\nAuthors: A\n- s\n`,
      'n.md',
    )
    expect(digest.papers.map((p) => p.title)).toEqual([title])
    expect(digest.diagnostics).toEqual([])
  })

  it('an over-long heading is refused with an error instead of being scanned', () => {
    const digest = parseDigest(
      `${HEADER}### [${'a'.repeat(5000)}](https://arxiv.org/abs/2402.00001)\n`,
      'h.md',
    )
    expect(digest.papers).toEqual([])
    expect(digest.diagnostics[0]!.message).toBe('paper heading is too long (5040 characters); paper skipped')
  })

  it('random printable text never throws and yields bounded diagnostics', () => {
    const random = seededRandom(2024)
    const alphabet = '#[]()!`\\&;:-*+<>"\' \n\r\tVoteAuthors:0123456789abc한🚀/.'
    for (let round = 0; round < 30; round++) {
      let text = ''
      const length = Math.floor(random() * 50_000)
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]
      const digest = parseDigest(text, 'r.md')
      expect(digest.diagnostics.length).toBeLessThanOrEqual(201)
      for (const paper of digest.papers) expect(paper.title).not.toBe('')
    }
  })

  it('random lines built from real line shapes never throw and keep every paper valid', () => {
    const random = seededRandom(99)
    const shapes = [
      '### [T](https://arxiv.org/abs/2402.0000{n})',
      '### [T](https://huggingface.co/papers/2402.0000{n}v2)',
      '### [T](https://example.org/{n})',
      '### [T]',
      '![](https://x.org/{n}.png)',
      '[Watch Video](https://x.org/{n}.mp4)',
      '<div><video src="https://x.org/{n}.mp4">',
      '</div>',
      'Vote: {n}',
      'Vote: x{n}',
      'Authors: A{n}, +, B',
      '- bullet {n}',
      '',
      'stray {n}',
    ]
    for (let round = 0; round < 50; round++) {
      const lines = Array.from({ length: 300 }, () =>
        shapes[Math.floor(random() * shapes.length)]!.replace('{n}', String(Math.floor(random() * 10))),
      )
      const digest = parseDigest(lines.join(random() < 0.5 ? '\n' : '\r\n'), 'l.md')
      const ids = digest.papers.map((p) => p.id)
      expect(new Set(ids).size).toBe(ids.length)
      for (const paper of digest.papers) {
        expect(paper.authors).not.toContain('+')
        expect(paper.votes === null || Number.isInteger(paper.votes)).toBe(true)
      }
    }
  })
})

describe('arXiv links that used to break parseArxivRef (fixed in src/shared/arxivId.ts)', () => {
  it('a malformed percent escape is "not arXiv", not a thrown URIError', () => {
    expect(parseArxivRef('https://arxiv.org/abs/%E0%A4%A')).toBeNull()
    const digest = parseDigest(`${HEADER}### [T](https://arxiv.org/abs/%E0%A4%A)\nAuthors: A\n- s\n`, 'p.md')
    expect(digest.papers[0]!.id).toMatch(/^url:[0-9a-f]{16}$/)
  })

  it('a path of many slashes is linear (the old /\\/+$/ backtracked quadratically)', () => {
    const { ratio, result } = growthFrom1xTo8x(
      (s) => `https://arxiv.org/abs/${'/'.repeat(s * 400_000)}x`,
      (url) => parseArxivRef(url),
    )
    expect(result).toBeNull()
    expect(ratio).toBeLessThan(LINEAR_BOUND)
    expect(parseArxivRef('https://huggingface.co/papers/2402.07456v2///')).toEqual({
      id: '2402.07456',
      version: 2,
    })
  })
})
