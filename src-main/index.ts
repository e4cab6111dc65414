import { join } from 'node:path'
import { app, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { createFrontDesk, type FrontDesk } from './core/index.ts'
import { channels } from './ipc/contract.ts'
import { createIpcRouter } from './ipc/router.ts'
import { isAppUrl } from './ipc/trusted-sender.ts'
import { watchNetwork } from './network-hints.ts'
import { appUrl, createMainWindow } from './window.ts'

// The Electron shell: start the core, open the window, wire IPC to the router. Logic lives in core/.

const log = (message: string): void => console.log(`[front-desk] ${message}`)
let desk: FrontDesk | undefined

async function start(): Promise<void> {
  await app.whenReady()
  desk = await createFrontDesk({ dataDir: join(app.getPath('userData'), 'outbox'), log })
  const router = createIpcRouter(desk, log)
  const window = createMainWindow()

  const trusted = (event: IpcMainInvokeEvent): boolean =>
    event.sender === window.webContents &&
    event.senderFrame !== null &&
    event.senderFrame === event.sender.mainFrame &&
    isAppUrl(event.senderFrame.url, appUrl())

  for (const channel of Object.keys(channels)) {
    ipcMain.handle(channel, (event, payload: unknown) => router.handle(channel, payload, { trustedSender: trusted(event) }))
  }
  router.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(event, payload)
  })
  const running = desk
  watchNetwork((online) => running.setNetworkHint(online))
  app.on('window-all-closed', () => app.quit())
}

app.on('before-quit', (event) => {
  if (!desk) return
  event.preventDefault()
  const closing = desk
  desk = undefined
  void closing.close().finally(() => app.quit())
})

start().catch((error: unknown) => {
  dialog.showErrorBox('Front Desk cannot start', error instanceof Error ? error.message : String(error))
  app.exit(1)
})
