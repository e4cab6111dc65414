import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import type { FrontDesk } from '../../src-main/core/index.ts'
import type { RosterEntry } from '../../src-main/shared/roster-schemas.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, classId } from '../simulator/seed-studio.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking } from '../support/desk-fixtures.ts'
import { testTime } from '../support/test-clock.ts'
import { SHOTS, openStudioSession, type DeskSession } from './support/desk-session.ts'
import { expectAccessible } from './support/training-session.ts'

/**
 * "Am I booked?" in English and Russian: the day search from one key (F2) or a scanner typing where no
 * field has focus, by name, by a phone's last digits and by a scanned code; Enter finds, Enter marks
 * arrived. A scanner's keystrokes are the scanner's: the key presses counted are staff's own.
 */
mkdirSync(SHOTS, { recursive: true })

const YOGA = classId(0, EVENING_YOGA_SLOT)
/** Today's 19:30 class, after the 18:00 one. */
const STRETCH = classId(0, EVENING_YOGA_SLOT + 1)
const TODAY = localDay(testTime(9))
const TOKENS = { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN }

const WORDS = {
  en: {
    title: /Am I booked\?/, field: 'Name, last digits of the phone, or a scanned code', arrived: 'Arrived', undo: 'Undo', marked: 'Arrived',
    unknown: /No one booked today has the code 4600000000017\. Nothing was created\./, which: /This code matches 2 clients\. Who is at the desk\?/,
    markedNotice: /marked arrived: 18:00 Evening yoga/, inAltegio: 'In Altegio',
    saved: /Altegio is out of reach: showing the lists saved on this computer/,
    cancelFor: (name: string) => `Cancel the booking of ${name}`, cancelTitle: 'Cancel this booking?', keep: 'Keep booking', cancelConfirm: 'Cancel booking', cancelled: 'Cancelled',
    cancelArrived: (name: string) => `${name} is marked arrived: undo the mark first, then cancel.`,
    cancelledNotice: (name: string) => `${name}: booking for 18:00 Evening yoga cancelled.`, cancelOnItsWay: 'Cancellation not in Altegio yet',
    moveFor: (name: string) => `Move the booking of ${name} to another class`, moveTitle: (name: string) => `Move ${name} to another class`, waiting: 'Waiting',
    movedNotice: (name: string) => `${name} moved to 19:30 Stretch & release.`
  },
  ru: {
    title: /Есть ли запись\?/, field: 'Имя, последние цифры телефона или код со сканера', arrived: 'На месте', undo: 'Снять отметку', marked: 'На месте',
    unknown: /Среди записанных на сегодня нет клиента с кодом 4600000000017\. Ничего не создано\./, which: /Клиентов с этим кодом: 2\. Кто пришёл\?/,
    markedNotice: /отмечено «На месте», 18:00 Evening yoga/, inAltegio: 'В Altegio',
    saved: /Нет связи с Altegio: показаны списки, сохранённые на этом компьютере/,
    cancelFor: (name: string) => `Отменить запись: ${name}`, cancelTitle: 'Отменить запись?', keep: 'Оставить запись', cancelConfirm: 'Отменить запись', cancelled: 'Отменена',
    cancelArrived: (name: string) => `${name}: стоит отметка «на месте». Сначала снимите отметку, потом отменяйте запись.`,
    cancelledNotice: (name: string) => `${name}: запись на 18:00 Evening yoga отменена.`, cancelOnItsWay: 'Отмена записи ещё не в Altegio',
    moveFor: (name: string) => `Перенести запись на другое занятие: ${name}`, moveTitle: (name: string) => `Перенос на другое занятие: ${name}`, waiting: 'Ожидает',
    movedNotice: (name: string) => `${name}: запись перенесена на 19:30 Stretch & release.`
  }
} as const

let session: DeskSession | undefined
let sim: AltegioSimulator
let desk: FrontDesk

async function open(page: Page, beforeWindow?: (desk: FrontDesk) => Promise<void>, options = {}): Promise<void> {
  session = await openStudioSession(page, TOKENS, beforeWindow, options)
  ;({ sim, desk } = session)
}

