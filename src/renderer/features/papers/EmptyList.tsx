import { useImportDigests } from '../digests/importDigestsContext'
import { EmptyState } from '../../ui/EmptyState'
import { Kbd } from '../../ui/Kbd'
import type { LibraryView } from '../../rows/views'
import type { SearchState } from '../search/useSearch'

/** What the list says when it has no rows, and what to do about it. */
export function EmptyList({ view, search }: { view: LibraryView; search: SearchState }) {
  const importDigests = useImportDigests()
  if (search.active) {
    return (
      <EmptyState title={`No papers match “${search.text.trim()}”`}>
        <p>Words match titles, authors, abstracts, digest summaries and your notes.</p>
        <p>
          Narrow with <code>author:</code> <code>tag:</code> <code>list:</code> <code>is:unread</code>;{' '}
          <Kbd keys="Esc" /> clears.
        </p>
      </EmptyState>
    )
  }
  switch (view.kind) {
    case 'all':
      return (
        <EmptyState title="Your library is empty">
          <p>
            Import a Daily Papers digest to begin: drop its <code>.md</code> file on this window,
          </p>
          <p>
            <button type="button" className="button" onClick={() => importDigests({ folder: false })}>
              Import digests…
            </button>{' '}
            or run <code>npm run -s lectern -- import FILE.md</code>.
          </p>
        </EmptyState>
      )
    case 'digest':
      return <EmptyState title="No papers on this day" />
    case 'recommend':
      return (
        <EmptyState title="Nothing to recommend yet">
          <p>Put a few papers in the list: Lectern ranks the rest of your library by how alike they read.</p>
        </EmptyState>
      )
    case 'list':
      return (
        <EmptyState title="This list is empty">
          <p>
            Drag papers onto the list in the sidebar, or select papers and press <Kbd keys="L" />.
          </p>
        </EmptyState>
      )
    case 'smart': {
      const text = {
        unread: {
          title: 'Nothing unread',
          body: 'Every paper has been read. Space marks a paper unread again.',
        },
        starred: { title: 'No starred papers', body: 'Press S on a paper to star it.' },
        week: {
          title: 'Nothing from this week',
          body: 'Papers from digests of the last seven days show here.',
        },
        notes: { title: 'No notes yet', body: 'Press N on a paper to write one.' },
        published: {
          title: 'No published versions known',
          body: 'Select papers and choose “Check for published version” to look for them.',
        },
        preprint: {
          title: 'Every paper is published',
          body: 'Each paper here has a known published version.',
        },
      }[view.view]
      return (
        <EmptyState title={text.title}>
          <p>{text.body}</p>
        </EmptyState>
      )
    }
  }
}
