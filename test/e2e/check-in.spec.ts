import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import type { FrontDesk } from '../../src-main/core/index.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, RECEPTIONIST, RETURNING_CLIENT, RETURNING_DIGITS, classId } from '../simulator/seed-studio.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN } from '../support/desk-fixtures.ts'
import { SHOTS, openAdminSettings, openStudioSession, type DeskSession } from './support/desk-session.ts'
import { expectAccessible } from './support/training-session.ts'

/**
 * Check-in at the desk, in English and Russian: the chosen class's roster, a client already in it asked
 * about before a second booking (Mark arrived the default), outbox rows that read as classes, bookings queued with no one signed
 * in, and the key presses a booking takes. Every clock (simulator, core, window) reads the test day's 09:00
 * plus the time the test has run, so today's 18:00 class is ahead whenever the suite runs.
 */
mkdirSync(SHOTS, { recursive: true })

const YOGA = classId(0, EVENING_YOGA_SLOT)

const WORDS = {
  en: {
    heading: /Booked in/, inAltegio: 'In Altegio', held: 'Held', search: 'Find in this class', lookup: 'Find a returning client',
    duplicate: 'Already booked in this class', again: 'Book again', markArrived: 'Mark arrived', cancel: 'Cancel', name: 'First name', phone: 'Phone',
    signedOut: /No one is signed in\. You can still book/, heldRow: 'Held — waits for someone to sign in', login: 'Login', password: 'Password',
    signIn: 'Sign in', sentBadge: 'Sent', sent: /Sent — Altegio record #/, outbox: /bookings, newest first/, noMatch: /No one in this class matches/,
    whereBooked: 'booked in Altegio', labels: 'Labels', trial: 'Trial class', settings: 'Settings', mine: 'Your locations in Altegio', locationId: 'Location id', placeName: 'Name'
  },
  ru: {
    heading: /Записаны на/, inAltegio: 'В Altegio', held: 'Задержана', search: 'Найти на этом занятии', lookup: 'Найти постоянного клиента',
    duplicate: 'Клиент уже записан на это занятие', again: 'Записать ещё раз', markArrived: 'Отметить: на месте', cancel: 'Отмена', name: 'Имя', phone: 'Телефон',
    signedOut: /Никто не вошёл\. Записывать всё равно можно/, heldRow: 'Задержана — ждёт, пока кто-нибудь войдёт', login: 'Логин', password: 'Пароль',
    signIn: 'Войти', sentBadge: 'Отправлена', sent: /Отправлена — запись Altegio №/, outbox: /записи, сначала новые/, noMatch: /На этом занятии нет никого/,
    whereBooked: 'запись в Altegio', labels: 'Метки', trial: 'Trial class', settings: 'Настройки', mine: 'Ваши филиалы в Altegio', locationId: 'Номер филиала', placeName: 'Название'
  }
} as const

let session: DeskSession | undefined
let sim: AltegioSimulator
let desk: FrontDesk
let windowErrors: string[]

async function open(page: Page, secrets: Record<string, string>): Promise<void> {
  session = await openStudioSession(page, secrets)
  ;({ sim, desk, windowErrors } = session)
}

test.afterEach(async () => {
  await session?.close()
  session = undefined
  expect(windowErrors, 'errors in the window').toEqual([])
})

/** Counts every key press; typed text counts one per character. */
function keyboard(page: Page) {
  const counter = {
    keys: 0,
    async press(key: string) {
      counter.keys += 1
      await page.keyboard.press(key)
    },
    async type(text: string) {
      counter.keys += [...text].length
      await page.keyboard.type(text)
    }
  }
  return counter
}

