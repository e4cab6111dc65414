import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { SHOTS, book, openSession, outboxRow, setUpDesk, type DeskSession } from './support/desk-session.ts'
import { expectAccessible, openTraining, type TrainingSession } from './support/training-session.ts'
import { practiceStaffName } from '../../src-main/practice/practice-location.ts'

/**
 * Every desk: in English and Russian (picked from the browser's locale), every screen passes axe-core,
 * training mode is marked on every screen and never touches the real account, and the window works at
 * 200% zoom. The screenshots here are the README's: `npm run screenshots` copies them into docs/screenshots/.
 */
mkdirSync(SHOTS, { recursive: true })

const WORDS = {
  en: { ribbon: 'Training — nothing is sent to Altegio', book: 'Book', settings: 'Settings', newBooking: 'New booking', name: 'First name', phone: 'Phone', slots: 'Places', submit: 'Book', queue: 'Queue anyway', discard: 'Discard…', cancel: 'Cancel', signOut: 'Sign out', signIn: 'Sign in to Altegio', language: 'Language', outbox: /bookings, newest first/, leave: 'Leave training', failed: 'Failed' },
  ru: { ribbon: 'Обучение — в Altegio ничего не отправляется', book: 'Запись', settings: 'Настройки', newBooking: 'Новая запись', name: 'Имя', phone: 'Телефон', slots: 'Мест', submit: 'Записать', queue: 'Всё равно поставить в очередь', discard: 'Не отправлять…', cancel: 'Отмена', signOut: 'Выйти', signIn: 'Вход в Altegio', language: 'Язык', outbox: /записи, сначала новые/, leave: 'Выйти из обучения', failed: 'Ошибка' }
} as const

