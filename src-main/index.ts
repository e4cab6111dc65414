import { join } from 'node:path'
import { app, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { createFrontDesk } from './core/index.ts'
import { channels } from './ipc/contract.ts'
import { createIpcRouter } from './ipc/router.ts'
import { isAppUrl } from './ipc/trusted-sender.ts'
import { watchNetwork } from './network-hints.ts'
import { createDeskModes, type DeskModes } from './practice/desk-modes.ts'
import { appUrl, createMainWindow } from './window.ts'

// The Electron shell: start the core, open the window, wire IPC to the router. Logic lives in core/.

const log = (message: string): void => console.log(`[front-desk] ${message}`)
let modes: DeskModes | undefined

async function start(): Promise<void> {
  await app.whenReady()
  const desk = await createFrontDesk({ dataDir: join(app.getPath('userData'), 'outbox'), log })
  modes = createDeskModes({ real: desk, trainingDir: join(app.getPath('userData'), 'training'), log })
  // First start, no tokens: the practice location, so a newcomer sees the whole desk working at once.
  if (!(await desk.tokenStatus()).partner) await modes.set('training')
  const router = createIpcRouter(modes, log)
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
  const closing = modes
  modes = undefined
  void closing.close().finally(() => app.quit())
})

start().catch((error: unknown) => {
  dialog.showErrorBox('Front Desk cannot start', error instanceof Error ? error.message : String(error))
  app.exit(1)
})
