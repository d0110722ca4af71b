/**
 * The newsletter's whole public history, read in place from ../shared/digests/daily_papers_ko (357
 * days, 2023-11-20 to 2025-05-09), checked three ways:
 *
 * 1. against `papers_list.csv`, the generator's own record of what it wrote (date, title, url);
 * 2. against a deliberately plain reading of each file done here (one regex per line kind, no
 *    Markdown), so that every paper's title, authors, votes, media and bullets are compared with what
 *    the file says, not with what the parser says;
 * 3. against facts read by eye from the files, one per layout the generator used.
 *
 * What the CSV and the files disagree on, read from both:
 * - 30 CSV rows name papers that no file contains: 2 on 2023-12-11, 1 on 2023-12-12 and 9 each on
 *   2024-03-13, 2024-04-19 and 2024-06-28. Their arXiv ids occur in no file at all (checked below),
 *   so they were recorded but never written (on the last three days the day's file holds only the
 *   papers after them: the file was rewritten by a later run that started further down the list).
 *   An import cannot bring them, and does not invent them.
 * - Titles keep their Markdown code spans as written ("Do I look like a `cat.n.01` to you? …"), as the
 *   CSV has them too; the app renders them as code.
 * - 2410.09342 is listed on 2024-10-16 and 2024-10-18 (under two spellings of its title): one paper in
 *   the library with two appearances, so 5,488 paper entries are 5,487 papers.
 */
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseDigestBytes, type ParsedDigest } from '../../../src/main/core/digests/parseDigest'
import { Lectern } from '../../../src/main/core/lectern'
import type { ImportReport } from '../../../src/shared/api'
import type { DigestAppearance, Paper } from '../../../src/shared/domain'
import { HISTORY_LOGS, historyMissing } from '../../fixtures/sharedData'
import { lectern as cli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

if (!HISTORY_LOGS) console.warn(`history.test.ts ${historyMissing}`)

/** A name with list punctuation left in it: brackets anywhere, or a quote or comma at either end. */
const LIST_PUNCTUATION = /[[\]]|^['",\s]|['",\s]$/

const NOT_WRITTEN_PER_DAY = {
  '2023-12-11': 2,
  '2023-12-12': 1,
  '2024-03-13': 9,
  '2024-04-19': 9,
  '2024-06-28': 9,
}

interface Expected {
  file: string
  line: number
  date: string
  id: string
  title: string
  authors: string[] | null
  authorsElided: boolean
  votes: number | null
  media: { kind: 'image' | 'video'; url: string } | null
  summary: string[]
}

interface CsvRow {
  date: string
  title: string
  url: string
}

interface DayFile {
  path: string
  name: string
  text: string
  bytes: Buffer
}

async function readHistory(logs: string): Promise<DayFile[]> {
  const names = (await readdir(logs, { recursive: true })).filter((n) => n.endsWith('.md')).sort()
  return Promise.all(
    names.map(async (name) => {
      const path = join(logs, name)
      const bytes = await readFile(path)
      return { path, name, bytes, text: bytes.toString('utf8') }
    }),
  )
}

/**
 * The plain reading: the generator's lines are `### [title](https://arxiv.org/abs/ID)`, `![](img)`,
 * `[Watch Video](mp4)` or `[Watch Video]mp4`, `<video … src=…>`, `Vote: N|-`, `Authors: …` (commas or
 * a Python list), `- bullet`, `1) item`, and lines continuing the bullet above.
 */
function readPlainly(file: DayFile): Expected[] {
  const date = file.name.slice(0, 10).replaceAll('/', '-')
  const papers: Expected[] = []
  let paper: Expected | null = null
  let inBullet = false
  for (const [index, raw] of file.text.split('\n').entries()) {
    const line = raw.trim()
    const heading = /^### \[(.*)\]\(https:\/\/arxiv\.org\/abs\/(\d{4}\.\d{4,5})\)$/.exec(line)
    if (heading) {
      paper = {
        file: file.name,
        line: index + 1,
        date,
        id: heading[2]!,
        title: heading[1]!,
        authors: null,
        authorsElided: false,
        votes: null,
        media: null,
        summary: [],
      }
      papers.push(paper)
      inBullet = false
      continue
    }
    if (line === '' || line.startsWith('## Daily Papers') || !paper) {
      inBullet = false
      continue
    }
    const media =
      /^!\[\]\((.+)\)$/.exec(line)?.[1] ??
      /^\[Watch Video\]\(?(https:[^)]+)\)?$/.exec(line)?.[1] ??
      /<video[^>]* src=["']([^"']+)["']/.exec(line)?.[1]
    if (media !== undefined) {
      const url = media.startsWith('/') ? `https://huggingface.co${media}` : media
      paper.media ??= { kind: line.startsWith('!') ? 'image' : 'video', url }
    } else if (line.startsWith('Vote: ')) {
      const votes = line.slice(6)
      paper.votes = votes === '-' ? null : Number(votes)
    } else if (line.startsWith('Authors: ')) {
      const value = line.slice(9)
      const names = value.startsWith('[')
        ? [...value.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '')
        : value.split(',').map((n) => n.trim())
      paper.authorsElided = names.includes('+')
      paper.authors = names.filter((n) => n !== '+')
    } else if (/^[-*] /.test(line) || /^\d+[.)] /.test(line)) {
      paper.summary.push(line.replace(/^[-*]\s+/, ''))
      inBullet = true
    } else if (inBullet) {
      paper.summary[paper.summary.length - 1] += ` ${line}`
    } else if (!line.startsWith('<')) {
      throw new Error(`${file.name}:${index + 1}: the plain reading does not know this line: ${line}`)
    }
  }
  return papers
}

function readCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = []
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue
    // RFC 4180 as Python's csv writes it: a field with a comma or quote is quoted, quotes doubled.
    const fields = [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) =>
      m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!,
    )
    const [date, title, url] = fields
    if (fields.length !== 3 || !date || !title || !url) throw new Error(`papers_list.csv: odd row ${line}`)
    rows.push({ date, title, url })
  }
  return rows
}

function appearanceOn(paper: Paper | undefined, date: string): DigestAppearance | undefined {
  return paper?.appearances.find((a) => a.date === date)
}

describe.skipIf(!HISTORY_LOGS)('the real daily_papers_ko history', () => {
  const logs = HISTORY_LOGS ?? ''
  let files: DayFile[]
  let expected: Expected[]
  let csv: CsvRow[]
  beforeAll(async () => {
    files = await readHistory(logs)
    expected = files.flatMap(readPlainly)
    csv = readCsv(await readFile(join(logs, 'papers_list.csv'), 'utf8'))
  })

  it('has the days and rows the README describes, and the CSV/file differences explained above', () => {
    expect(files).toHaveLength(357)
    expect(files[0]!.name).toBe(join('2023', '11', '20.md'))
    expect(files.at(-1)!.name).toBe(join('2025', '05', '09.md'))
    expect(csv).toHaveLength(5518)
    expect(expected).toHaveLength(5488)
    const written = new Set(expected.map((p) => `${p.date} ${p.id}`))
    const idOf = (url: string) => url.replace('https://arxiv.org/abs/', '')
    const notWritten = csv.filter((row) => !written.has(`${row.date} ${idOf(row.url)}`))
    const perDay: Record<string, number> = {}
    for (const row of notWritten) perDay[row.date] = (perDay[row.date] ?? 0) + 1
    expect(perDay).toEqual(NOT_WRITTEN_PER_DAY)
    const allText = files.map((f) => f.text).join('\n')
    for (const row of notWritten) expect(allText).not.toContain(idOf(row.url))
    // Every paper the files hold is in the CSV on its day, under the same title.
    const titles = new Map(csv.map((row) => [`${row.date} ${idOf(row.url)}`, row.title]))
    for (const paper of expected) {
      expect(titles.get(`${paper.date} ${paper.id}`), `${paper.file}:${paper.line}`).toBe(paper.title)
    }
  })

  it('parses every day with no diagnostic, each paper as the plain reading has it', () => {
    const parsed: ParsedDigest[] = files.map((f) => parseDigestBytes(f.bytes, f.name))
    expect(parsed.flatMap((d) => d.diagnostics)).toEqual([])
    expect(parsed.map((d) => d.date)).toEqual(files.map((f) => f.name.slice(0, 10).replaceAll('/', '-')))
    const got = parsed.flatMap((d) =>
      d.papers.map((p) => ({
        file: d.file,
        line: p.line,
        date: d.date,
        id: p.id,
        title: p.title,
        authors: p.authors,
        authorsElided: p.authorsElided,
        votes: p.votes,
        media: p.media,
        summary: p.summary,
      })),
    )
    // The first day has no Authors lines at all: no authors, which the parser gives as [].
    const want = expected.map((p) => ({ ...p, authors: p.authors ?? [] }))
    // Paper by paper first, so that a difference names its file and line.
    for (const [i, paper] of got.entries()) expect(paper, `${paper.file}:${paper.line}`).toEqual(want[i])
    expect(got).toHaveLength(want.length)
  })

  it('reads each layout of the history as a person reading the file would (facts read by eye)', () => {
    const parsed = new Map(
      files.map((f) => [f.name.replaceAll('\\', '/'), parseDigestBytes(f.bytes, f.name)]),
    )
    const paper = (file: string, id: string) => parsed.get(file)!.papers.find((p) => p.id === id)!
    // 2023-11-20: bullets only, 11 papers, and its last paper is complete (not a cut-off block).
    const first = parsed.get('2023/11/20.md')!
    expect(first.papers).toHaveLength(11)
    expect(first.papers.every((p) => p.authors.length === 0 && p.votes === null && p.media === null)).toBe(
      true,
    )
    expect(first.papers.at(-1)!.title).toBe(
      'UnifiedVisionGPT: Streamlining Vision-Oriented AI through Generalized Multimodal Framework',
    )
    expect(first.papers.at(-1)!.summary[4]).toMatch(/^\(1\) 다양한 어플리케이션/)
    // 2023-11-21: a bare <video src='…'> line is the paper's video.
    expect(paper('2023/11/21.md', '2311.10982').media).toEqual({
      kind: 'video',
      url: 'https://cdn-uploads.huggingface.co/production/uploads/60f1abe7544c2adfd699860c/D-WQoAl7gR1AwRZ0RXNkW.mp4',
    })
    // 2023-12-04: `[Watch Video]https://…` without parentheses, followed by the <div><video> block.
    expect(paper('2023/12/04.md', '2312.00589').media).toEqual({
      kind: 'video',
      url: 'https://cdn-uploads.huggingface.co/production/uploads/60f1abe7544c2adfd699860c/i0OtI7IVL_ANfE1YOKxxt.mp4',
    })
    // 2023-12-11: a quote inside a name survives; 2023-12-12: `Vote: -` is no count.
    expect(parsed.get('2023/12/11.md')!.papers.flatMap((p) => p.authors)).toContain("Sean O'Brien")
    expect(parsed.get('2023/12/12.md')!.papers.filter((p) => p.votes === null)).toHaveLength(4)
    // 2024-06-12: a thumbnail written as a site path of huggingface.co.
    expect(paper('2024/06/12.md', '2406.07520').media).toEqual({
      kind: 'image',
      url: 'https://huggingface.co/avatars/e4f630616a16a7fc691b5275bb62f2aa.svg',
    })
    // 2024-07-16: numbered lines inside the Technical Details bullet are items of their own.
    const numbered = parsed
      .get('2024/07/16.md')!
      .papers.find((p) => p.summary.some((s) => s.startsWith('1) ')))!
    expect(numbered.summary.map((s) => s.slice(0, 3))).toEqual([
      '**W',
      '**T',
      '1) ',
      '2) ',
      '3) ',
      '4) ',
      '**P',
    ])
    // 2024-10-18: authors as a Python list, and a second date header under which a later run appended.
    const oct18 = parsed.get('2024/10/18.md')!
    expect(paper('2024/10/18.md', '2410.11758').authors.slice(0, 3)).toEqual([
      'Sejune Joo',
      'Seonghyeon Ye',
      'Reuben Tan',
    ])
    expect(oct18.papers.map((p) => p.id).slice(6, 8)).toEqual(['2410.11758', '2410.13852'])
    expect(oct18.papers.find((p) => p.id === '2410.13852')!.authors).toEqual([
      'Yiwei Chen',
      'Zizhao Chen',
      'Anne Wu',
      'Mustafa Omer Gul',
      'Yoav Artzi',
      'Gloria Geng',
    ])
    // 2025-05-09: the ***What's New*** bullets, kept as written.
    expect(parsed.get('2025/05/09.md')!.papers[0]!.summary.map((s) => s.slice(0, 18))).toEqual([
      "***What's New***: ",
      '***Technical Detai',
      '***Performance Hig',
    ])
  })

  describe('lectern import of the whole folder on an empty library', () => {
    const tempDir = useTempDirs()
    let dataDir: string
    let first: { code: number; report: ImportReport }
    let second: { code: number; report: ImportReport }
    let papers: Map<string, Paper>
    const importOnce = async () => {
      const run = await cli('import', logs, '--json', '--data', dataDir)
      if (run.stdout === '') throw new Error(`lectern import failed (${run.code}): ${run.stderr}`)
      return { code: run.code, report: JSON.parse(run.stdout) as ImportReport }
    }
    beforeAll(async () => {
      dataDir = await tempDir()
      first = await importOnce()
      second = await importOnce()
      const lectern = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
      papers = new Map([...lectern.store.allHeads()].map((h) => [h.id, lectern.papers.get(h.id).paper]))
      await lectern.close()
    }, 600_000)
    // The checks below use what beforeAll read (the temp dir itself goes after the first test).

    it('imports every paper of the files, once per day, with nothing skipped', () => {
      expect(first.code).toBe(0)
      expect(first.report.files).toHaveLength(357)
      expect(first.report.skipped).toBe(0)
      expect(first.report.files.flatMap((f) => f.diagnostics)).toEqual([])
      expect(first.report.added).toBe(5487)
      expect(first.report.updated).toBe(1) // 2410.09342's second day
      expect(papers.size).toBe(5487)
    })

    it('stores every paper with its title, authors, votes, media and bullets on each of its days', () => {
      for (const want of expected) {
        const at = `${want.file}:${want.line}`
        const appearance = appearanceOn(papers.get(want.id), want.date)
        expect(appearance, at).toBeDefined()
        expect(
          {
            title: appearance!.title,
            authors: appearance!.authors,
            authorsElided: appearance!.authorsElided,
            votes: appearance!.votes,
            media: appearance!.media,
            summary: appearance!.summary,
          },
          at,
        ).toEqual({
          title: want.title,
          authors: want.authors ?? [],
          authorsElided: want.authorsElided,
          votes: want.votes,
          media: want.media,
          summary: want.summary,
        })
      }
    })

    it('has no author name with list punctuation, and names with a quote inside kept whole', () => {
      const names = [...papers.values()].flatMap((p) => [
        ...p.authors,
        ...p.appearances.flatMap((a) => a.authors),
      ])
      expect(names.length).toBeGreaterThan(50_000)
      expect(names.filter((n) => LIST_PUNCTUATION.test(n))).toEqual([])
      expect(names).toContain("Sean O'Brien")
      expect(names).toContain('Eric Karl Oermann')
      expect(names).toContain('Jaden Stryker')
    })

    it('a second run changes nothing', () => {
      expect(second.code).toBe(0)
      expect({
        added: second.report.added,
        updated: second.report.updated,
        skipped: second.report.skipped,
      }).toEqual({
        added: 0,
        updated: 0,
        skipped: 0,
      })
      expect(second.report.unchanged).toBe(5488)
    })
  })
})
