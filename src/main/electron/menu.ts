import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'

/** The usual application menu, built from Electron's roles so it behaves natively on each platform. */
export function buildMenu(_window: BrowserWindow): void {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Lectern on the web', enabled: false }] },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
