import type { Settings } from '../../../shared/domain'
import { mutate } from '../../api/query'
import { useToast, type ToastMessage } from '../../ui/Toast'
import { fetchDaysAndTell, newestFetchedDay } from '../digests/fetchDays'
import { ContextMenu, type MenuItem } from '../../ui/Menu'
import { useImportDigests, type ImportDigests } from '../digests/importDigestsContext'
import { ListPicker } from '../lists/ListPicker'
import { SMART_VIEWS } from '../../rows/views'
import { focusNote } from '../notes/NoteEditor'
import { openPdf } from '../pdf/openPdf'
import { checkPublishedAndTell } from '../papers/checkPublished'
import { CommandPalette, type Command } from '../shortcuts/CommandPalette'
import { ShortcutsDialog } from '../shortcuts/ShortcutsDialog'
import type { PaperBrowser } from './usePaperBrowser'

/** The dialogs and menus over the library: shortcuts help, command palette, list picker, context menu. */
export function LibraryOverlays({ browser }: { browser: PaperBrowser }) {
  const { overlay, setOverlay } = browser
  const importDigests = useImportDigests()
  const toast = useToast()
  if (!overlay) return null
  const close = () => setOverlay(null)
  switch (overlay.kind) {
    case 'help':
      return <ShortcutsDialog onClose={close} />
    case 'palette':
      return <CommandPalette commands={paletteCommands(browser, importDigests, toast)} onClose={close} />
    case 'pick-list': {
      const rows = overlay.paperIds.map((id) => browser.rowById(id))
      const containing = new Set(
        browser.lists.filter((l) => rows.every((r) => r?.listIds.includes(l.id))).map((l) => l.id),
      )
      return (
        <ListPicker
          count={overlay.paperIds.length}
          containing={containing}
          onClose={close}
          onPick={(list) => {
            close()
            void browser.addPapersToList(list, overlay.paperIds)
          }}
        />
      )
    }
    case 'menu':
      return (
        <ContextMenu
          label={
            overlay.paperIds.length === 1 ? 'Paper actions' : `Actions for ${overlay.paperIds.length} papers`
          }
          x={overlay.x}
          y={overlay.y}
          items={menuItems(browser, overlay.paperIds, toast)}
          onClose={() => {
            close()
            browser.actions.focusList()
          }}
        />
      )
  }
}

function menuItems(browser: PaperBrowser, paperIds: string[], toast: (t: ToastMessage) => void): MenuItem[] {
  const first = browser.rowById(paperIds[0] ?? null)
  const one = paperIds.length === 1
  const view = browser.view
  const inList = view.kind === 'list' ? browser.lists.find((l) => l.id === view.id) : undefined
  const allRead = paperIds.every((id) => browser.rowById(id)?.status === 'read')
  const allStarred = paperIds.every((id) => browser.rowById(id)?.starred)
  return [
    ...(one && first
      ? [
          { label: 'Open', hint: 'Enter', run: browser.commands.open },
          { label: 'Open PDF', hint: 'O', run: () => openPdf({ paperId: first.id }) },
          { label: 'Write note', hint: 'N', run: () => requestAnimationFrame(() => focusNote()) },
        ]
      : []),
    {
      label: 'Add to list',
      hint: 'L',
      separatorBefore: one,
      items: [
        ...browser.lists.map((list) => ({
          label: list.name,
          run: () => void browser.addPapersToList(list, paperIds),
        })),
        {
          label: 'New list…',
          separatorBefore: browser.lists.length > 0,
          run: () => browser.actions.pickList(paperIds),
        },
      ],
    },
    ...(inList
      ? [
          {
            label: `Remove from “${inList.name}”`,
            hint: 'Del',
            run: () => void browser.removeSelectedFromList(),
          },
        ]
      : []),
    {
      label: allRead ? 'Mark as unread' : 'Mark as read',
      hint: 'Space',
      separatorBefore: true,
      run: () => browser.setStatus(paperIds, allRead ? 'unread' : 'read'),
    },
    { label: 'Mark as reading', run: () => browser.setStatus(paperIds, 'reading') },
    {
      label: allStarred ? 'Unstar' : 'Star',
      hint: 'S',
      run: () => browser.setStarred(paperIds, !allStarred),
    },
    {
      label: 'Check for published version',
      separatorBefore: true,
      run: () => void checkPublishedAndTell(paperIds, toast, { force: true }),
    },
  ]
}

function paletteCommands(
  browser: PaperBrowser,
  importDigests: ImportDigests,
  toast: (t: ToastMessage) => void,
): Command[] {
  const c = browser.commands
  const go = browser.selectView
  const theme = (t: Settings['theme']) => () => void mutate('settings:update', { theme: t })
  return [
    { id: 'search', label: 'Search papers', keys: 'Mod+K', run: c.focusSearch },
    { id: 'read', label: 'Mark read / unread', keys: 'Space', run: c.toggleRead },
    { id: 'star', label: 'Star or unstar', keys: 'S', run: c.toggleStar },
    { id: 'add-list', label: 'Add to reading list…', keys: 'L', run: c.addToList },
    { id: 'note', label: 'Write in the note', keys: 'N', run: c.focusNote },
    { id: 'pdf', label: 'Open the PDF', keys: 'O', run: c.openPdf },
    { id: 'select-all', label: 'Select all papers', keys: 'Mod+A', run: c.selectAll },
    { id: 'help', label: 'Keyboard shortcuts', keys: '?', run: c.showHelp },
    {
      id: 'import-digests',
      label: 'Import digests…',
      keywords: 'daily papers files open markdown',
      run: () => importDigests({ folder: false }),
    },
    {
      id: 'import-digest-folder',
      label: 'Import a folder of digests…',
      keywords: 'daily papers directory open markdown',
      run: () => importDigests({ folder: true }),
    },
    { id: 'go-all', label: 'Go to All papers', keywords: 'view library', run: () => go({ kind: 'all' }) },
    ...SMART_VIEWS.map((s) => ({
      id: `go-${s.view}`,
      label: `Go to ${s.label}`,
      keywords: 'view smart',
      run: () => go({ kind: 'smart', view: s.view }),
    })),
    ...browser.lists.map((l) => ({
      id: `go-list-${l.id}`,
      label: `Go to list ${l.name}`,
      keywords: 'reading list',
      run: () => go({ kind: 'list', id: l.id }),
    })),
    { id: 'theme-light', label: 'Theme: light', keywords: 'appearance', run: theme('light') },
    { id: 'theme-dark', label: 'Theme: dark', keywords: 'appearance', run: theme('dark') },
    { id: 'theme-system', label: 'Theme: follow the system', keywords: 'appearance', run: theme('system') },
    {
      id: 'check-published',
      label: 'Check for published version',
      keywords: 'conference journal doi venue openalex semantic scholar dblp',
      run: () => void checkPublishedAndTell(browser.selected(), toast, { force: true }),
    },
    {
      id: 'fetch-today',
      label: 'Fetch today’s papers',
      keywords: 'hugging face daily papers digest download',
      run: () =>
        void fetchDaysAndTell({}, toast, (report) => {
          const day = newestFetchedDay(report)
          if (day) go({ kind: 'digest', date: day })
        }),
    },
  ]
}
