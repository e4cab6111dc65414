import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { TEST_ALLOWED_HOSTS, memoryKeychain, tempDir } from '../support/desk-fixtures.ts'
import { runningClock, testTime } from '../support/test-clock.ts'
import { RENDERER_DIR } from './support/build-harness.ts'
import { openDeskPage } from './support/desk-page.ts'
import { serveDirectory } from './support/static-server.ts'
import { closeAll } from './support/teardown.ts'
import { openAdminSettings } from './support/desk-session.ts'

/**
 * How long sent and discarded bookings stay on this computer is a setting staff can change in the
 * window; the shared schema's refusal lands on the field. (The purge itself: test/integration/retention.test.ts.)
 */
const SHOTS = 'test-results/screenshots'
mkdirSync(SHOTS, { recursive: true })

let dir: ReturnType<typeof tempDir>
let desk: FrontDesk
let site: Awaited<ReturnType<typeof serveDirectory>>
let unsubscribe: () => void
let windowErrors: string[]

test.beforeEach(async ({ page }) => {
  dir = tempDir('front-desk-e2e-')
  site = await serveDirectory(RENDERER_DIR)
  // Altegio's address is a closed port on this machine: nothing here is sent anywhere.
  const clock = runningClock(testTime(9))
  desk = await createFrontDesk({ dataDir: dir.path, secrets: memoryKeychain(), apiBaseUrl: 'http://127.0.0.1:9/api', allowedApiHosts: TEST_ALLOWED_HOSTS, autoDeliver: false, clock })
  windowErrors = []
  page.on('pageerror', (error) => windowErrors.push(error.message))
  page.on('console', (message) => void (message.type() === 'error' && windowErrors.push(message.text())))
  unsubscribe = await openDeskPage(page, desk, site.url, clock)
})

test.afterEach(async () => {
  unsubscribe()
  await closeAll({
    'desk.close()': () => desk.close(),
    'static server close': () => site.close(),
    'data folder removal': () => dir.remove()
  })
  expect(windowErrors, 'errors in the window').toEqual([])
})

test('how long sent bookings are kept is a setting, explained on its field when wrong', async ({ page }) => {
  await openAdminSettings(page)
  const days = page.getByLabel('Keep sent bookings for (days)')
  await expect(days).toHaveValue('30')
  await days.fill('0')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Keep sent bookings for at least 1 day').first()).toBeVisible()
  await expect(days).toBeFocused()
  expect((await desk.getSettings()).retentionDays).toBe(30)

  await days.fill('14')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Settings saved.')).toBeVisible()
  expect((await desk.getSettings()).retentionDays).toBe(14)
  await page.screenshot({ path: `${SHOTS}/settings-retention.png` })
})
