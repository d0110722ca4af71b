import type { Paper } from '../../../shared/domain'
import { LecternError } from '../../../shared/errors'
import { citePapers, exportPapers, importCitations, type CitationStyle, type ExportFormat } from '../export'
import { isLive } from './entity'
import type { ListService, ServiceDeps } from './listService'

const EXTENSIONS: Record<ExportFormat, string> = {
  bibtex: 'bib',
  ris: 'ris',
  'csl-json': 'json',
  markdown: 'md',
}

/** Which papers an export or a citation is about: explicit ids, a reading list, or the whole library. */
export interface PaperScope {
  ids?: string[]
  listId?: string
}

/** Citations out of the library (BibTeX, RIS, CSL-JSON, Markdown) and reference files into a list. */
export class ExportService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly lists: ListService,
  ) {}

  export(
    scope: PaperScope & { label?: string | undefined },
    format: ExportFormat,
  ): { text: string; filename: string; count: number } {
    const papers = this.papersOf(scope)
    const notes = new Map(papers.map((p) => [p.id, this.noteOf(p.id)]))
    const name =
      scope.label ?? (scope.listId ? this.lists.get(scope.listId).name : scope.ids ? 'selection' : 'library')
    const filename = `${name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-|-$/g, '') || 'lectern'}.${EXTENSIONS[format]}`
    return { text: exportPapers(papers, format, { notes }), filename, count: papers.length }
  }

  cite(scope: PaperScope, style: CitationStyle): { text: string; count: number } {
    const papers = this.papersOf(scope)
    return { text: citePapers(papers, style), count: papers.length }
  }

  /**
   * Reads a BibTeX or CSL-JSON file and puts the library papers it cites (matched by arXiv id or
   * DOI) into the named list, creating it when needed. Entries not in the library are reported.
   */
  async importIntoList(text: string, format: 'bibtex' | 'csl-json', listName: string) {
    const { entries, problems } = importCitations(text, format)
    const byDoi = new Map<string, string>()
    for (const paper of this.deps.store.allHeads()) {
      const doi = paper.meta?.doi
      if (isLive(paper) && doi) byDoi.set(doi.toLowerCase(), paper.id)
    }
    const matched: string[] = []
    const unmatched: string[] = []
    for (const entry of entries) {
      const byArxiv = entry.arxivId && isLive(this.deps.store.head(entry.arxivId)) ? entry.arxivId : null
      const id = byArxiv ?? (entry.doi ? byDoi.get(entry.doi.toLowerCase()) : undefined)
      if (id) matched.push(id)
      else unmatched.push(entry.title || entry.arxivId || entry.doi || '(untitled entry)')
    }
    const existing = this.lists.all().find((l) => l.name.toLocaleLowerCase() === listName.toLocaleLowerCase())
    const list = existing ?? (await this.lists.create(listName))
    const summary = matched.length > 0 ? await this.lists.addPapers(list.id, [...new Set(matched)]) : list
    return { list: summary, matched: [...new Set(matched)].length, unmatched, problems }
  }

  papersOf(scope: PaperScope): Paper[] {
    const { store } = this.deps
    const ids = scope.ids ?? (scope.listId ? this.lists.get(scope.listId).paperIds : null)
    if (!ids) return [...store.allPapers()].filter(isLive).sort((a, b) => a.title.localeCompare(b.title))
    return ids.map((id) => {
      const paper = store.paper(id)
      if (!isLive(paper)) throw new LecternError('not-found', `There is no paper ${id} in the library`)
      return paper
    })
  }

  private noteOf(paperId: string): string {
    const note = this.deps.store.note(paperId)
    return isLive(note) ? note.text : ''
  }
}
