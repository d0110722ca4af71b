import { describe, expect, it } from 'vitest'
import { formatDiagnostic, parseDigest, parseDigestBytes } from '../../../src/main/core/digests/parseDigest'
import { seedArxivEntries } from '../../fixtures/arxiv/seedEntries'
import { fixtureBytes, fixtureText } from './fixtures'

// The real digest of 2024-02-13 (Korean summaries), byte for byte as published.
const FILE = '2024-02-13.md'
const digest = parseDigest(fixtureText(FILE), FILE)

describe('parseDigest on the real 2024-02-13 digest', () => {
  it('reads the date and all 16 papers without a diagnostic', () => {
    expect(digest.file).toBe(FILE)
    expect(digest.date).toBe('2024-02-13')
    expect(digest.papers).toHaveLength(16)
    expect(digest.diagnostics).toEqual([])
  })

  it('keeps ids and votes in digest order', () => {
    expect(digest.papers.map((p) => p.id)).toEqual([
      '2402.07827',
      '2402.07456',
      '2402.07033',
      '2402.07872',
      '2402.07383',
      '2402.07043',
      '2402.06852',
      '2402.07876',
      '2402.07871',
      '2402.07319',
      '2402.06859',
      '2402.07865',
      '2402.07207',
      '2402.07896',
      '2402.07625',
      '2402.07610',
    ])
    expect(digest.papers.map((p) => p.votes)).toEqual([21, 16, 13, 9, 8, 8, 8, 5, 5, 4, 4, 4, 4, 4, 3, 3])
    expect(digest.papers.every((p) => p.arxivId === p.id && p.version === null)).toBe(true)
    expect(digest.papers.map((p) => p.line).slice(0, 4)).toEqual([3, 17, 33, 47])
  })

  it('reads exact titles', () => {
    const titles = digest.papers.map((p) => p.title)
    expect(titles[0]).toBe('Aya Model: An Instruction Finetuned Open-Access Multilingual Language Model')
    expect(titles[3]).toBe('PIVOT: Iterative Visual Prompting Elicits Actionable Knowledge for VLMs')
    expect(titles[12]).toBe(
      'GALA3D: Towards Text-to-3D Complex Scene Generation via Layout-guided Generative Gaussian Splatting',
    )
    expect(titles[15]).toBe('Step-On-Feet Tuning: Scaling Self-Alignment of LLMs via Bootstrapping')
  })

  it('records the elided authors of PIVOT as a flag, never as a "+" name', () => {
    const pivot = digest.papers.find((p) => p.id === '2402.07872')!
    expect(pivot.authorsElided).toBe(true)
    // The fake arXiv's record of PIVOT lists its 22 authors, written out by hand from the digest.
    expect(pivot.authors).toEqual(seedArxivEntries['2402.07872']!.authors)
    expect(pivot.authors).toHaveLength(22)
    expect(digest.papers.filter((p) => p.authorsElided).map((p) => p.id)).toEqual([
      '2402.07872',
      '2402.06859',
    ])
    expect(digest.papers.flatMap((p) => p.authors).filter((a) => a.includes('+'))).toEqual([])
  })

  it('reads author lists with non-ASCII names exactly', () => {
    expect(digest.papers[2]!.authors).toEqual(['Baris Kasikci', 'Yile Gu', 'Kan Zhu', 'Keisuke Kamahori'])
    expect(digest.papers[0]!.authors).toHaveLength(17)
    expect(digest.papers[0]!.authors[9]).toBe('Ahmet Üstün')
    expect(digest.papers[7]!.authors).toEqual([
      'Dipendra Misra',
      'Marc-Alexandre Côté',
      'Xingdi Yuan',
      'Victor Zhong',
    ])
  })

  it('reads thumbnails as images and the Watch Video block as one video', () => {
    expect(digest.papers[0]!.media).toEqual({
      kind: 'image',
      url: 'https://cdn-uploads.huggingface.co/production/uploads/60f1abe7544c2adfd699860c/aR8X_MSvrWIjgnjJprsTf.png',
    })
    expect(digest.papers[12]!.media).toEqual({
      kind: 'video',
      url: 'https://cdn-uploads.huggingface.co/production/uploads/60f1abe7544c2adfd699860c/T4qXnmi2futgpHsOowBHV.mp4',
    })
    expect(digest.papers.filter((p) => p.media?.kind === 'video')).toHaveLength(1)
  })

  it('reads summary bullets without their markers', () => {
    const aya = digest.papers[0]!
    expect(aya.summary).toHaveLength(5)
    expect(aya.summary[0]).toBe(
      'Aya 모델은 101개 언어, 그 중 50%가 자원이 적은 언어를 포함한, 지시에 따라 작동하는 대규모 다언어 생성 언어 모델입니다.',
    )
    expect(digest.papers.map((p) => p.summary.length)).toEqual([
      5, 7, 5, 9, 8, 4, 9, 6, 7, 7, 9, 6, 6, 5, 6, 8,
    ])
    expect(digest.papers.flatMap((p) => p.summary).some((s) => s.startsWith('-') || s !== s.trim())).toBe(
      false,
    )
  })

  it('gives the same result from bytes, and with CRLF line ends and a BOM', () => {
    expect(parseDigestBytes(fixtureBytes(FILE), FILE)).toEqual(digest)
    const windows = '\ufeff' + fixtureText(FILE).replace(/\n/g, '\r\n')
    expect(parseDigest(windows, FILE)).toEqual(digest)
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(windows.slice(1), 'utf8')])
    expect(parseDigestBytes(bytes, FILE)).toEqual(digest)
  })
})

describe('formatDiagnostic', () => {
  it('formats file:line: message', () => {
    expect(
      formatDiagnostic({ file: 'a/b.md', line: 12, severity: 'warning', message: 'what is wrong' }),
    ).toBe('a/b.md:12: what is wrong')
  })
})
