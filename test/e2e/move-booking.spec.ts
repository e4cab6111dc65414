import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { EVENING_YOGA_SLOT, classId } from '../simulator/seed-studio.ts'
import { PARTNER_TOKEN, USER_TOKEN } from '../support/desk-fixtures.ts'
import { SHOTS, openStudioSession, type DeskSession } from './support/desk-session.ts'
import { expectAccessible } from './support/training-session.ts'

/**
 * Move to another class, in English and Russian: offered where "Retry now" would be for a booking a full
 * class refused (in the outbox, and in the form that took it back for fixing), and for one still waiting;
 * the client's details are kept, never typed twice.
 */
mkdirSync(SHOTS, { recursive: true })

const YOGA = classId(0, EVENING_YOGA_SLOT)
const STRETCH = classId(0, EVENING_YOGA_SLOT + 1)

const WORDS = {
  en: {
    name: 'First name', phone: 'Phone', places: 'Places', overbook: 'Not enough free places', queueAnyway: 'Queue anyway',
    full: 'Not booked — no free places left', move: 'Move to another class…', retry: 'Retry now',
    moveTitle: (name: string) => `Move ${name} to another class`, editing: 'Editing a saved booking', outbox: /bookings, newest first/
  },
  ru: {
    name: 'Имя', phone: 'Телефон', places: 'Мест', overbook: 'Не хватает свободных мест', queueAnyway: 'Всё равно поставить в очередь',
    full: 'Запись не создана — мест нет', move: 'Перенести на другое занятие…', retry: 'Повторить',
    moveTitle: (name: string) => new RegExp(name), editing: 'Исправление сохранённой записи', outbox: /записи, сначала новые/
  }
} as const

let session: DeskSession | undefined

test.afterEach(async () => {
  if (!session) return
  const { windowErrors } = session
  await session.close()
  session = undefined
  expect(windowErrors, 'errors in the window').toEqual([])
})

for (const lang of ['en', 'ru'] as const) {
  const w = WORDS[lang]
  test.describe(`in ${lang === 'en' ? 'English' : 'Russian'}`, () => {
    test.use({ locale: lang === 'en' ? 'en-GB' : 'ru-RU' })

    test('Move to another class: offered for a booking refused for a full class, where Retry was, and for one still waiting', async ({ page }) => {
      session = await openStudioSession(page, { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN })
      const { sim } = session
      await page.locator(`#event-${YOGA}`).click()
      await page.getByLabel(w.name, { exact: true }).fill('Walk-in')
      await page.getByLabel(w.phone, { exact: true }).fill('+44 7911 123457')
      await page.getByLabel(w.places, { exact: true }).fill('6') // 5 places are free
      await page.getByLabel(w.places, { exact: true }).press('Enter')
      await page.getByRole('dialog', { name: w.overbook }).getByRole('button', { name: w.queueAnyway }).click()
      const outbox = page.getByRole('list', { name: w.outbox })
      const row = outbox.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Walk-in' }) })
      await expect(row.getByText(w.full)).toBeVisible({ timeout: 15_000 })
      await expect(row.getByRole('button', { name: w.move })).toBeVisible()
      await expect(row.getByRole('button', { name: w.retry })).toHaveCount(0)

      // The form took it back for fixing: the move is offered there too, and keeps the client's details.
      const notice = page.getByRole('region', { name: w.editing })
      await notice.getByRole('button', { name: w.move }).click()
      const dialog = page.getByRole('dialog', { name: w.moveTitle('Walk-in') })
      await expectAccessible(page, 'moving a booking refused for a full class')
      await dialog.getByRole('button', { name: /Stretch/ }).click()
      await expect(dialog).toBeHidden()
      await expect.poll(() => sim.records().map((r) => [r.eventId, r.clientsCount])).toEqual([[STRETCH, 6]])

      // Still waiting (the line is down): moved the same way.
      await sim.stop()
      await page.locator(`#event-${YOGA}`).click()
      await page.getByLabel(w.name, { exact: true }).fill('Second')
      await page.getByLabel(w.phone, { exact: true }).fill('+44 7911 123458')
      await page.getByLabel(w.places, { exact: true }).fill('1')
      await page.getByLabel(w.phone, { exact: true }).press('Enter')
      const waiting = outbox.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Second' }) })
      await expect(waiting.getByRole('button', { name: w.move })).toBeVisible()
      await waiting.getByRole('button', { name: w.move }).click()
      await page.getByRole('dialog', { name: w.moveTitle('Second') }).getByRole('button', { name: /Lunchtime HIIT/ }).click()
      await expect(waiting.getByTestId('row-class')).toContainText('Lunchtime HIIT')
    })
  })
}
