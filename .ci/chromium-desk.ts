/**
 * `npm start` where Electron's binary is missing: the built window in Debian's Chromium, wired to the
 * real core through the same IPC router and preload shim the end-to-end tests use, the desk opening in
 * training as a fresh install does. Its data lives in a temporary folder and its keychain in memory, so
 * nothing of a real desk is touched. Without a display, one picture of the window is saved instead.
 */
import { chromium } from '@playwright/test'
import { createFrontDesk } from '../src-main/core/index.ts'
import { createDeskModes } from '../src-main/practice/desk-modes.ts'
import { systemClock } from '../src-main/shared/clock.ts'
import buildHarness, { RENDERER_DIR } from '../test/e2e/support/build-harness.ts'
import { openDeskPage } from '../test/e2e/support/desk-page.ts'
import { serveDirectory } from '../test/e2e/support/static-server.ts'
import { memoryKeychain, tempDir } from '../test/support/desk-fixtures.ts'

const say = (line: string): void => console.log(`[start] ${line}`)
const headed = Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'])

await buildHarness()
const dir = tempDir('front-desk-start-')
const site = await serveDirectory(RENDERER_DIR)
const real = await createFrontDesk({ dataDir: `${dir.path}/outbox`, secrets: memoryKeychain(), clock: systemClock })
const modes = createDeskModes({ real, trainingDir: `${dir.path}/training`, clock: systemClock })
await modes.set('training', (process.env['LANG'] ?? '').toLowerCase().startsWith('ru') ? 'ru' : 'en')
const browser = await chromium.launch({
  headless: !headed,
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update']
})
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
const unsubscribe = await openDeskPage(page, modes, site.url, systemClock)

async function close(): Promise<void> {
  unsubscribe()
  await browser.close().catch(() => {})
  await modes.close()
  await site.close()
  dir.remove()
}

if (headed) {
  say('the training desk is open in Chromium; close its window to stop')
  await new Promise<void>((resolve) => {
    page.once('close', () => resolve())
    process.once('SIGINT', () => resolve())
  })
} else {
  await page.getByRole('tab').first().waitFor()
  const picture = 'test-results/start-window.png'
  await page.screenshot({ path: picture })
  say(`no display here, so the window ran without one; a picture of it is in ${picture}`)
}
await close()
