import { Menu, type MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  importDigests: () => void
}

/** The usual application menu, built from Electron's roles so it behaves natively on each platform. */
export function buildMenu(actions: MenuActions): void {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        {
          // The id lets the Electron end-to-end spec click this very item.
          id: 'import-digests',
          label: 'Import Digests…',
          accelerator: 'CmdOrCtrl+O',
          click: actions.importDigests,
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
