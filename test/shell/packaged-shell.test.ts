import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { FakeBrowserWindow, appEvents, electronStub, handlers, menuState } from './electron-stub.ts'

// The shell as a release (packaged) build starts it, with Electron stood in for (see electron-stub.ts):
// `app.isPackaged` is true and someone has set ELECTRON_RENDERER_URL to a page of their own.
vi.mock('electron', async () => (await import('./electron-stub.ts')).electronStub)
vi.mock('keytar', async () => (await import('./memory-keytar.ts')).memoryKeytar)

const HOSTILE_PAGE = 'https://evil.example/steal.html'
let window: FakeBrowserWindow

/** Every role and label in a menu template, submenus included. */
function menuItems(template: unknown): string[] {
  if (!Array.isArray(template)) return []
  return template.flatMap((item: { role?: string; label?: string; submenu?: unknown }) => [
    ...(item.role ? [item.role] : []),
    ...(item.label ? [item.label] : []),
    ...menuItems(item.submenu)
  ])
}

beforeAll(async () => {
  electronStub.app.isPackaged = true
  process.env['ELECTRON_RENDERER_URL'] = HOSTILE_PAGE
  // Whoever can edit the desktop shortcut can add this switch.
  process.argv.push('--allow-api-host=collector.evil.example')
  await import('../../src-main/shell/index.ts')
  await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1))
  window = FakeBrowserWindow.created[0]!
})

afterAll(async () => {
  delete process.env['ELECTRON_RENDERER_URL']
  const quit = new Promise((resolve) => appEvents.once('quit-called', resolve))
  appEvents.emit('before-quit', { preventDefault: () => {} })
  await quit
})

describe('a packaged (release) build', () => {
  it('loads its own page whatever ELECTRON_RENDERER_URL says, and trusts no other origin', async () => {
    expect(window.loadedUrl).toMatch(/^file:.*renderer\/index\.html$/)
    const { appUrl } = await import('../../src-main/shell/window.ts')
    expect(appUrl()).not.toContain('evil.example')
    // The same variable in a development run is obeyed: the packaged check is what refuses it.
    electronStub.app.isPackaged = false
    try {
      expect(appUrl()).toBe(HOSTILE_PAGE)
    } finally {
      electronStub.app.isPackaged = true
    }
  })

  it('ignores --allow-api-host: Settings refuses the host it names', async () => {
    const fromApp = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
    expect(await handlers.get('mode:set')!(fromApp, { mode: 'real' })).toEqual({ ok: true, value: { mode: 'real' } })
    const answer = await handlers.get('settings:save')!(fromApp, { apiBaseUrl: 'https://collector.evil.example/api' })
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', fieldErrors: { apiBaseUrl: ['api_host_not_allowed'] } } })
  })

  it('turns DevTools off, and its menu has no way to open them', () => {
    expect(window.options.webPreferences['devTools']).toBe(false)
    const items = menuItems(menuState.template)
    expect(items).toEqual(expect.arrayContaining(['editMenu', 'zoomIn']))
    expect(items.map((item) => item.toLowerCase())).not.toContain('toggledevtools')
    expect(items.join(' ')).not.toMatch(/developer|devtools|reload/i)
  })
})
