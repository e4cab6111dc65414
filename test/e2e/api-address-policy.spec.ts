import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { memoryKeychain, tempDir } from '../support/desk-fixtures.ts'
import { runningClock, testTime } from '../support/test-clock.ts'
import { RENDERER_DIR } from './support/build-harness.ts'
import { openDeskPage } from './support/desk-page.ts'
import { serveDirectory } from './support/static-server.ts'
import { openAdminSettings, openSession, setUpDesk, signIn } from './support/desk-session.ts'
import { RECEPTIONIST } from '../simulator/seed-studio.ts'
import { expectAccessible } from './support/training-session.ts'

/**
 * Staff (or whoever is at the desk) can type any API address into Settings; the desk keeps its tokens
 * for Altegio's own hosts and says so on the field. No administrator's policy here: nothing extra is allowed.
 */
const SHOTS = 'test-results/screenshots'
mkdirSync(SHOTS, { recursive: true })

let dir: ReturnType<typeof tempDir>
let desk: FrontDesk
let site: Awaited<ReturnType<typeof serveDirectory>>
let unsubscribe: () => void

test.beforeEach(async ({ page }) => {
  dir = tempDir('front-desk-e2e-')
  site = await serveDirectory(RENDERER_DIR)
  // Nothing is sent: no tokens are saved and delivery is off.
  const clock = runningClock(testTime(9))
  desk = await createFrontDesk({ dataDir: dir.path, secrets: memoryKeychain(), autoDeliver: false, probe: async () => false, clock })
  unsubscribe = await openDeskPage(page, desk, site.url, clock)
})

test.afterEach(async () => {
  unsubscribe()
  await desk.close()
  await site.close()
  dir.remove()
})

test("an API address that is not Altegio's is refused on its field, and the saved one stays", async ({ page }) => {
  await openAdminSettings(page)
  await page.getByLabel('Location id').fill('41001')
  const address = page.getByLabel('API address')
  for (const hostile of ['https://api.alteg.io.evil.example/api', 'https://\u0430pi.alteg.io/api']) {
    await address.fill(hostile)
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect(page.getByText(/is not Altegio's API/).first()).toBeVisible()
    await expect(address).toBeFocused()
    expect((await desk.getSettings()).apiBaseUrl).toBe('https://api.alteg.io/api')
  }
  await expectAccessible(page, 'Settings with a refused API address')
  await page.screenshot({ path: `${SHOTS}/settings-api-address-refused.png` })

  await address.fill('https://api.yclients.com/api')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Settings saved.')).toBeVisible()
  expect((await desk.getSettings()).apiBaseUrl).toBe('https://api.yclients.com/api')
})

test.describe('a new API address', () => {
  test('ends the sign-in: the Book screen asks for it again, and it works at the new address', async ({ browser }) => {
    const page = await browser.newPage()
    // The administrator's policy allows this computer under both of its names.
    const session = await openSession(page, { allowedApiHosts: ['127.0.0.1', 'localhost'] })
    try {
      await setUpDesk(page, session.sim)
      await openAdminSettings(page)
      await page.getByLabel('API address').fill(session.sim.baseUrl.replace('127.0.0.1', 'localhost'))
      await page.getByRole('button', { name: 'Save settings' }).click()
      await expect(page.getByText('Settings saved.')).toBeVisible()
      expect(await session.desk.tokenStatus()).toEqual({ partner: true, user: false })
      await page.getByRole('tab', { name: 'Book' }).click()
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
      await signIn(page)
      expect(await session.desk.tokenStatus()).toEqual({ partner: true, user: true, staffName: RECEPTIONIST.name })
      expect(session.windowErrors).toEqual([])
    } finally {
      await session.close()
      await page.close()
    }
  })
})

test('on YCLIENTS’ address the Book screen says, before the first booking, that the booking call is assumed there', async ({ page }) => {
  await openAdminSettings(page)
  await page.getByLabel('Location id').fill('41001')
  await page.getByLabel('API address').fill('https://api.yclients.com/api')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Settings saved.')).toBeVisible()
  await page.getByRole('tab', { name: 'Book' }).click()
  const note = page.getByRole('note', { name: 'Bookings through YCLIENTS are not confirmed yet' })
  await expect(note).toBeVisible()
  await expect(note).toContainText('Book one client and check the booking in YCLIENTS')
  await page.screenshot({ path: `${SHOTS}/book-yclients-assumed-path.png` })

  await openAdminSettings(page)
  await page.getByLabel('API address').fill('https://api.alteg.io/api')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Settings saved.')).toBeVisible()
  await page.getByRole('tab', { name: 'Book' }).click()
  await expect(page.getByRole('heading', { name: 'New booking' })).toBeVisible()
  await expect(note).toHaveCount(0)
})
