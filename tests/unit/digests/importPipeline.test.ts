/**
 * One import pipeline: the same bytes give the same library and the same report from every entry
 * point — `lectern import` (a separate process), the path import that File › Import Digests…, argv
 * and the watched folder use, and a drop (the renderer's route, `digests:importFiles`, over the
 * loopback HTTP API as browser mode sends it).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { Lectern } from '../../../src/main/core/lectern'
import { startWebServer } from '../../../src/main/web/server'
import type { ImportReport } from '../../../src/shared/api'
import type { Paper } from '../../../src/shared/domain'
import { lectern as cli } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'
import { fixtureBytes, fixtureText } from './fixtures'

const tempDir = useTempDirs()
const closing: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
})

/** The digests of the test: one file per way a file's bytes can be other than plain UTF-8. */
function digestFiles(): Record<string, Buffer> {
  const english = fixtureText('english.md')
  const video = Buffer.from(fixtureText('video.md'), 'utf16le').swap16()
  const missingVote = fixtureBytes('missing-vote.md')
  const bad = missingVote.indexOf('Vote: 0')
  return {
    // Windows "Unicode": UTF-16 LE with a byte order mark.
    'utf16le-bom.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(english, 'utf16le')]),
    // UTF-16 BE without a byte order mark.
    'utf16be.md': video,
    // A Latin-1 byte (0xE9, é) in a UTF-8 file: reported at its line, never stored as U+FFFD.
    'invalid-utf8.md': Buffer.concat([
      missingVote.subarray(0, bad),
      Buffer.from([0x56, 0xe9]),
      missingVote.subarray(bad),
    ]),
  }
}

interface Outcome {
  report: ImportReport
  papers: Paper[]
}

async function libraryOf(dataDir: string): Promise<Paper[]> {
  const lectern = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
  const papers = [...lectern.store.allHeads()].map((h) => lectern.store.paper(h.id)!)
  await lectern.close()
  return papers.sort((a, b) => a.id.localeCompare(b.id))
}

async function viaCli(folder: string): Promise<Outcome> {
  const dataDir = await tempDir()
  const run = await cli('import', folder, '--json', '--data', dataDir)
  if (run.stdout === '') throw new Error(`lectern import failed (${run.code}): ${run.stderr}`)
  return { report: JSON.parse(run.stdout) as ImportReport, papers: await libraryOf(dataDir) }
}

async function viaPaths(folder: string): Promise<Outcome> {
  const dataDir = await tempDir()
  const lectern = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
  const report = await lectern.digests.importPaths([folder])
  await lectern.close()
  return { report, papers: await libraryOf(dataDir) }
}

async function viaDrop(folder: string, names: string[]): Promise<Outcome> {
  const dataDir = await tempDir()
  const lectern = await Lectern.open({ dataDir, lock: { kind: 'cli' } })
  const handlers = createHandlers(lectern, 'test')
  const server = await startWebServer({
    dispatch: createDispatch(handlers, (error) => {
      throw error
    }),
    cliDispatch: createDispatch(handlers, () => undefined, { caller: 'cli' }),
    events: lectern.events,
    rendererDir: await tempDir(),
    port: 0,
    pdfFile: () => null,
    attachPdf: (upload) => lectern.pdfs.attachStream(upload),
  })
  closing.push(
    () => lectern.close(),
    () => server.close(),
  )
  // What readDroppedDigests sends: each file's name and its bytes as base64.
  const files = await Promise.all(
    names.map(async (name) => ({ name, base64: (await readFile(join(folder, name))).toString('base64') })),
  )
  const response = await fetch(`http://127.0.0.1:${server.port}/api/digests:importFiles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ files }),
  })
  const reply = (await response.json()) as { ok: true; data: ImportReport }
  expect(reply.ok).toBe(true)
  await closing.pop()!()
  await closing.pop()!()
  return { report: reply.data, papers: await libraryOf(dataDir) }
}

/** A report with each file named by its base name (a drop knows no folder), files in name order. */
function byName(report: ImportReport): ImportReport {
  const rename = (text: string, file: string) => text.replaceAll(file, basename(file))
  const files = report.files
    .map((f) => ({
      ...f,
      file: basename(f.file),
      skipped: f.skipped.map((s) => rename(s, f.file)),
      diagnostics: f.diagnostics.map((d) => rename(d, f.file)),
    }))
    .sort((a, b) => a.file.localeCompare(b.file))
  return { ...report, files }
}

/** What a paper is, without the times and ids of the import that made it. */
function content(papers: Paper[]) {
  return papers.map(({ updatedAt: _u, addedAt: _a, ...paper }) => paper)
}

describe('every entry point reads the same bytes the same way', () => {
  it('UTF-16 with and without a BOM, and invalid UTF-8: CLI, path import and drop agree', async () => {
    const folder = await tempDir()
    const files = digestFiles()
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(folder, name), bytes)
    const names = Object.keys(files).sort()

    const fromPaths = await viaPaths(folder)
    const fromCli = await viaCli(folder)
    const fromDrop = await viaDrop(folder, names)

    const report = byName(fromPaths.report)
    expect(byName(fromCli.report)).toEqual(report)
    expect(byName(fromDrop.report)).toEqual(report)
    expect(content(fromCli.papers)).toEqual(content(fromPaths.papers))
    expect(content(fromDrop.papers)).toEqual(content(fromPaths.papers))

    // And what they agree on is right: both UTF-16 files read whole, the invalid file refused at its line.
    expect(report.files.map((f) => [f.file, f.added.length, f.skipped])).toEqual([
      [
        'invalid-utf8.md',
        0,
        [
          `invalid-utf8.md:26: not a text file: invalid UTF-8 (byte 0xE9 at offset ${files['invalid-utf8.md']!.indexOf(0xe9)})`,
        ],
      ],
      ['utf16be.md', 3, []],
      ['utf16le-bom.md', 2, []],
    ])
    expect(fromPaths.papers.map((p) => p.title)).toContain('Scaling Laws for Fine-Grained Mixture of Experts')
    expect(JSON.stringify(fromCli.papers)).not.toContain('\ufffd')
  }, 120_000)
})
