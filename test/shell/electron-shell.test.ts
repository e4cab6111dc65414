import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { channels } from '../../src-main/shared/contract.ts'
import { FakeBrowserWindow, appEvents, handlers, menuState, network, powerEvents, userData } from './electron-stub.ts'

// The shell's wiring, with Electron stood in for (see electron-stub.ts for why). The keychain is an
// empty one in memory: with no tokens nothing can be sent, so this test never reaches the network,
// and a developer's own keychain is never read.
vi.mock('electron', async () => (await import('./electron-stub.ts')).electronStub)
vi.mock('keytar', async () => (await import('./memory-keytar.ts')).memoryKeytar)

let window: FakeBrowserWindow

beforeAll(async () => {
  // The administrator's command-line switch: the one loopback address the offline test below uses.
  process.argv.push('--allow-api-host=127.0.0.1:9')
  await import('../../src-main/shell/index.ts')
  await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1))
  window = FakeBrowserWindow.created[0]!
})

afterAll(async () => {
  const quit = new Promise((resolve) => appEvents.once('quit-called', resolve))
  appEvents.emit('before-quit', { preventDefault: () => {} })
  await quit
})

describe('the Electron shell', () => {
  it('opens in training on a first start with no tokens, and leaves it when asked', async () => {
    const fromApp = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    expect(await handlers.get('mode:get')!(fromApp, undefined)).toMatchObject({ ok: true, value: { mode: 'training' } })
    const settings = (await handlers.get('settings:get')!(fromApp, undefined)) as { value: { apiBaseUrl: string } }
    expect(settings.value.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/) // the practice location, in the app
    expect(await handlers.get('mode:set')!(fromApp, { mode: 'real' })).toEqual({ ok: true, value: { mode: 'real' } })
    expect(await handlers.get('tokens:status')!(fromApp, undefined)).toEqual({ ok: true, value: { partner: false, user: false } })
  })

  it('opens one isolated, sandboxed window without Node', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick'
    })
    expect(String(window.options.webPreferences['preload'])).toMatch(/preload[\\/]index\.cjs$/)
    // Unpackaged (a developer's run): DevTools stay, and the menu can open them.
    expect(window.options.webPreferences['devTools']).toBe(true)
    expect(JSON.stringify(menuState.template)).toContain('toggleDevTools')
    expect(window.loadedUrl).toMatch(/^file:.*renderer\/index\.html$/)
  })

  it('answers every contract channel through the router, and nothing else', () => {
    expect([...handlers.keys()].sort()).toEqual(Object.keys(channels).sort())
  })

  it("serves the app's own top frame, and refuses other senders and frames", async () => {
    const contents = window.webContents
    const fromApp = { sender: contents, senderFrame: contents.mainFrame }
    expect(await handlers.get('outbox:list')!(fromApp, undefined)).toEqual({ ok: true, value: { items: [], next: null } })

    const subFrame = { url: contents.mainFrame.url }
    const refusals = [
      { sender: contents, senderFrame: subFrame },
      { sender: {}, senderFrame: contents.mainFrame },
      { sender: contents, senderFrame: null }
    ]
    for (const event of refusals) {
      expect(await handlers.get('outbox:list')!(event, undefined)).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } })
    }
  })

  it('refuses navigation, new windows and every permission', () => {
    const contents = window.webContents
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { prevented: false, preventDefault() { this.prevented = true } }
      contents.emit(name, event)
      expect(event.prevented, name).toBe(true)
    }
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(appEvents.listenerCount('open-external')).toBe(0)
    let granted: boolean | undefined
    contents.permissionRequestHandler!(contents, 'media', (answer) => (granted = answer))
    expect(granted).toBe(false)
    expect(contents.permissionCheckHandler!()).toBe(false)
  })

  it('pushes outbox changes to the window, and holds bookings while no tokens are saved', async () => {
    const contents = window.webContents
    const fromApp = { sender: contents, senderFrame: contents.mainFrame }
    const request = { client: { name: 'Anna', surname: '', phone: '+447911123456', email: '', gender: 0 }, clients_count: 1 }
    await handlers.get('booking:submit')!(fromApp, { locationId: 1, eventId: 2, request })
    const outboxPushes = () => contents.sent.filter(([channel]) => channel === 'outbox:changed')
    await vi.waitFor(() =>
      expect(outboxPushes().map(([channel, item]) => [channel, (item as { status: string }).status])).toEqual([
        ['outbox:changed', 'queued'],
        ['outbox:changed', 'held']
      ])
    )
    await vi.waitFor(() =>
      expect(contents.sent.filter(([channel]) => channel === 'delivery:status-changed').at(-1)?.[1]).toMatchObject({
        counts: { held: 1 },
        needsAttention: 1
      })
    )
  })

  it("tells the core what Electron's net says of the network, on change and on wake", async () => {
    const fromApp = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    const network_ = async () => ((await handlers.get('delivery:status')!(fromApp, undefined)) as { value: { network: string } }).value.network
    // Offline, the core probes the API's host: keep that on this machine (port 9 refuses).
    await handlers.get('settings:save')!(fromApp, { apiBaseUrl: 'http://127.0.0.1:9/api' })
    network.online = false
    powerEvents.emit('resume')
    expect(await network_()).toBe('offline')
  })

  it("sends tokens to no host but Altegio's and the administrator's: the window cannot add one", async () => {
    const fromApp = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    for (const apiBaseUrl of ['https://evil.example/api', 'http://127.0.0.1:8080/api']) {
      expect(await handlers.get('settings:save')!(fromApp, { apiBaseUrl })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', fieldErrors: { apiBaseUrl: [expect.stringMatching(/^api_host_(not_allowed|ip)$/)] } }
      })
    }
  })

  it('brings its window forward when the app is launched a second time', () => {
    window.minimized = true
    window.focused = false
    appEvents.emit('second-instance', {}, [], '/')
    expect(window.minimized).toBe(false)
    expect(window.focused).toBe(true)
    expect(FakeBrowserWindow.created).toHaveLength(1)
  })

  it('writes its notes to a log file in the data folder, with the client\'s phone masked', async () => {
    const contents = window.webContents
    const fromApp = { sender: contents, senderFrame: contents.mainFrame }
    await handlers.get('tokens:save')!(fromApp, { partnerToken: 'shell-partner-token-1' })
    const logs = join(userData, 'logs')
    await vi.waitFor(() => expect(readdirSync(logs)).toContain('front-desk.log'))
    await vi.waitFor(() => expect(readFileSync(join(logs, 'front-desk.log'), 'utf8')).toMatch(/^\S+Z starting Front Desk for Altegio 0\.0\.0-test$/m))
    const text = readFileSync(join(logs, 'front-desk.log'), 'utf8')
    expect(text).not.toContain('shell-partner-token-1')
    expect(text).not.toContain('447911123456')
  })
})
