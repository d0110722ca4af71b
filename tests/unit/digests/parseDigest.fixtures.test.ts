import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseDigest, parseDigestBytes, type ParsedDigest } from '../../../src/main/core/digests/parseDigest'
import { fixtureBytes, fixtureText } from './fixtures'

const parseFixture = (name: string): ParsedDigest => parseDigestBytes(fixtureBytes(name), name)
const messages = (digest: ParsedDigest): string[] =>
  digest.diagnostics.map((d) => `${d.line} ${d.severity} ${d.message}`)

describe('digest variants', () => {
  it('crlf-bom.md: the fixture really is CRLF with a BOM, and no CR leaks into the result', () => {
    const bytes = fixtureBytes('crlf-bom.md')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('\r\n')
    const digest = parseFixture('crlf-bom.md')
    expect(digest.date).toBe('2024-03-04')
    expect(digest.diagnostics).toEqual([])
    expect(digest.papers.map((p) => p.title)).toEqual(['CRLF and BOM [Windows] Edition', 'Second CRLF Paper'])
    expect(digest.papers[0]).toMatchObject({
      authors: ['Ana Silva', 'Bo Chen'],
      authorsElided: true,
      votes: 5,
    })
    expect(JSON.stringify(digest)).not.toContain('\\r')
    expect(parseDigest(fixtureText('crlf-bom.md'), 'crlf-bom.md')).toEqual(digest)
  })

  it('missing-vote.md: no Vote line gives null silently, a bad one a warning, 0 stays 0', () => {
    const digest = parseFixture('missing-vote.md')
    expect(digest.papers.map((p) => p.votes)).toEqual([null, null, 0])
    expect(messages(digest)).toEqual(['16 warning unparsable vote "many"; votes left empty'])
  })

  it('hf-links.md: Hugging Face and pdf links resolve to arXiv ids, keeping the link', () => {
    const digest = parseFixture('hf-links.md')
    expect(digest.papers.map((p) => [p.id, p.arxivId, p.version, p.url])).toEqual([
      ['2403.01234', '2403.01234', null, 'https://huggingface.co/papers/2403.01234'],
      ['2403.01235', '2403.01235', 3, 'https://arxiv.org/pdf/2403.01235v3.pdf'],
      ['2403.01236', '2403.01236', null, 'https://huggingface.co/papers/2403.01236/'],
    ])
    expect(digest.diagnostics).toEqual([])
  })

  it('ids.md: versions are split off, old-style ids are kept whole', () => {
    const digest = parseFixture('ids.md')
    expect(digest.papers.map((p) => [p.id, p.version])).toEqual([
      ['2402.07456', 2],
      ['hep-th/9901001', null],
      ['math.GT/0309136', 1],
      ['0704.0001', null],
    ])
    expect(digest.diagnostics).toEqual([])
  })

  it('tricky-titles.md: escapes, nested brackets, code spans, entities, emoji and whitespace', () => {
    const digest = parseFixture('tricky-titles.md')
    expect(digest.papers.map((p) => p.title)).toEqual([
      'Tree of Thoughts [ToT]: Deliberate Problem Solving with *Large* Language Models',
      '[MASK] Tokens [in [Nested] Brackets] Are Fine',
      // Code spans stay as the digest wrote them (the UI renders them as code).
      'Code Spans: `fn[0]` and ``a ` b`` Survive',
      'Q&A Models Don\'t Need "Quotes" — or Do They?',
      '🚀 Rocket-Fast Inference 🔥 with Emoji',
      'A Title With $\\mathcal{O}(n)$ Math and a \\ Backslash',
    ])
    expect(digest.papers[3]!.authors).toEqual(["Carla O'Neil", 'Dan Evans'])
    expect(digest.papers.map((p) => p.id)).toEqual([
      '2305.10601',
      '2403.02001',
      '2403.02002',
      '2403.02003',
      '2403.02004',
      '2403.02005',
    ])
    expect(digest.diagnostics).toEqual([])
  })

  it('empty.md: one warning, no date, no papers', () => {
    expect(fixtureBytes('empty.md')).toHaveLength(0)
    const digest = parseFixture('empty.md')
    expect(digest.papers).toEqual([])
    expect(digest.date).toBeNull()
    expect(messages(digest)).toEqual(['1 warning empty digest: the file has no text'])
    expect(parseDigest(' \n\r\n\t\n', 'blank.md').diagnostics).toHaveLength(1)
  })

  it('a header with no papers is diagnosed as such', () => {
    const digest = parseDigest('## Daily Papers (2024-03-09)\n\n', 'x.md')
    expect(digest.date).toBe('2024-03-09')
    expect(messages(digest)).toEqual(['1 warning digest lists no papers'])
  })

  it('truncated.md: complete papers kept, the cut one dropped with an error at its heading', () => {
    const bytes = fixtureBytes('truncated.md')
    expect(bytes[bytes.length - 1]).not.toBe(0x0a)
    const digest = parseFixture('truncated.md')
    expect(digest.papers.map((p) => p.title)).toEqual(['A Complete Paper', 'Another Complete Paper'])
    expect(messages(digest)).toEqual([
      '24 error file ends inside paper "The Paper That Was Cut" (its last line is unfinished); ' +
        'paper skipped: a complete copy of this day adds it',
    ])
  })

  it('a last paper without the fields its siblings have is cut, even when its last line is whole', () => {
    const whole = fixtureText('truncated.md') + 'h\n\n- The third paper is whole.\n'
    expect(parseDigest(whole, 'w.md').papers.map((p) => p.authors)).toEqual([
      ['Ana Silva', 'Bo Chen'],
      ['Carla Dias'],
      ['Dan Evans', 'Eve Fish'],
    ])
    const atVote = whole.slice(0, whole.indexOf('Authors: Dan'))
    const digest = parseDigest(atVote, 'v.md')
    expect(digest.papers).toHaveLength(2)
    expect(messages(digest)).toEqual([
      '24 error file ends inside paper "The Paper That Was Cut" (no Authors line and no summary, ' +
        'which the papers before it have); paper skipped: a complete copy of this day adds it',
    ])
    const noSummary = whole.slice(0, whole.indexOf('- The third'))
    expect(messages(parseDigest(noSummary, 'n.md'))[0]).toContain(
      '(no summary, which the papers before it have)',
    )
  })

  it('bytes that stop inside a character cut the last paper, whatever line it stopped in', () => {
    const whole = Buffer.from(fixtureText('truncated.md') + 'h\n\n- 세 번째 논문은 온전하다.\n', 'utf8')
    const cut = whole.subarray(0, whole.length - 4) // inside the last 다 (3 bytes) before the '.\n'
    const digest = parseDigestBytes(cut, 'c.md')
    expect(digest.papers.map((p) => p.title)).toEqual(['A Complete Paper', 'Another Complete Paper'])
    expect(messages(digest)).toEqual([
      '24 error file ends inside paper "The Paper That Was Cut" (the file stops inside a character); ' +
        'paper skipped: a complete copy of this day adds it',
    ])
    expect(parseDigestBytes(whole, 'w.md').papers).toHaveLength(3)
  })

  it('a lone paper with a summary and no Authors line is kept; the first day of the history is such', () => {
    const digest = parseDigest(
      '## Daily Papers (2023-11-20)\n\n### [A](https://arxiv.org/abs/2311.10122)\n\n- s\n',
      'a.md',
    )
    expect(digest.papers.map((p) => [p.title, p.authors])).toEqual([['A', []]])
    expect(digest.diagnostics).toEqual([])
  })

  it('a file cut inside a heading drops that paper with an error', () => {
    const text =
      fixtureText('truncated.md').split('### [The Paper')[0] + '### [The Paper That Was Cut](https://arx'
    const digest = parseDigest(text, 't.md')
    expect(digest.papers).toHaveLength(2)
    expect(digest.diagnostics).toHaveLength(1)
    expect(digest.diagnostics[0]).toMatchObject({ line: 24, severity: 'error' })
    expect(digest.diagnostics[0]!.message).toContain('no [title](link)')
  })

  it('a file without a final newline whose last paper is complete has no diagnostic', () => {
    const text = fixtureText('english.md').trimEnd()
    const digest = parseDigest(text, 'e.md')
    expect(digest.diagnostics).toEqual([])
    expect(digest.papers[1]!.summary.at(-1)).toBe(
      'LFMs generalise to unseen environments after one round of adaptation.',
    )
  })

  it('video.md: one-line and multi-line HTML blocks give a video, without stray-line warnings', () => {
    const digest = parseFixture('video.md')
    expect(digest.papers.map((p) => p.media)).toEqual([
      {
        kind: 'video',
        url: 'https://cdn-uploads.huggingface.co/production/uploads/60f1abe7544c2adfd699860c/T4qXnmi2futgpHsOowBHV.mp4',
      },
      {
        kind: 'video',
        url: 'https://cdn-uploads.huggingface.co/production/uploads/60f1abe7544c2adfd699860c/MultiLineVideoBlock01.mp4',
      },
      {
        kind: 'video',
        url: 'https://cdn-uploads.huggingface.co/production/uploads/60f1abe7544c2adfd699860c/OnlyTheDivBlock00002.mp4',
      },
    ])
    expect(digest.papers.map((p) => p.votes)).toEqual([4, 3, 2])
    expect(digest.diagnostics).toEqual([])
  })

  it('english.md: English bullets, and a wrapped bullet joined into one item', () => {
    const digest = parseFixture('english.md')
    expect(digest.papers).toHaveLength(2)
    expect(digest.papers[0]!.summary).toHaveLength(4)
    expect(digest.papers[0]!.summary[2]).toBe(
      'A new hyperparameter, granularity, lets the size of the experts be adjusted precisely; ' +
        'this line wraps onto an indented continuation.',
    )
    expect(digest.papers[1]!.authors).toEqual([
      'Dipendra Misra',
      'Marc-Alexandre Côté',
      'Xingdi Yuan',
      'Victor Zhong',
    ])
    expect(digest.diagnostics).toEqual([])
  })

  it('other-links.md: non-arXiv links get url:<16 hex of sha256 of the normalised URL>', () => {
    const digest = parseFixture('other-links.md')
    const sha = (url: string): string => `url:${createHash('sha256').update(url).digest('hex').slice(0, 16)}`
    expect(digest.papers.map((p) => [p.id, p.arxivId, p.url])).toEqual([
      [sha('https://openreview.net/forum?id=AbC123'), null, 'https://openreview.net/forum?id=AbC123'],
      [sha('https://example.com/posts/model'), null, 'http://example.com/posts/model/#results'],
    ])
    expect(digest.papers[0]!.id).toMatch(/^url:[0-9a-f]{16}$/)
  })

  it('the same non-arXiv page written two ways is one paper', () => {
    const paper = (url: string): string => `### [T](${url})\n\nVote: 1\n\nAuthors: A\n\n- s\n\n`
    const text = `## Daily Papers (2024-03-08)\n\n${paper('https://example.com/posts/model')}${paper('http://EXAMPLE.com/posts/model/#x')}`
    const digest = parseDigest(text, 'd.md')
    expect(digest.papers).toHaveLength(1)
    expect(messages(digest)).toEqual([
      `11 warning duplicate paper ${digest.papers[0]!.id} (first at line 3); kept the first`,
    ])
  })

  it('diagnostics.md: each problem reported once, at its line, with the right severity', () => {
    const digest = parseFixture('diagnostics.md')
    expect(digest.date).toBeNull()
    expect(digest.papers.map((p) => [p.id, p.title, p.votes])).toEqual([
      ['2403.09001', 'Good Paper', null],
      ['2403.09002', 'No Authors Here', 2],
      ['2403.09003', 'Last Paper', 4],
    ])
    expect(messages(digest)).toEqual([
      '1 warning text outside any paper ignored',
      '3 warning date header names no real date: 2024-02-30',
      '5 error paper heading has no [title](link): "### A heading without any link"; paper skipped',
      '11 warning unparsable vote "1 thousand"; votes left empty',
      '17 warning paper "No Authors Here" has no Authors line',
      '23 warning duplicate paper 2403.09001 (first at line 9); kept the first',
      '31 error paper link "javascript:alert(1)" is neither arXiv nor http(s); paper skipped',
    ])
    expect(digest.diagnostics.every((d) => d.file === 'diagnostics.md')).toBe(true)
  })

  it('a missing date header is a warning at line 1; papers are still read', () => {
    const digest = parseDigest(fixtureText('english.md').replace(/^## .*\n/, ''), 'nodate.md')
    expect(digest.date).toBeNull()
    expect(digest.papers).toHaveLength(2)
    expect(messages(digest)).toEqual(['1 warning missing date header `## Daily Papers (YYYY-MM-DD)`'])
  })

  it('validates the date: leap days pass, impossible days do not', () => {
    const date = (d: string): string | null => parseDigest(`## Daily Papers (${d})\n`, 'd.md').date
    expect(date('2024-02-29')).toBe('2024-02-29')
    expect(date('2023-02-29')).toBeNull()
    expect(date('2024-13-01')).toBeNull()
    expect(date('2024-00-10')).toBeNull()
  })

  it('an empty Authors line and an elided-only list are told apart', () => {
    const text =
      '## Daily Papers (2024-03-08)\n\n### [A](https://arxiv.org/abs/2403.00001)\nAuthors: +\n- s\n' +
      '### [B](https://arxiv.org/abs/2403.00002)\nAuthors: , ,\n- s\n'
    const digest = parseDigest(text, 'a.md')
    expect(digest.papers.map((p) => [p.authors, p.authorsElided])).toEqual([
      [[], true],
      [[], false],
    ])
    expect(messages(digest)).toEqual([
      '4 warning paper "A" has an empty Authors line',
      '7 warning paper "B" has an empty Authors line',
    ])
  })
})