/** From the window opening on today (the list in focus), arrows down to the 18:00 class and Enter. */
async function chooseYoga(page: Page, keys: ReturnType<typeof keyboard>): Promise<void> {
  const list = page.locator('#event-list')
  await expect(list).toBeFocused()
  await expect(page.locator(`#event-${YOGA}`)).toBeVisible()
  const ids = await page.getByRole('option').evaluateAll((rows) => rows.map((row) => row.id))
  const active = await list.getAttribute('aria-activedescendant')
  for (let i = ids.indexOf(active!); i < ids.indexOf(`event-${YOGA}`); i++) await keys.press('ArrowDown')
  await keys.press('Enter')
  await expect(page.locator('#client-search')).toBeFocused()
}

const rosterRow = (page: Page, name: string) => page.getByTestId('class-roster').getByRole('listitem').filter({ hasText: name })

for (const lang of ['en', 'ru'] as const) {
  const w = WORDS[lang]
  test.describe(`in ${lang === 'en' ? 'English' : 'Russian'}`, () => {
    test.use({ locale: lang === 'en' ? 'en-GB' : 'ru-RU' })

    test('the class roster, searchable; a client already in the class is asked about before a second booking', async ({ page }) => {
      await open(page, { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN })
      const keys = keyboard(page)
      await chooseYoga(page, keys)

      // Who is booked: the seeded 7, each in Altegio.
      const roster = page.getByTestId('class-roster')
      await expect(roster.getByRole('heading', { name: w.heading })).toContainText('18:00 Evening yoga')
      await expect(roster.getByRole('listitem')).toHaveCount(7)
      await expect(roster.getByRole('listitem').filter({ hasText: w.inAltegio })).toHaveCount(7)
      const { entries } = await desk.classRoster({ locationId: LOCATION_ID, eventId: YOGA, live: false })
      const guest = entries[2]!
      const digits = guest.phone.replace(/\D/g, '').slice(-6)

      // Searchable by the last digits of a phone, and by name.
      await page.getByLabel(w.search).fill(digits)
      await expect(roster.getByRole('listitem')).toHaveCount(1)
      await expect(roster.getByRole('listitem')).toContainText(guest.name)
      await page.getByLabel(w.search).fill(guest.name.split(' ')[0]!.toLowerCase())
      await expect(roster.getByRole('listitem').filter({ hasText: guest.name })).toHaveCount(1)
      await page.getByLabel(w.search).fill('zzzz')
      await expect(roster.getByText(w.noMatch)).toBeVisible()
      await page.getByLabel(w.search).press('Escape')
      await expect(roster.getByRole('listitem')).toHaveCount(7)
      await expectAccessible(page, 'the class roster')
      // As staff see it once they look down the day's column: the roster in full.
      await roster.evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await page.screenshot({ path: `${SHOTS}/roster-${lang}.png` })

      // Her phone in the roster: masked to the country code and the last digits.
      const rowPhone = (await rosterRow(page, guest.name).locator('.who__phone').textContent())!.trim()
      expect(rowPhone).toMatch(/^\+\d+ [•\s\d]+$/)
      expect(rowPhone).toContain('•')

      // The same client by the look-up: the desk asks before booking her twice, from the keyboard.
      await page.locator('#client-search').focus()
      await page.keyboard.type(digits)
      await expect(page.locator('#client-results').getByRole('option').first()).toContainText(guest.name.split(' ')[0]!)
      await page.keyboard.press('Enter')
      await expect(page.getByTestId('picked-client')).toContainText(guest.name.split(' ')[0]!)
      await page.keyboard.press('Enter')
      const dialog = page.getByRole('dialog', { name: w.duplicate })
      await expect(dialog).toBeVisible()
      await expect(dialog.getByTestId('duplicate-found')).toContainText(guest.name)
      await expect(dialog.getByTestId('duplicate-found')).toContainText(w.whereBooked)
      // The dialog writes her phone as her row in the roster beside it does: masked, never more.
      await expect(dialog.getByTestId('duplicate-found')).toContainText(rowPhone)
      // She has most likely come for the class: Enter marks her arrived; Book again is there, never the default.
      await expect(dialog.getByRole('button', { name: w.markArrived })).toBeFocused()
      await expect(dialog.getByRole('button', { name: w.again })).toBeVisible()
      await expectAccessible(page, 'the double-booking question')
      await page.screenshot({ path: `${SHOTS}/duplicate-${lang}.png` })
      await page.keyboard.press('Escape')
      await expect(dialog).toBeHidden()
      await expect(page.locator('#client-search')).toBeFocused()
      expect(await desk.listBookings()).toEqual([])

      // Staff may still book her again: Shift+Tab to "Book again", Enter.
      await page.getByLabel(w.phone, { exact: true }).press('Enter')
      await expect(dialog).toBeVisible()
      await page.keyboard.press('Shift+Tab')
      await expect(dialog.getByRole('button', { name: w.again })).toBeFocused()
      await page.keyboard.press('Enter')
      await expect.poll(() => sim.records().length, { timeout: 15_000 }).toBe(1)
      expect(sim.records()[0]).toMatchObject({ eventId: YOGA, client: { id: guest.clientId } })
      await expect(roster.getByRole('listitem').filter({ hasText: guest.name })).toHaveCount(2)

      // A booking of this desk counts too: the returning client, twice in a row.
      await page.locator('#client-search').focus()
      await page.keyboard.type(RETURNING_DIGITS)
      await expect(page.locator('#client-results').getByRole('option').first()).toContainText('Ольга')
      await page.keyboard.press('Enter')
      await expect(page.getByTestId('picked-client')).toContainText('Ольга')
      await page.keyboard.press('Enter')
      await expect(rosterRow(page, 'Ольга Смирнова')).toHaveCount(1)
      await page.keyboard.type(RETURNING_DIGITS)
      await expect(page.locator('#client-results').getByRole('option').first()).toContainText('Ольга')
      await page.keyboard.press('Enter')
      await expect(page.getByTestId('picked-client')).toContainText('Ольга')
      await page.keyboard.press('Enter')
      await expect(dialog).toBeVisible()
      await page.keyboard.press('Escape')
      expect((await desk.listBookings()).filter((i) => i.request.client.id === RETURNING_CLIENT.id)).toHaveLength(1)
    })

    test('key presses: a returning client and a walk-in into the class shown', async ({ page }) => {
      await open(page, { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN })
      const keys = keyboard(page)
      await chooseYoga(page, keys)
      const toChoose = keys.keys

      // Returning client, the class shown and the cursor in the look-up: the phone's last 4 digits, Enter, Enter.
      keys.keys = 0
      await keys.type(RETURNING_DIGITS)
      await expect(page.locator('#client-results').getByRole('option', { name: /Ольга Смирнова/ })).toBeVisible()
      await keys.press('Enter')
      await keys.press('Enter')
      await expect(page.getByRole('list', { name: w.outbox }).getByText(w.sent).first()).toBeVisible()
      const returning = keys.keys
      expect(returning).toBe(6)

      // Walk-in into the same class: Tab to First name, the name, Tab Tab to Phone, the number, Enter.
      await expect(page.locator('#client-search')).toBeFocused()
      keys.keys = 0
      await keys.press('Tab')
      await expect(page.getByLabel(w.name, { exact: true })).toBeFocused()
      await keys.type('Пётр')
      await keys.press('Tab')
      await keys.press('Tab')
      await expect(page.getByLabel(w.phone, { exact: true })).toBeFocused()
      await keys.type('89165551234')
      await keys.press('Enter')
      await expect.poll(() => sim.records().length, { timeout: 15_000 }).toBe(2)
      expect(sim.records()[1]).toMatchObject({ eventId: YOGA, client: { name: 'Пётр', phone: '+79165551234' } })
      const walkIn = keys.keys
      expect(walkIn).toBe(4 + 'Пётр'.length + '89165551234'.length)
      console.log(`${lang}: choosing the class ${toChoose} keys; returning client into the class shown ${returning}; walk-in ${walkIn} (4 besides name and phone)`)
    })

    test('signed out, the form stays and says so: the booking is held, reads as its class, and goes at sign-in', async ({ page }) => {
      await open(page, { 'partner-token': PARTNER_TOKEN })
      await expect(page.getByTestId('signed-out-notice')).toContainText(w.signedOut)
      // The day is live with the partner token alone; choose the class with the mouse this time.
      await page.locator(`#event-${YOGA}`).click()
      await expect(page.getByTestId('class-roster')).toBeVisible()
      await page.getByLabel(w.name, { exact: true }).fill('Вера')
      await page.getByLabel(w.phone, { exact: true }).fill('8 916 555-00-11')
      await page.getByLabel(w.phone, { exact: true }).press('Enter')
      const row = page.getByRole('list', { name: w.outbox }).getByRole('listitem').filter({ hasText: 'Вера' })
      await expect(row.getByText(w.heldRow)).toBeVisible()
      await expect(row.getByTestId('row-class')).toHaveText('18:00 Evening yoga')
      await expect(rosterRow(page, 'Вера')).toContainText(w.held)
      await expectAccessible(page, 'signed out, a booking held')
      await page.screenshot({ path: `${SHOTS}/signed-out-${lang}.png` })
      expect(sim.records()).toEqual([])

      await page.getByLabel(w.login).fill(RECEPTIONIST.login)
      await page.getByLabel(w.password).fill(RECEPTIONIST.password)
      await page.getByLabel(w.password).press('Enter')
      await expect(row.getByText(w.sent)).toBeVisible({ timeout: 15_000 })
      await expect(rosterRow(page, 'Вера')).toContainText(w.sentBadge)
      expect(sim.records()).toMatchObject([{ eventId: YOGA, client: { name: 'Вера', phone: '+79165550011' } }])

      // Offline, the row still reads as its class: it was kept with the booking.
      await sim.stop()
      await page.reload()
      await expect(page.getByRole('list', { name: w.outbox }).getByRole('listitem').filter({ hasText: 'Вера' }).getByTestId('row-class')).toHaveText(
        '18:00 Evening yoga'
      )
    })
  
    test('no ids to type: labels chosen by name, the location chosen from the user’s locations', async ({ page }) => {
      await open(page, { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN })
      await page.locator(`#event-${YOGA}`).click()
      for (const idBox of ['Class id', 'Existing client id', 'Tag ids', 'Номер занятия', 'Номер клиента в Altegio', 'Номера меток']) {
        await expect(page.getByLabel(idBox, { exact: true })).toHaveCount(0)
      }
      const labels = page.getByRole('group', { name: w.labels })
      await expect(labels.getByRole('checkbox')).toHaveCount(3)
      await page.getByLabel(w.name, { exact: true }).fill('Лев')
      await page.getByLabel(w.phone, { exact: true }).fill('8 916 555-44-33')
      await labels.getByRole('checkbox', { name: w.trial }).focus()
      await page.keyboard.press('Space')
      await expect(labels.getByRole('checkbox', { name: w.trial })).toBeChecked()
      await page.getByLabel(w.phone, { exact: true }).press('Enter')
      await expect.poll(() => sim.records().length, { timeout: 15_000 }).toBe(1)
      expect(sim.records()[0]).toMatchObject({ eventId: YOGA, labels: [3101], client: { name: 'Лев' } })

      await openAdminSettings(page)
      const mine = page.getByLabel(w.mine)
      await expect(mine).toBeVisible()
      await page.getByLabel(w.locationId).fill('')
      await page.getByLabel(w.placeName, { exact: true }).fill('')
      await mine.selectOption({ label: 'City studio' })
      await expect(page.getByLabel(w.locationId)).toHaveValue(String(LOCATION_ID))
      await expect(page.getByLabel(w.placeName, { exact: true })).toHaveValue('City studio')
      await expectAccessible(page, 'Settings with the user’s locations')
      await page.screenshot({ path: `${SHOTS}/settings-locations-${lang}.png` })
    })
  })
}