test.afterEach(async () => {
  const errors = session?.windowErrors ?? []
  await session?.close()
  session = undefined
  expect(errors, 'errors in the window').toEqual([])
})

/** Counts staff's key presses; typed text counts one per character. */
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

/** A scanner: its digits and its Enter, typed at once into whatever has focus. Not staff's key presses. */
async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code)
  await page.keyboard.press('Enter')
}

/**
 * People in today's 18:00 class who have no other class today and whom their full name alone finds, so
 * the one booking a search shows is the one Enter marks.
 */
async function loners(): Promise<RosterEntry[]> {
  await desk.listEvents({ locationId: LOCATION_ID, date: TODAY })
  const { entries } = await desk.classRoster({ locationId: LOCATION_ID, eventId: YOGA })
  const found: RosterEntry[] = []
  for (const entry of entries) {
    const byPhone = await desk.searchDay({ locationId: LOCATION_ID, day: TODAY, query: entry.phone.replace(/\D/g, '') })
    const byName = await desk.searchDay({ locationId: LOCATION_ID, day: TODAY, query: entry.name })
    if (byPhone.matches.length === 1 && byPhone.matches[0]!.bookings.length === 1 && byName.matches.length === 1) found.push(entry)
  }
  if (found.length < 2) throw new Error('the seeded 18:00 class has too few people booked in it alone')
  return found
}
const onlyInYoga = async (): Promise<RosterEntry> => (await loners())[0]!

const dialog = (page: Page, lang: 'en' | 'ru') => page.getByRole('dialog', { name: WORDS[lang].title })

