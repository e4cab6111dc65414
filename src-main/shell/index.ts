import { join } from 'node:path'
import { Menu, app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { loadAdminPolicy, policyFiles } from './admin-policy.ts'
import { buildFlavour, keychainServiceFor } from './build-flavour.ts'
import { readWindowsRegistry } from './policy-sources.ts'
import { companyProxyFrom, proxyForLog } from '../core/altegio/company-proxy.ts'
import { appMenuTemplate } from './app-menu.ts'
import { createFrontDesk, keytarKeychain, rotateDataKey } from '../core/index.ts'
import { openSupportLog, type SupportLog } from '../core/support-log/support-log.ts'
import { DeskError } from '../core/index.ts'
import { channels } from '../shared/contract.ts'
import { createIpcRouter } from '../ipc/router.ts'
import { isAppUrl } from '../ipc/trusted-sender.ts'
import { watchNetwork } from './network-hints.ts'
import { createDeskModes, type DeskModes } from '../practice/desk-modes.ts'
import { appUrl, createMainWindow } from './window.ts'
import { startupText } from './startup-text.ts'
import { startUpdates } from './updates.ts'
import { systemClock } from '../shared/clock.ts'

// The Electron shell: one instance, start the core (and, on demand, the training desk), open the window,
// wire IPC to the router. Logic lives in core/ and practice/.

const ROTATE_KEY_SWITCH = '--rotate-data-key'

let modes: DeskModes | undefined
let window: BrowserWindow | undefined
let supportLog: SupportLog | undefined
let stopUpdates = (): void => {}
const log = (message: string): void => supportLog?.log(message)

// A second launch (a double-click on the desktop icon while the app is behind another window) must
// not open a second outbox on the same database: it hands over to the first, which comes forward.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  })
  start().catch((error: unknown) => {
    const { title, message } = startupText(error, app.getLocale())
    log(`cannot start: ${error instanceof DeskError ? `${error.reason} ${JSON.stringify(error.params ?? {})}` : String(error)}`)
    dialog.showErrorBox(title, message)
    const exit = (): void => app.exit(1)
    if (supportLog) void supportLog.close().finally(exit)
    else exit()
  })
}

async function start(): Promise<void> {
  await app.whenReady()
  // Notes for support, in `<userData>/logs/front-desk.log`, masked before they are written.
  supportLog = openSupportLog({
    dir: join(app.getPath('userData'), 'logs'),
    ...(app.isPackaged ? {} : { echo: (line: string) => console.log(`[front-desk] ${line}`) })
  })
  log(`starting ${app.getName()} ${app.getVersion()}`)
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(app.isPackaged)))
  const flavour = buildFlavour(app)
  const release = flavour === 'release'
  // Hosts besides Altegio's that may receive the tokens: only from where the desk's user cannot write.
  const policy = loadAdminPolicy({
    files: policyFiles(app.getPath('exe')),
    ...(process.platform === 'win32' ? { registry: readWindowsRegistry() } : {}),
    argv: process.argv,
    acceptSwitch: !release
  })
  policy.notes.forEach(log)
  const secrets = keytarKeychain(keychainServiceFor(flavour))
  const proxy = companyProxyFrom(process.env, policy.proxy)
  if (proxy) log(`requests to Altegio go through ${proxyForLog(proxy)}`)
  const dataDir = join(app.getPath('userData'), 'outbox')
  // An administrator replaces the data key by starting the app once with this switch (see docs/security.md).
  if (process.argv.includes(ROTATE_KEY_SWITCH)) {
    const { resealed } = await rotateDataKey({ dataDir, secrets })
    log(`data key replaced: ${resealed} sealed value(s) re-sealed under the new key`)
  }
  const desk = await createFrontDesk({
    dataDir,
    secrets,
    allowedApiHosts: policy.allowedApiHosts,
    simulatorOnLoopback: !release,
    ...(proxy ? { proxy } : {}),
    managed: policy.managed,
    log
  })
  // Updates for an installed app only, from the feed the administrator's policy names; installed when no
  // booking of the real desk is on its way, or at the next quit (updates.ts).
  stopUpdates = await startUpdates({
    source: app.isPackaged ? policy.updates : undefined,
    loadUpdater: async () => (await import('electron-updater')).autoUpdater,
    currentVersion: app.getVersion(),
    status: () => desk.deliveryStatus(),
    onStatus: (listener) => desk.onDeliveryStatus(listener),
    clock: systemClock,
    log
  })
  modes = createDeskModes({ real: desk, trainingDir: join(app.getPath('userData'), 'training'), log })
  // First start, no tokens: the practice location, so a newcomer sees the whole desk working at once, in
  // the system's language (the window renames it if staff chose the other one).
  if (!(await desk.tokenStatus()).partner) await modes.set('training', app.getLocale().toLowerCase().startsWith('ru') ? 'ru' : 'en')
  const router = createIpcRouter(modes, log)
  const main = createMainWindow()
  window = main

  const trusted = (event: IpcMainInvokeEvent): boolean =>
    event.sender === main.webContents &&
    event.senderFrame !== null &&
    event.senderFrame === event.sender.mainFrame &&
    isAppUrl(event.senderFrame.url, appUrl())

  for (const channel of Object.keys(channels)) {
    ipcMain.handle(channel, (event, payload: unknown) => router.handle(channel, payload, { trustedSender: trusted(event) }))
  }
  router.subscribe((event, payload) => {
    if (!main.isDestroyed()) main.webContents.send(event, payload)
  })
  const running = modes
  watchNetwork((online) => {
    desk.setNetworkHint(online)
    running.current().setNetworkHint(online)
  })
  app.on('window-all-closed', () => app.quit())
}

app.on('before-quit', (event) => {
  if (!modes) return
  event.preventDefault()
  stopUpdates()
  const closing = modes
  modes = undefined
  void closing
    .close()
    .then(() => supportLog?.close())
    .finally(() => app.quit())
})
