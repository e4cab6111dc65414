import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, app } from 'electron'

/**
 * Where the window's page comes from: the dev server while developing, the built file otherwise. A
 * packaged app never obeys `ELECTRON_RENDERER_URL`: the page it names would get the preload, and its
 * origin would be trusted by IPC.
 */
export function appUrl(): string {
  const devServer = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  return devServer ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href
}

/**
 * The one window, locked down: isolated, sandboxed, no Node, no navigation away from the app, no new
 * windows, and no permission ever granted. The app has no links to the web, so nothing is handed to
 * the system browser either (`shell.openExternal` with a page-chosen URL is a classic escape).
 */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'Front Desk for Altegio',
    autoHideMenuBar: true,
    webPreferences: {
      // The preload is the window's only bridge: named methods over the IPC contract, nothing generic
      // (reviewed; see docs/electronegativity-accepted.json).
      preload: join(import.meta.dirname, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // DevTools only while developing: in a release they would reach the IPC bridge.
      devTools: !app.isPackaged,
      // A middle click on a link would otherwise try to open a new window.
      disableBlinkFeatures: 'Auxclick'
    }
  })

  const session = window.webContents.session
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)

  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.on('will-redirect', (event) => event.preventDefault())
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  window.once('ready-to-show', () => window.show())

  void window.loadURL(appUrl())
  return window
}
