import { describe, expect, it } from 'vitest'
import { parseArxivRef } from '../../../src/shared/arxivId'
import { parseDigest } from '../../../src/main/core/digests/parseDigest'
import { seededRandom } from './fixtures'

const MB = 1_000_000
const HEADER = '## Daily Papers (2024-02-13)\n\n'

/** Parses and returns the result with the time it took; a quadratic path on these inputs takes minutes. */
function timed(text: string): { ms: number; digest: ReturnType<typeof parseDigest> } {
  const start = performance.now()
  const digest = parseDigest(text, 'hostile.md')
  return { ms: performance.now() - start, digest }
}

describe('hostile input', () => {
  it.each([
    ['plain text', 'x'.repeat(10 * MB)],
    ['a heading of nested brackets', '### ' + '['.repeat(10 * MB)],
    ['a heading of backticks', '### [' + '` '.repeat(5 * MB)],
    ['an image line of brackets', '![' + '['.repeat(10 * MB)],
    ['a link line of brackets', '['.repeat(10 * MB)],
    ['a bullet', '- ' + 'ab '.repeat(3 * MB)],
    ['an authors line', 'Authors: ' + 'a, +, &amp;&#39;\\[`'.repeat(500_000)],
    ['a vote line', 'Vote: ' + '9'.repeat(10 * MB)],
    ['an HTML line', '<div><video ' + 'src=src= '.repeat(MB)],
    ['entities', '&'.repeat(10 * MB)],
  ])('a 10 MB single line: %s', (_name, line) => {
    const { ms, digest } = timed(HEADER + '### [P](https://arxiv.org/abs/2402.00001)\n\n' + line)
    expect(ms).toBeLessThan(2000)
    expect(digest.papers.length).toBeLessThanOrEqual(1)
    expect(digest.diagnostics.length).toBeLessThanOrEqual(201)
  })

  it('many short hostile lines stay linear: 200k headings with unclosed code spans and brackets', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `### [\`${'`'.repeat(i % 7)}[[ ${i}`).join('\n')
    const { ms, digest } = timed(HEADER + lines)
    expect(ms).toBeLessThan(3000)
    expect(digest.papers).toEqual([])
    // Capped: 200 diagnostics and one line saying how many more there were.
    expect(digest.diagnostics).toHaveLength(201)
    expect(digest.diagnostics[200]!.message).toBe('199800 more diagnostics omitted')
  })

  it('many unclosed `[Watch Video` lines with one `]` at the very end stay linear', () => {
    const lines = '[Watch Video\n'.repeat(200_000)
    const { ms, digest } = timed(`${HEADER}### [P](https://arxiv.org/abs/2402.00001)\n${lines}]x\n`)
    expect(ms).toBeLessThan(3000)
    expect(digest.diagnostics.length).toBeLessThanOrEqual(201)
  })

  it('deeply nested but balanced brackets within a heading are read', () => {
    const title = '['.repeat(1000) + 'core' + ']'.repeat(1000)
    const { digest } = timed(`${HEADER}### [${title}](https://arxiv.org/abs/2402.00001)\nAuthors: A\n- s\n`)
    expect(digest.papers.map((p) => p.title)).toEqual([title])
    expect(digest.diagnostics).toEqual([])
  })

  it('an over-long heading is refused with an error instead of being scanned', () => {
    const { digest } = timed(`${HEADER}### [${'a'.repeat(5000)}](https://arxiv.org/abs/2402.00001)\n`)
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
    const start = performance.now()
    expect(parseArxivRef(`https://arxiv.org/abs/${'/'.repeat(200_000)}x`)).toBeNull()
    expect(performance.now() - start).toBeLessThan(500)
    expect(parseArxivRef('https://huggingface.co/papers/2402.07456v2///')).toEqual({
      id: '2402.07456',
      version: 2,
    })
  })
})
