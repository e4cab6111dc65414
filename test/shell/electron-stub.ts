import { EventEmitter } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A stand-in for the `electron` module, recording what the shell asks of it. It exists because
 * Electron's binary cannot be downloaded on this project's machines, so the shell's wiring would
 * otherwise go unchecked; where the binary exists, test/e2e/electron-app.spec.ts runs the real app.
 */
export class FakeWebContents extends EventEmitter {
  readonly mainFrame = { url: 'file:///app/out/renderer/index.html' }
  readonly sent: [string, unknown][] = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined
  permissionCheckHandler: (() => boolean) | undefined
  readonly session = {
    setPermissionRequestHandler: (handler: FakeWebContents['permissionRequestHandler']) => void (this.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: FakeWebContents['permissionCheckHandler']) => void (this.permissionCheckHandler = handler)
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload])
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  loadedUrl: string | undefined
  readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>
  constructor(options: FakeBrowserWindow['options']) {
    super()
    this.options = options
    FakeBrowserWindow.created.push(this)
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    this.webContents.mainFrame.url = url
    return Promise.resolve()
  }
  minimized = false
  focused = false
  isDestroyed(): boolean {
    return false
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  focus(): void {
    this.focused = true
  }
  show(): void {}
}

export const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>()
export const userData = mkdtempSync(join(tmpdir(), 'front-desk-shell-'))
export const appEvents = new EventEmitter()
/** Whether this process gets the single-instance lock; a test of a second launch sets it false first. */
export const stubState = { lockGranted: true }

/** The application menu the shell set, as its template. */
export const menuState: { template: unknown[] | undefined } = { template: undefined }

/** What `net.isOnline()` answers; tests flip it. */
export const network = { online: true }
export const powerEvents = new EventEmitter()

export const electronStub = {
  net: { isOnline: () => network.online },
  powerMonitor: powerEvents,
  app: {
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => stubState.lockGranted,
    /** A test of a release build sets this true before importing the shell. */
    isPackaged: false,
    getName: () => 'Front Desk for Altegio',
    getVersion: () => '0.0.0-test',
    getLocale: () => 'en-GB',
    getPath: (name: string) => (name === 'exe' ? join(userData, 'app', 'front-desk') : userData),
    on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener),
    quit: () => appEvents.emit('quit-called'),
    exit: (code: number) => appEvents.emit('exit-called', code)
  },
  BrowserWindow: FakeBrowserWindow,
  Menu: {
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu: (menu: { template: unknown[] } | null) => void (menuState.template = menu?.template)
  },
  ipcMain: { handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) => handlers.set(channel, handler) },
  dialog: { showErrorBox: (title: string, message: string) => appEvents.emit('error-box', title, message) }
}
