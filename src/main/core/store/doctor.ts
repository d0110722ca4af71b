import { access, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { LecternError } from '../../../shared/errors'
import { textShardOf, upgradeFile, type FileKind, type StoreFile } from './schema'

export interface DoctorFinding {
  severity: 'error' | 'warning'
  file: string
  message: string
}
export interface DoctorReport {
  dataDir: string
  files: number
  papers: number
  lists: number
  notes: number
  /** PDFs the user attached (theirs alone: `lectern backup` includes them). */
  attachedPdfs: number
  /** PDFs downloaded from arXiv (not backed up: downloaded again when opened). */
  downloadedPdfs: number
  findings: DoctorFinding[]
}

/**
 * Checks a data directory without changing it: every file parses and has a known schema, and
 * references between files (list entries, notes) point at papers that exist.
 */
export async function examineStore(dataDir: string): Promise<DoctorReport> {
  const report: DoctorReport = {
    dataDir,
    files: 0,
    papers: 0,
    lists: 0,
    notes: 0,
    attachedPdfs: 0,
    downloadedPdfs: 0,
    findings: [],
  }
  const attached = new Map<string, { file: string; paperId: string; origin: string }>()
  const downloaded = new Set<string>()
  const paperIds = new Set<string>()
  const listRefs: { file: string; list: string; paperId: string }[] = []
  const noteRefs: { file: string; paperId: string }[] = []
  const paperFiles = new Map<string, string>()
  const textIds = new Set<string>()
  /** Unreadable text files: reported once as errors, not again as each paper's missing text. */
  const badTextFiles = new Set<string>()

  const visit = async (path: string, kind: FileKind): Promise<void> => {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        report.findings.push({
          severity: 'error',
          file: path,
          message: `cannot be read: ${(error as Error).message}`,
        })
      return
    }
    report.files++
    let data: StoreFile
    try {
      const upgraded = upgradeFile(kind, JSON.parse(text), path)
      data = upgraded.data
      // A schema-1 papers file holds its texts inline (they move to texts/ at the next open).
      for (const id of Object.keys(upgraded.texts ?? {})) textIds.add(id)
    } catch (error) {
      const message =
        error instanceof LecternError
          ? error.message.replace(`${path} `, '').replace(`${path}: `, '')
          : `is not valid JSON (${(error as Error).message})`
      report.findings.push({ severity: 'error', file: path, message })
      if (kind === 'lectern-texts') badTextFiles.add(path)
      return
    }
    if (data.format === 'lectern-library') {
      for (const list of Object.values(data.lists)) {
        if (list.deleted) continue
        report.lists++
        for (const paperId of list.paperIds) listRefs.push({ file: path, list: list.name, paperId })
      }
    } else if (data.format === 'lectern-papers') {
      for (const paper of Object.values(data.papers)) {
        paperFiles.set(paper.id, path)
        if (!paper.deleted) paperIds.add(paper.id)
      }
      for (const a of Object.values(data.attachments)) {
        if (a.deleted) continue
        if (a.source === 'local') attached.set(a.sha256, { file: path, paperId: a.paperId, origin: a.origin })
        else downloaded.add(a.sha256)
      }
    } else if (data.format === 'lectern-texts') {
      for (const id of Object.keys(data.texts)) textIds.add(id)
    } else {
      for (const note of Object.values(data.notes)) {
        if (note.deleted) continue
        report.notes++
        noteRefs.push({ file: path, paperId: note.paperId })
      }
    }
  }

  await visit(join(dataDir, 'library.json'), 'lectern-library')
  for (const [folder, kind] of [
    ['papers', 'lectern-papers'],
    ['notes', 'lectern-notes'],
    ['texts', 'lectern-texts'],
  ] as const) {
    const names = await readdir(join(dataDir, folder)).catch(() => [] as string[])
    for (const name of names.filter((n) => n.endsWith('.json')).sort())
      await visit(join(dataDir, folder, name), kind)
  }
  report.papers = paperIds.size
  for (const ref of listRefs) {
    if (!paperIds.has(ref.paperId))
      report.findings.push({
        severity: 'warning',
        file: ref.file,
        message: `list "${ref.list}" names paper ${ref.paperId}, which is not in the library`,
      })
  }
  const textFile = (id: string) => join(dataDir, 'texts', `${textShardOf(id)}.json`)
  for (const id of paperIds) {
    if (!textIds.has(id) && !badTextFiles.has(textFile(id)))
      report.findings.push({
        severity: 'warning',
        file: paperFiles.get(id) ?? '',
        message: `paper ${id} has no text in texts/ (abstract, digest summaries); it shows without them`,
      })
  }
  report.attachedPdfs = attached.size
  report.downloadedPdfs = [...downloaded].filter((sha) => !attached.has(sha)).length
  for (const [sha256, a] of attached) {
    // The user's own file cannot be fetched again: a missing one is worth knowing about.
    const missing = await access(join(dataDir, 'pdfs', `${sha256}.pdf`)).then(
      () => false,
      () => true,
    )
    if (missing)
      report.findings.push({
        severity: 'warning',
        file: a.file,
        message: `the PDF attached to paper ${a.paperId} (${a.origin}) is missing from pdfs/`,
      })
  }
  for (const ref of noteRefs) {
    if (!paperIds.has(ref.paperId))
      report.findings.push({
        severity: 'warning',
        file: ref.file,
        message: `a note belongs to paper ${ref.paperId}, which is not in the library`,
      })
  }
  return report
}
