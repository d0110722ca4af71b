import type { ListSummary } from '../../../shared/api'
import { SMART_VIEWS, type LibraryView } from '../../rows/views'

/** What Export and Copy citation act on: the papers on screen, named for the label and the file. */
export interface ExportScope {
  /** The request's papers: explicit ids in screen order, or none for the whole library. */
  input: { ids?: string[] }
  count: number
  /** Where the papers come from, for the label: `search`, `selected`, `Unread`, `“To read”`. */
  source: string
  /** The file name without its extension (the export's `label`): `search-3-papers`. */
  stem: string
}

/**
 * The selection when there is one, else every paper the list shows (search hits, a digest day, a
 * smart view, a list, recommendations). All papers asks for the library by name rather than by
 * 50,000 ids.
 */
export function exportScopeOf(options: {
  selected: readonly string[]
  /** The rows on screen: only their ids are read, and only when the scope names them. */
  shown: readonly { id: string }[]
  searching: boolean
  view: LibraryView
  lists: readonly ListSummary[]
}): ExportScope {
  const { selected, shown: rows, searching, view, lists } = options
  // All papers at 50,000 rows needs no id list: it is built only for the scopes that send one.
  const shown = { length: rows.length, ids: () => rows.map((r) => r.id) }
  if (selected.length > 0) return scope({ ids: [...selected] }, selected.length, 'selected', 'selected')
  if (searching) return scope({ ids: shown.ids() }, shown.length, 'search', 'search')
  const listName = (id: string) => lists.find((l) => l.id === id)?.name ?? 'list'
  switch (view.kind) {
    case 'all':
      return scope({}, shown.length, 'library', 'library')
    case 'digest':
      return scope({ ids: shown.ids() }, shown.length, view.date, view.date)
    case 'smart': {
      const label = SMART_VIEWS.find((s) => s.view === view.view)?.label ?? view.view
      return scope({ ids: shown.ids() }, shown.length, label, label)
    }
    case 'list': {
      const name = listName(view.id)
      return scope({ ids: shown.ids() }, shown.length, `“${name}”`, name)
    }
    case 'recommend': {
      const name = listName(view.listId)
      return scope({ ids: shown.ids() }, shown.length, `like “${name}”`, `like ${name}`)
    }
  }
}

function scope(input: ExportScope['input'], count: number, source: string, name: string): ExportScope {
  return { input, count, source, stem: `${slug(name)}-${count}-${count === 1 ? 'paper' : 'papers'}` }
}

/** Letters and digits of any script survive; everything else becomes one dash. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'papers'
  )
}

/** `Export 3 papers (search)`. */
export function exportLabel(scope: ExportScope): string {
  return `Export ${scope.count.toLocaleString()} ${scope.count === 1 ? 'paper' : 'papers'} (${scope.source})`
}