/** Saved under test-results/ only: a test run never changes a tracked file. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` })
}

for (const lang of ['en', 'ru'] as const) {
  const w = WORDS[lang]
  test.describe(`in ${lang === 'en' ? 'English' : 'Russian'}`, () => {
    test.use({ locale: lang === 'en' ? 'en-GB' : 'ru-RU' })
    let session: TrainingSession | DeskSession | undefined
    test.afterEach(async () => {
      const errors = session?.windowErrors ?? []
      await session?.close()
      session = undefined
      expect(errors, 'errors in the window (CSP violations, exceptions)').toEqual([])
    })

    test('a fresh desk opens in training: every screen marked, accessible, and nothing reaches the real account', async ({ page }) => {
      test.setTimeout(120_000) // five axe passes and a practice studio that answers slowly on purpose
      const training = await openTraining(page)
      session = training
      const ribbon = page.getByTestId('training-ribbon')
      await expect(ribbon).toContainText(w.ribbon)
      await expect(page.getByRole('heading', { name: w.newBooking })).toBeVisible()
      const evening = page.getByRole('option').filter({ hasText: '18:00' })
      await expect(evening).toBeVisible()
      await expectAccessible(page, 'Book (events)')
      await shot(page, `book-${lang}`)

      // A booking for more places than are free: the desk asks first, then the practice studio refuses it (422).
      await evening.click()
      await page.getByLabel(w.name, { exact: true }).fill(lang === 'en' ? 'Emma' : 'Мария')
      await page.getByLabel(w.phone, { exact: true }).fill('+44 7911 123456')
      await page.getByLabel(w.slots, { exact: true }).fill('9')
      await page.getByRole('button', { name: w.submit, exact: true }).click()
      const overbook = page.getByRole('dialog')
      await expect(overbook).toContainText(w.ribbon)
      await expectAccessible(page, 'the overbooking question')
      await overbook.getByRole('button', { name: w.queue }).click()
      const list = page.getByRole('list', { name: w.outbox })
      const row = list.getByRole('listitem').first()
      await expect(row).toContainText(w.failed, { timeout: 15_000 })
      // Training is signed in as its practice receptionist, the header and its bookings say so.
      await expect(row.getByTestId('row-staff')).toContainText(practiceStaffName(lang))
      await expect(page.getByRole('banner').getByText(practiceStaffName(lang), { exact: true })).toBeVisible()
      await expectAccessible(page, 'Book (form and outbox)')
      await shot(page, `book-outbox-${lang}`)

      await row.getByRole('button', { name: w.discard }).click()
      await expect(page.getByRole('dialog')).toBeVisible()
      await expectAccessible(page, 'the Discard confirmation')
      await shot(page, `discard-${lang}`)
      await page.getByRole('dialog').getByRole('button', { name: w.cancel }).click()

      await page.getByRole('tab', { name: w.settings }).click()
      await expect(page.getByLabel(w.language, { exact: true })).toBeVisible()
      await expect(ribbon).toBeVisible()
      await expectAccessible(page, 'Settings')
      await shot(page, `settings-${lang}`)

      await page.getByRole('tab', { name: w.book }).click()
      await page.getByRole('button', { name: w.signOut, exact: true }).click()
      await expect(page.getByRole('heading', { name: w.signIn })).toBeVisible()
      await expect(ribbon).toBeVisible()
      await expectAccessible(page, 'sign-in')
      await shot(page, `sign-in-${lang}`)

      // The training outbox is its own; the real desk saw nothing.
      expect(await training.real.listBookings()).toEqual([])
      expect((await training.modes.current().listBookings()).length).toBe(1)
      await ribbon.getByRole('button', { name: w.leave }).click()
      await expect(ribbon).toBeHidden()
      expect(training.modes.info().mode).toBe('real')
    })

    test('at 200% zoom (640×400 CSS pixels) nothing scrolls sideways and the key controls are reachable', async ({ page }) => {
      await page.setViewportSize({ width: 640, height: 400 })
      session = await openTraining(page)
      await expect(page.getByRole('option').filter({ hasText: '18:00' })).toBeVisible()
      const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(await sideways(), 'Book scrolls sideways').toBeLessThanOrEqual(0)
      await shot(page, `zoom-book-${lang}`)
      for (const control of [page.getByRole('button', { name: w.submit, exact: true }), page.getByLabel(w.phone, { exact: true })]) {
        await control.scrollIntoViewIfNeeded()
        await expect(control).toBeInViewport()
      }
      await page.getByRole('tab', { name: w.settings }).click()
      expect(await sideways(), 'Settings scrolls sideways').toBeLessThanOrEqual(0)
      const language = page.getByLabel(w.language, { exact: true })
      await language.scrollIntoViewIfNeeded()
      await expect(language).toBeInViewport()
      await shot(page, `zoom-settings-${lang}`)
    })
  })
}

test('the Resolve dialog passes axe in both languages, switched in Settings; announcements follow the language', async ({ page }) => {
  const s = await openSession(page, { lookUp: { afterMs: 10 * 60_000 } })
  try {
    await setUpDesk(page, s.sim)
    s.sim.injectFaults({ kind: 'drop_after_store' })
    await book(page, { name: 'Vera', phone: '+44 7911 123001' })
    const vera = outboxRow(page, 'Vera')
    await expect(vera.getByText('Unconfirmed — being checked with Altegio…')).toBeVisible()
    await expect(page.getByTestId('announcements')).toContainText('Booking for Vera queued')
    await vera.getByRole('button', { name: 'Resolve…' }).click()
    await expect(page.getByRole('dialog', { name: 'Did Altegio get this booking?' })).toBeVisible()
    // The dialog read the class's list in Altegio, and the class shown behind it follows that read.
    await expect(page.getByTestId('class-roster').getByText('In Altegio', { exact: true })).toBeVisible()
    await expectAccessible(page, 'Resolve (English)')
    await shot(page, 'resolve-en')
    await page.keyboard.press('Escape')

    await page.getByRole('tab', { name: 'Settings' }).click()
    await page.getByLabel('Language', { exact: true }).selectOption('ru')
    await expect(page.getByRole('tab', { name: 'Настройки' })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
    await page.getByRole('tab', { name: 'Запись' }).click()
    await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Vera' }) }).getByRole('button', { name: 'Уточнить…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Получил ли Altegio эту запись?' })
    await expect(dialog).toBeVisible()
    await expectAccessible(page, 'Resolve (Russian)')
    await shot(page, 'resolve-ru')
    await dialog.getByRole('radio', { name: /Запись создана в Altegio/ }).check()
    await dialog.getByRole('button', { name: 'Отметить созданной' }).click()
    await expect(page.getByTestId('announcements')).toContainText('Vera: запись отправлена')
    // The choice is remembered: a reload comes back in Russian.
    await page.reload()
    await expect(page.getByRole('tab', { name: 'Запись' })).toBeVisible()
    expect(s.windowErrors, 'errors in the window').toEqual([])
  } finally {
    await s.close()
  }
})