for (const lang of ['en', 'ru'] as const) {
  const w = WORDS[lang]
  test.describe(`in ${lang === 'en' ? 'English' : 'Russian'}`, () => {
    test.use({ locale: lang === 'en' ? 'en-GB' : 'ru-RU' })

    test('F2 opens the day search from anywhere on the Book screen; it finds a client by name (ё as е) and by her phone’s last digits, offline too', async ({ page }) => {
      await open(page)
      const guest = await onlyInYoga()
      await expect(page.locator('#event-list')).toBeFocused()

      const keys = keyboard(page)
      await keys.press('F2')
      const search = dialog(page, lang)
      await expect(search).toBeVisible()
      await expect(search.getByLabel(w.field)).toBeFocused()
      await keys.type(guest.name.toLowerCase().replace(/е/g, 'ё'))
      await keys.press('Enter')
      // One client: her booking's "Arrived" has focus, so the next Enter marks her.
      const client = search.getByTestId('day-client').filter({ hasText: guest.name })
      await expect(client).toBeVisible()
      await expect(client.getByRole('listitem')).toContainText('18:00 Evening yoga')
      await expect(client.getByRole('button', { name: w.arrived })).toBeFocused()
      await expectAccessible(page, 'the day search, a client found')
      await page.screenshot({ path: `${SHOTS}/day-search-found-${lang}.png` })

      // By the last 4 digits of her phone, from the field again.
      await search.getByLabel(w.field).fill(guest.phone.replace(/\D/g, '').slice(-4))
      await search.getByLabel(w.field).press('Enter')
      await expect(search.getByTestId('day-client').filter({ hasText: guest.name }).or(search.getByTestId('day-which'))).toBeVisible()
      await expect(search.getByText(guest.name).first()).toBeVisible()

      // Offline, a minute later: the lists saved on this computer answer, and the dialog says so.
      await sim.stop()
      session!.clock.shift(61_000)
      await search.getByLabel(w.field).fill(guest.name)
      await search.getByLabel(w.field).press('Enter')
      await expect(search.getByText(w.saved)).toBeVisible()
      await expect(search.getByTestId('day-client').filter({ hasText: guest.name }).getByRole('button', { name: w.arrived })).toBeFocused()
      await page.keyboard.press('Escape')
      await expect(search).toBeHidden()
      // From a field of the booking form too: F2 is not typed into it.
      await page.locator('#bf-client-phone').focus()
      await page.keyboard.press('F2')
      await expect(search.getByLabel(w.field)).toBeFocused()
      await page.keyboard.press('Escape')
      await expect(page.locator('#bf-client-phone')).toBeFocused()
      await expect(page.locator('#bf-client-phone')).toHaveValue('')
      expect(await desk.listBookings()).toEqual([])
      expect(sim.records()).toEqual([])
    })

    test('a scan where no field has focus finds her, and one key press marks her arrived; by name it takes three besides the name', async ({ page }) => {
      await open(page)
      const [guest, other] = await loners()
      await expect(page.locator('#event-list')).toBeFocused()
      const keys = keyboard(page)

      // The scanner types her phone's digits and Enter on the class list: no click, no key of staff's.
      await scan(page, guest!.phone.replace(/\D/g, ''))
      const search = dialog(page, lang)
      const client = search.getByTestId('day-client').filter({ hasText: guest!.name })
      await expect(client.getByRole('button', { name: w.arrived })).toBeFocused()
      await keys.press('Enter')
      await expect(search.getByTestId('day-done')).toContainText(w.markedNotice)
      await expect(client.getByTestId('day-mark')).toHaveText(w.marked)
      await expect(client.getByRole('button', { name: w.undo })).toBeVisible()
      const byScan = keys.keys
      expect(byScan).toBeLessThanOrEqual(3)
      // The mark is in the outbox, for her record, and nothing was booked.
      expect(await desk.listBookings()).toMatchObject([{ kind: 'mark', mark: 'arrived', recordId: guest!.recordId }])
      // Focus is back in the field, ready for the next scan; the row says when the mark has reached Altegio.
      await expect(search.getByLabel(w.field)).toBeFocused()
      await expect(client.getByText(w.inAltegio, { exact: true })).toBeVisible()
      await expectAccessible(page, 'the day search, a client marked arrived')
      await page.screenshot({ path: `${SHOTS}/day-search-${lang}.png` })
      await page.keyboard.press('Escape')
      await expect(search).toBeHidden()

      // By name: F2, her name, Enter, Enter.
      keys.keys = 0
      await keys.press('F2')
      await expect(search.getByLabel(w.field)).toBeFocused()
      await page.keyboard.type(other!.name)
      await keys.press('Enter')
      const found = search.getByTestId('day-client').filter({ hasText: other!.name })
      await expect(found.getByRole('button', { name: w.arrived })).toBeFocused()
      await keys.press('Enter')
      await expect(found.getByTestId('day-mark')).toHaveText(w.marked)
      const byName = keys.keys
      expect(byName).toBeLessThanOrEqual(3)
      console.log(`${lang}: marking arrived by a scan took ${byScan} key press(es); by name ${byName} besides the name`)
      expect(await desk.listBookings()).toMatchObject([{ kind: 'mark' }, { kind: 'mark' }])
    })

    test('an unknown code creates nothing and says so, from the class list or the client look-up; a code two clients share asks which', async ({ page }) => {
      let guest: RosterEntry | undefined
      await open(
        page,
        async (d) => {
          await d.listEvents({ locationId: LOCATION_ID, date: TODAY })
          guest = (await d.classRoster({ locationId: LOCATION_ID, eventId: YOGA })).entries.find((e) => e.clientId !== undefined)!
          // Her daughter, booked on the same phone at this desk, still waiting to go.
          await d.submitBooking({ locationId: LOCATION_ID, eventId: YOGA, request: booking({ name: 'Маша', surname: 'Дочь', phone: guest.phone }) })
        },
        { autoDeliver: false }
      )
      const before = { records: sim.records().length, outbox: (await desk.listBookings()).length }
      await expect(page.locator('#event-list')).toBeFocused()
      await scan(page, '4600000000017')
      const search = dialog(page, lang)
      await expect(search.getByTestId('day-unknown-code')).toHaveText(w.unknown)
      await expect(search.getByLabel(w.field)).toBeFocused()
      await expectAccessible(page, 'the day search, an unknown code')
      await page.screenshot({ path: `${SHOTS}/day-search-unknown-${lang}.png` })
      await page.keyboard.press('Escape')

      // The client look-up has focus once a class is chosen: a code there goes to the day search too.
      await page.locator(`#event-${YOGA}`).click()
      await expect(page.locator('#client-search')).toBeFocused()
      await scan(page, '4600000000017')
      await expect(search.getByTestId('day-unknown-code')).toHaveText(w.unknown)
      await page.keyboard.press('Escape')
      await expect(page.getByTestId('picked-client')).toHaveCount(0)
      expect(sim.records().length).toBe(before.records)
      expect((await desk.listBookings()).length).toBe(before.outbox)

      // Mother and daughter on one phone: the desk asks which one is here, and Enter alone marks no one.
      await page.locator('#event-list').focus()
      await scan(page, guest!.phone.replace(/\D/g, ''))
      const which = search.getByTestId('day-which')
      await expect(which).toContainText(w.which)
      await expect(which.getByRole('button')).toHaveCount(2)
      await expect(which.getByRole('button').first()).toBeFocused()
      await expectAccessible(page, 'the day search, a code two clients share')
      await page.screenshot({ path: `${SHOTS}/day-search-which-${lang}.png` })
      await which.getByRole('button', { name: /Маша Дочь/ }).click()
      const daughter = search.getByTestId('day-client').filter({ hasText: 'Маша Дочь' })
      await expect(daughter.getByRole('button', { name: w.arrived })).toBeFocused()
      await expect(search.getByTestId('day-client')).toHaveCount(1)
      expect((await desk.listBookings()).length).toBe(before.outbox)
    })

    test('cancel from the day search: asked by name and class, refused for a client marked arrived, queued offline; a scan never cancels', async ({ page }) => {
      await open(page)
      const [guest, other] = await loners()
      const cancels = async () => (await desk.listBookings()).filter((item) => item.kind === 'cancel')
      await page.keyboard.press('F2')
      const search = dialog(page, lang)
      await page.keyboard.type(other!.name)
      await page.keyboard.press('Enter')
      const client = search.getByTestId('day-client').filter({ hasText: other!.name })
      // Arrived stays what Enter presses; Cancel is offered beside it, never in its place.
      await expect(client.getByRole('button', { name: w.arrived })).toBeFocused()
      await page.keyboard.press('Enter')
      await expect(client.getByTestId('day-mark')).toHaveText(w.marked)

      // The question names her and the class; "Keep booking" has the focus, so Enter alone cancels nothing.
      await client.getByRole('button', { name: w.cancelFor(other!.name) }).click()
      const question = page.getByRole('dialog', { name: w.cancelTitle })
      await expect(question.getByTestId('cancel-what')).toContainText(other!.name)
      await expect(question.getByTestId('cancel-what')).toContainText('18:00 Evening yoga')
      await expect(question.getByRole('button', { name: w.keep })).toBeFocused()
      await expectAccessible(page, 'the cancellation question over the day search')
      await page.screenshot({ path: `${SHOTS}/day-search-cancel-${lang}.png` })
      await page.keyboard.press('Enter')
      await expect(question).toBeHidden()
      // The search is still open over the window: the window stays hidden from a screen reader.
      await expect(page.locator('#app')).toHaveAttribute('aria-hidden', 'true')
      await expect(client.getByRole('button', { name: w.cancelFor(other!.name) })).toBeFocused()
      // A scan while Cancel has the focus searches: its Enter opens no question.
      await scan(page, other!.phone.replace(/\D/g, ''))
      await expect(search.getByLabel(w.field)).toHaveValue(other!.phone.replace(/\D/g, ''))
      await expect(client).toBeVisible()
      await expect(question).toBeHidden()
      expect(await cancels()).toEqual([])

      // Marked arrived, she cannot be cancelled until the mark is undone: said, nothing queued.
      await client.getByRole('button', { name: w.cancelFor(other!.name) }).click()
      await question.getByRole('button', { name: w.cancelConfirm }).click()
      await expect(question.getByRole('alert')).toHaveText(w.cancelArrived(other!.name))
      await expectAccessible(page, 'a cancellation refused in the day search')
      await question.getByRole('button', { name: w.keep }).click()
      await expect(question).toBeHidden()
      expect(await cancels()).toEqual([])

      // Offline: the cancellation is queued, the booking says so, and the field is ready for the next client.
      await sim.stop()
      await search.getByLabel(w.field).fill(guest!.name)
      await search.getByLabel(w.field).press('Enter')
      const leaving = search.getByTestId('day-client').filter({ hasText: guest!.name })
      await expect(leaving.getByRole('button', { name: w.arrived })).toBeFocused()
      await leaving.getByRole('button', { name: w.cancelFor(guest!.name) }).click()
      await question.getByRole('button', { name: w.cancelConfirm }).click()
      await expect(question).toBeHidden()
      await expect(search.getByTestId('day-done')).toHaveText(w.cancelledNotice(guest!.name))
      await expect(search.getByLabel(w.field)).toBeFocused()
      await expect(leaving.getByTestId('day-mark')).toHaveText(w.cancelled)
      await expect(leaving.getByText(w.cancelOnItsWay)).toBeVisible()
      await expect(leaving.getByRole('button')).toHaveCount(0)
      expect(await cancels()).toMatchObject([{ eventId: YOGA, recordId: guest!.recordId, status: 'queued' }])
      await expectAccessible(page, 'the day search, a cancellation waiting')
      await page.screenshot({ path: `${SHOTS}/day-search-cancelled-${lang}.png` })

      // The line back: it goes, once.
      await sim.restart()
      await expect.poll(async () => (await cancels()).map((item) => item.status), { timeout: 15_000 }).toEqual(['sent'])
      expect(sim.records().filter((r) => !r.deleted && r.client.id === guest!.clientId)).toEqual([])
    })

    test('a booking of this desk still waiting moves to another class from the day search, offline, keeping the client’s details', async ({ page }) => {
      await open(
        page,
        async (d) => {
          await d.listEvents({ locationId: LOCATION_ID, date: TODAY })
          await d.submitBooking({ locationId: LOCATION_ID, eventId: YOGA, request: booking({ name: 'Walk-in', surname: 'Mover' }) })
        },
        { autoDeliver: false }
      )
      const [waiting] = await desk.listBookings()
      const [guest] = await loners()
      await sim.stop()
      await page.keyboard.press('F2')
      const search = dialog(page, lang)
      await page.keyboard.type('Walk-in Mover')
      await page.keyboard.press('Enter')
      const client = search.getByTestId('day-client').filter({ hasText: 'Walk-in Mover' })
      await expect(client.getByRole('listitem')).toContainText('18:00 Evening yoga')
      await expect(client.getByRole('listitem')).toContainText(w.waiting)
      await expect(client.getByRole('button', { name: w.arrived })).toBeFocused()
      await page.screenshot({ path: `${SHOTS}/day-search-waiting-${lang}.png` })

      await client.getByRole('button', { name: w.moveFor('Walk-in Mover') }).click()
      const move = page.getByRole('dialog', { name: w.moveTitle('Walk-in Mover') })
      await expect(move.getByRole('button', { name: /Stretch/ })).toBeEnabled()
      await expectAccessible(page, 'moving a waiting booking from the day search')
      await page.screenshot({ path: `${SHOTS}/day-search-move-${lang}.png` })
      await move.getByRole('button', { name: /Stretch/ }).click()
      await expect(move).toBeHidden()
      await expect(search.getByTestId('day-done')).toHaveText(w.movedNotice('Walk-in Mover'))
      await expect(search.getByLabel(w.field)).toBeFocused()
      await expect(client.getByRole('listitem')).toContainText('19:30 Stretch & release')
      expect(await desk.listBookings()).toMatchObject([{ id: waiting!.id, eventId: STRETCH, status: 'queued', request: { client: { name: 'Walk-in', surname: 'Mover', phone: waiting!.request.client.phone } } }])

      // Altegio's own record is no booking of this desk waiting: it offers no move.
      await search.getByLabel(w.field).fill(guest!.name)
      await search.getByLabel(w.field).press('Enter')
      const booked = search.getByTestId('day-client').filter({ hasText: guest!.name })
      await expect(booked.getByRole('button', { name: w.arrived })).toBeFocused()
      await expect(booked.getByRole('button', { name: w.moveFor(guest!.name) })).toHaveCount(0)
      expect(sim.records().filter((r) => r.client.name === 'Walk-in')).toEqual([])
    })
  })
}
