import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN } from '../support/desk-fixtures.ts'
import { SHOTS, openAdminSettings, openSession, openStudioSession, type DeskSession } from './support/desk-session.ts'
import { expectAccessible } from './support/training-session.ts'

/**
 * Settings as a receptionist meets them: language, training and Altegio access in view; where bookings
 * go (API address, location, country) in the administrator's section, closed until someone confirms
 * they administer the desk, open on a desk that has no location yet, read-only where the
 * administrator's policy fixes it.
 */
mkdirSync(SHOTS, { recursive: true })

const ADMIN_FIELDS = ['API address', 'Location id', 'Country'] as const
let session: DeskSession | undefined

test.afterEach(async () => {
  const errors = session?.windowErrors ?? []
  await session?.close()
  session = undefined
  expect(errors, 'errors in the window').toEqual([])
})

async function expectAdminFieldsHidden(page: Page): Promise<void> {
  for (const label of ADMIN_FIELDS) await expect(page.getByLabel(label, { exact: true })).toHaveCount(0)
}

test('a receptionist sees language, training and sign-in; where bookings go opens only after a confirmation, and closes again', async ({ page }) => {
  session = await openStudioSession(page, { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN })
  await page.getByRole('tab', { name: 'Settings' }).click()
  await expect(page.getByLabel('Language', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Start training' })).toBeVisible()
  await expect(page.getByRole('tabpanel').getByText('Signed in', { exact: true })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Administrator settings' })).toBeVisible()
  await expectAdminFieldsHidden(page)
  const toggle = page.getByRole('button', { name: 'Change administrator settings…' })
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expectAccessible(page, 'Settings as a receptionist sees them')
  await page.screenshot({ path: `${SHOTS}/settings-receptionist.png` })

  // Asked, and Cancel (where the focus is) leaves everything closed.
  await toggle.click()
  const dialog = page.getByRole('dialog', { name: 'Open the administrator settings?' })
  await expect(dialog).toContainText('These settings decide where bookings are sent; change them only if you administer this desk.')
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await expectAccessible(page, 'the administrator settings confirmation')
  await page.screenshot({ path: `${SHOTS}/settings-admin-confirm.png` })
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expectAdminFieldsHidden(page)

  await toggle.click()
  await dialog.getByRole('button', { name: 'Open the settings' }).click()
  await expect(page.getByLabel('Location id', { exact: true })).toHaveValue(String(LOCATION_ID))
  await expect(page.getByLabel('Country', { exact: true })).toHaveValue('RU')
  await expect(page.getByLabel('API address', { exact: true })).toHaveValue(session.sim.baseUrl)
  await expect(page.getByRole('button', { name: 'Close administrator settings' })).toHaveAttribute('aria-expanded', 'true')
  await expect(page.locator('#admin-body :focus')).toHaveCount(1) // focus moved into the section
  await expectAccessible(page, 'Settings with the administrator section open')
  await page.screenshot({ path: `${SHOTS}/settings-admin-open.png` })

  // Leaving the screen closes the section again for whoever comes next.
  await page.getByRole('tab', { name: 'Book' }).click()
  await page.getByRole('tab', { name: 'Settings' }).click()
  await expect(page.getByRole('button', { name: 'Change administrator settings…' })).toBeVisible()
  await expectAdminFieldsHidden(page)
})

test('a desk with no location yet: the banner leads to Settings, where the section is open without asking', async ({ page }) => {
  session = await openSession(page, { autoDeliver: false })
  await page.getByRole('region', { name: 'Delivery problems' }).getByRole('link', { name: 'Open Settings' }).click()
  await expect(page.getByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByText('This desk has no location yet: fill it in below.')).toBeVisible()
  await expect(page.getByLabel('Location id', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: /administrator settings/ })).toHaveCount(0)
  await page.getByLabel('Location id', { exact: true }).fill(String(LOCATION_ID))
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Settings saved.')).toBeVisible()
  expect((await session.desk.getSettings()).locationId).toBe(LOCATION_ID)
  // Once saved, the section stays open for the one who set it up; the next visit asks first.
  await expect(page.getByLabel('Location id', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Close administrator settings' })).toBeVisible()
  await page.getByRole('tab', { name: 'Book' }).click()
  await page.getByRole('tab', { name: 'Settings' }).click()
  await expectAdminFieldsHidden(page)
})

test("what the administrator's policy fixes is shown read-only, saying so, and the rest can still be saved", async ({ page }) => {
  const fixed = { apiBaseUrl: 'https://api.yclients.com/api', locationId: LOCATION_ID, country: 'GB' }
  session = await openSession(page, { managed: fixed, autoDeliver: false, probe: async () => false })
  await page.getByRole('tab', { name: 'Settings' }).click()
  const shown = page.getByTestId('fixed-settings')
  await expect(shown).toContainText('Set by your administrator')
  await expect(shown).toContainText(fixed.apiBaseUrl)
  await expect(shown).toContainText(String(LOCATION_ID))
  await expect(shown).toContainText('GB')
  await expectAdminFieldsHidden(page)
  await expectAccessible(page, 'Settings with values fixed by the policy')
  await page.screenshot({ path: `${SHOTS}/settings-set-by-administrator.png` })

  await openAdminSettings(page)
  for (const [label, value] of [['API address', fixed.apiBaseUrl], ['Location id', String(LOCATION_ID)], ['Country', 'GB']] as const) {
    const field = page.getByLabel(label, { exact: true })
    await expect(field).toHaveValue(value)
    await expect(field).toHaveAttribute('readonly', '')
    await expect(field).toHaveAccessibleDescription('Set by your administrator')
  }
  await expect(page.getByLabel('Your locations in Altegio')).toHaveCount(0)
  await page.getByLabel('Name', { exact: true }).fill('City studio')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Settings saved.')).toBeVisible()
  const saved = await session.desk.getSettings()
  expect(saved).toMatchObject({ apiBaseUrl: fixed.apiBaseUrl, locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'City studio', country: 'GB' }] })
  await expectAccessible(page, 'the administrator section with fixed values')
  await page.screenshot({ path: `${SHOTS}/settings-set-by-administrator-open.png` })
})

test('clearing the tokens asks first; once cleared, the desk has none and Settings says so', async ({ page }) => {
  session = await openStudioSession(page, { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN })
  await page.getByRole('tab', { name: 'Settings' }).click()
  const panel = page.getByRole('tabpanel')
  await panel.getByRole('button', { name: 'Clear tokens' }).click()
  const dialog = page.getByRole('dialog', { name: 'Clear both tokens?' })
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  expect(await session.desk.tokenStatus()).toEqual({ partner: true, user: true })

  await panel.getByRole('button', { name: 'Clear tokens' }).click()
  await dialog.getByRole('button', { name: 'Clear tokens' }).click()
  await expect(dialog).toBeHidden()
  await expect(panel.getByText('Tokens cleared.', { exact: false })).toBeVisible()
  await expect(page.getByLabel('Partner token')).toBeFocused()
  expect(await session.desk.tokenStatus()).toEqual({ partner: false, user: false })
})
