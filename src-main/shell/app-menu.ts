import type { MenuItemConstructorOptions } from 'electron'

/**
 * The application menu. Electron's default one has "Toggle Developer Tools", which in a release build
 * would open DevTools on the window that talks to the core: a packaged desk gets a menu of ordinary
 * editing, zoom and window items only. An unpackaged (development) run keeps reload and DevTools.
 */
export function appMenuTemplate(packaged: boolean, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' }
  ]
  if (!packaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' })
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : [{ role: 'fileMenu' } as MenuItemConstructorOptions]),
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' }
  ]
}
