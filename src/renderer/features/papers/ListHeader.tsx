import type { ListSummary } from '../../../shared/api'
import { ExportMenu } from '../export/ExportMenu'
import { RecommendWarming } from '../recommend/RecommendWarming'
import type { ExportScope } from '../export/exportScope'
import { formatDay } from '../../ui/formatDay'
import { SMART_VIEWS, type LibraryView } from '../../rows/views'
import { SEARCH_LIMIT, type SearchState } from '../search/useSearch'
import {
  NATURAL_LABELS,
  naturalDirection,
  SORT_LABELS,
  type Sort,
  type SortContext,
  type SortKey,
} from '../../../shared/sortPapers'

interface ListHeaderProps {
  view: LibraryView
  lists: ListSummary[]
  search: SearchState
  count: number
  loading: boolean
  selectedCount: number
  context: SortContext
  sort: Sort
  onSort: (sort: Sort) => void
  /** What Export and Copy citation act on: the selection, else what the list shows. */
  exportScope: ExportScope
}

/** Above the rows: what they are (view or search), how many, and how they are sorted. */
export function ListHeader(props: ListHeaderProps) {
  const { search, count, selectedCount } = props
  const title = search.active ? 'Search' : viewTitle(props.view, props.lists)
  const counted = props.loading ? '' : `${count.toLocaleString()} ${count === 1 ? 'paper' : 'papers'}`
  return (
    <div className="list-header">
      <h1 className="list-title">{title}</h1>
      <span className="list-count" aria-live="polite">
        {counted}
        {search.active && count >= SEARCH_LIMIT && ' (the best matches)'}
        {search.active && search.result && !search.result.indexReady && ' · index still building'}
        {search.active &&
          search.result?.indexReady &&
          !search.result.pagesReady &&
          ' · PDF pages still loading'}
        {!search.active && props.view.kind === 'recommend' && <RecommendWarming listId={props.view.listId} />}
        {selectedCount > 1 && ` · ${selectedCount} selected`}
      </span>
      <SortControl context={props.context} sort={props.sort} onSort={props.onSort} />
      <ExportMenu
        scope={props.exportScope}
        listId={props.view.kind === 'list' && !search.active ? props.view.id : undefined}
      />
    </div>
  )
}

function SortControl({
  context,
  sort,
  onSort,
}: {
  context: SortContext
  sort: Sort
  onSort: (sort: Sort) => void
}) {
  const natural = NATURAL_LABELS[context]
  const keys = [
    ...(natural ? (['natural'] as const) : []),
    ...(Object.keys(SORT_LABELS) as Exclude<SortKey, 'natural'>[]),
  ]
  const label = (key: SortKey) => (key === 'natural' ? (natural ?? 'Default') : SORT_LABELS[key])
  return (
    <div className="sort-control">
      <select
        aria-label="Sort papers by"
        value={sort.key}
        onChange={(e) => {
          const key = e.target.value as SortKey
          onSort({ key, descending: naturalDirection(key) })
        }}
      >
        {keys.map((key) => (
          <option key={key} value={key}>
            {label(key)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="icon-button"
        aria-label={
          sort.descending ? 'Sorted descending; sort ascending' : 'Sorted ascending; sort descending'
        }
        title={sort.descending ? 'Descending' : 'Ascending'}
        onClick={() => onSort({ ...sort, descending: !sort.descending })}
      >
        {sort.descending ? '↓' : '↑'}
      </button>
    </div>
  )
}

export function viewTitle(view: LibraryView, lists: ListSummary[]): string {
  switch (view.kind) {
    case 'all':
      return 'All papers'
    case 'smart':
      return SMART_VIEWS.find((s) => s.view === view.view)?.label ?? ''
    case 'list':
      return lists.find((l) => l.id === view.id)?.name ?? 'Reading list'
    case 'digest':
      return `Daily Papers · ${formatDay(view.date)}`
    case 'recommend':
      return `More like “${lists.find((l) => l.id === view.listId)?.name ?? 'a list'}”`
  }
}
