/** Citation export and import: what the API, CLI and UI call. */
export { citePapers, exportPapers, type ExportFormat, type ExportOptions } from './exportPapers'
export { importCitations, type CitationImport, type ImportedCitation } from './importCitations'
export type { CitationStyle } from './citationJs'
