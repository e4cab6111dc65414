import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { EVENING_YOGA_SLOT, classId } from '../simulator/seed-studio.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking } from '../support/desk-fixtures.ts'
import { SHOTS, openStudioSession, outboxRow, type DeskSession } from './support/desk-session.ts'
import { expectAccessible } from './support/training-session.ts'

/**
 * The window as a receptionist meets it on the desk's usual screens: the Book button in sight without
 * scrolling, and every count in the header a button that opens the bookings it counts.
 */
mkdirSync(SHOTS, { recursive: true })

const SIGNED_IN = { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN }
const YOGA = classId(0, EVENING_YOGA_SLOT)
let session: DeskSession | undefined

test.afterEach(async () => {
  const errors = session?.windowErrors ?? []
  await session?.close()
  session = undefined
  expect(errors, 'errors in the window').toEqual([])
})

/** `name`'s button lies wholly inside the window, unclipped by the column it scrolls in. */
async function buttonInView(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name, exact: true })
  await expect(button).toBeInViewport({ ratio: 1 })
  const box = await button.boundingBox()
  const viewport = page.viewportSize()!
  expect(box, `${name} is on the page`).not.toBeNull()
  expect(box!.y, `${name} starts inside the window`).toBeGreaterThanOrEqual(0)
  expect(box!.y + box!.height, `${name} ends above the window's bottom edge (${viewport.height}px)`).toBeLessThanOrEqual(viewport.height)
  expect(box!.x + box!.width, `${name} ends inside the window's width`).toBeLessThanOrEqual(viewport.width)
}

const WORDS = {
  en: { locale: 'en-GB', newBooking: 'New booking', name: 'First name', book: 'Book' },
  ru: { locale: 'ru-RU', newBooking: 'Новая запись', name: 'Имя', book: 'Записать' }
} as const
const SIZES = [
  { width: 1280, height: 800, lang: 'en' },
  { width: 1366, height: 768, lang: 'en' },
  { width: 1280, height: 800, lang: 'ru' },
  { width: 1366, height: 768, lang: 'ru' }
] as const

for (const { width, height, lang } of SIZES) {
  const w = WORDS[lang]
  test.describe(`at ${width}×${height} in ${lang}`, () => {
    test.use({ viewport: { width, height }, locale: w.locale })

    test('the Book button is in sight with the form empty, before and after choosing a class', async ({ page }) => {
      session = await openStudioSession(page, SIGNED_IN)
      await expect(page.getByRole('heading', { name: w.newBooking })).toBeVisible()
      await expect(page.getByLabel(w.name, { exact: true })).toHaveValue('')
      await page.screenshot({ path: `${SHOTS}/layout-book-${width}x${height}-${lang}-no-class.png` })
      await buttonInView(page, w.book)
      await page.locator(`#event-${YOGA}`).click()
      await expect(page.getByTestId('chosen-event')).toContainText('Evening yoga')
      await expect(page.getByLabel(w.name, { exact: true })).toHaveValue('')
      await page.screenshot({ path: `${SHOTS}/layout-book-${width}x${height}-${lang}.png` })
      await buttonInView(page, w.book)
    })
  })
}

test('each count in the header opens the outbox on the bookings it counts, from either screen', async ({ page }) => {
  session = await openStudioSession(page, SIGNED_IN)
  const { sim, desk } = session
  sim.injectFaults({ kind: 'status', status: 400 })
  await desk.submitBooking({ locationId: LOCATION_ID, eventId: YOGA, request: booking({ name: 'Refused', surname: 'Once' }) })
  const attention = page.getByRole('button', { name: '1 needs attention' })
  await expect(attention).toBeVisible()
  await sim.stop() // the line drops: the next booking waits
  await desk.submitBooking({ locationId: LOCATION_ID, eventId: YOGA, request: booking({ name: 'Offline', surname: 'Later' }) })
  const waiting = page.getByRole('button', { name: '1 waiting' })
  await expect(waiting).toBeVisible()

  const tab = (name: string) => page.getByRole('tab', { name: new RegExp(`^${name} \\d+$`) })
  await attention.click()
  await expect(tab('Needs attention')).toHaveAttribute('aria-selected', 'true')
  await expect(tab('Needs attention')).toBeFocused()
  await expect(outboxRow(page, 'Refused Once')).toBeVisible()
  await expect(outboxRow(page, 'Offline Later')).toHaveCount(0)

  // From Settings, the count brings the Book screen back with its view.
  await page.getByRole('tab', { name: 'Settings' }).click()
  await waiting.click()
  await expect(page.getByRole('tab', { name: 'Book' })).toHaveAttribute('aria-selected', 'true')
  await expect(tab('Waiting')).toHaveAttribute('aria-selected', 'true')
  await expect(tab('Waiting')).toBeFocused()
  await expect(outboxRow(page, 'Offline Later')).toBeVisible()
  await expect(outboxRow(page, 'Refused Once')).toHaveCount(0)
  await expectAccessible(page, 'the Book screen opened from a header count')
  await page.screenshot({ path: `${SHOTS}/header-count-waiting.png` })
})
