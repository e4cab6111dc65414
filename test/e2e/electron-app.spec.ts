import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

/**
 * The real app in its real shell. Needs Electron's binary, which `npm install` downloads where it can;
 * where it cannot (this project's CI has no route to the download), the test is skipped and says why.
 */
function electronBinary(): { path?: string; missing?: string } {
  // Read what electron's install step recorded instead of require('electron'), which would try to
  // download the binary on the spot.
  const packageDir = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')))
  const recorded = join(packageDir, 'path.txt')
  if (!existsSync(recorded)) return { missing: "Electron's binary was never downloaded (node_modules/electron/path.txt is absent)" }
  const path = join(packageDir, 'dist', readFileSync(recorded, 'utf8').trim())
  return existsSync(path) ? { path } : { missing: `Electron's binary is not at ${path}` }
}

const binary = electronBinary()
if (binary.missing) console.log(`[skip] electron-app.spec.ts: ${binary.missing}; the app's own shell cannot start here.`)

test.describe('the Electron app', () => {
  test.skip(binary.path === undefined, binary.missing ?? '')

  test('opens one locked-down window that reaches the core only through the preload API', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'front-desk-electron-'))
    const app = await electron.launch({ executablePath: binary.path!, args: ['out/main/index.js', `--user-data-dir=${userData}`] })
    try {
      const window = await app.firstWindow()
      await expect(window).toHaveTitle(/Front Desk/)
      const exposed = await window.evaluate(() => ({
        api: Object.keys((window as unknown as { frontDesk: object }).frontDesk).sort(),
        node: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process
      }))
      expect(exposed.node).toBe('undefined')
      expect(exposed.process).toBe('undefined')
      expect(exposed.api).toContain('submitBooking')
      expect(exposed.api).not.toContain('invoke')

      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)

      const listed = await window.evaluate(() => (window as unknown as { frontDesk: { listBookings(): Promise<unknown> } }).frontDesk.listBookings())
      expect(listed).toEqual({ ok: true, value: { items: [], next: null } })
    } finally {
      await app.close()
      rmSync(userData, { recursive: true, force: true })
    }
  })
})
