import type { ImportFileReport, ImportReport } from '../../../shared/api'

/** Where an import came from, for the words of its toast. */
export type ImportSource = 'drop' | 'picker' | 'dialog' | 'watch'

/**
 * What went wrong in one file, each `file:line: message` once: papers or files skipped (errors) and
 * what the parser noticed (a paper cut off at the end of the file).
 */
export function problemsOf(file: ImportFileReport): string[] {
  return [...new Set([...file.skipped, ...file.diagnostics])]
}

export function problemCount(report: ImportReport): number {
  return report.files.reduce((n, f) => n + problemsOf(f).length, 0)
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** One line a person reads after an import: what it added, and how many problems it met. */
export function describeImport(report: ImportReport, source: ImportSource = 'drop'): string {
  const from = source === 'watch' ? 'Watched folder: ' : ''
  const files =
    report.files.length === 1 ? baseName(report.files[0]?.file ?? '') : plural(report.files.length, 'digest')
  const problems = problemCount(report)
  const only = report.files.length === 1 ? report.files[0] : undefined
  if (report.added + report.updated + report.unchanged === 0 && only) {
    // Why the file as a whole gave nothing (not a digest, unreadable) comes first in `skipped`.
    const why = only.skipped[0] ?? (problems === 1 ? problemsOf(only)[0] : undefined)
    const reason = why ? withoutPlace(why) : problems > 0 ? plural(problems, 'problem') : 'no papers in it'
    return `${from}Nothing added from ${files}: ${reason}`
  }
  const parts = [`${report.added} added`, `${report.updated} updated`, `${report.unchanged} unchanged`]
  if (problems > 0) parts.push(plural(problems, 'problem'))
  const nothingNew =
    report.added + report.updated === 0 && report.unchanged > 0 && problems === 0
      ? ' — already in your library'
      : ''
  return `${from}Imported ${files}: ${parts.join(', ')}${nothingNew}`
}

/** `notes.md:1: digest lists no papers` → `digest lists no papers`. */
export function withoutPlace(problem: string): string {
  return /^.*?:\d+: (.*)$/s.exec(problem)?.[1] ?? problem.replace(/^[^:]*: /, '')
}
