import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import type { FrontDesk, FrontDeskOptions } from '../../src-main/core/index.ts'
import type { RosterEntry } from '../../src-main/shared/contract.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, classId } from '../simulator/seed-studio.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking } from '../support/desk-fixtures.ts'
import { testTime } from '../support/test-clock.ts'
import { SHOTS, openStudioSession, type DeskSession } from './support/desk-session.ts'
import { expectAccessible } from './support/training-session.ts'

/**
 * Check-in from the class's roster, in English and Russian: Arrived is one key on the focused row, No-show
 * and Undo, a cancellation asked about by name and class, the refusals said in the staff's words with
 * nothing queued, the booking form's Mark-arrived default, conflicts, and the roster's header and the
 * class's card counting who came alike. Every clock reads the test day's 09:00 plus the time the test has
 * run: the 18:00 class is ahead; a test that needs a class under way or over moves every clock on.
 */
mkdirSync(SHOTS, { recursive: true })

const YOGA = classId(0, EVENING_YOGA_SLOT)
/** Today's 12:30 class, 45 minutes long. */
const HIIT = classId(0, 2)
const TODAY = localDay(testTime(9))
/** Today's 19:30 class. */
const STRETCH = classId(0, EVENING_YOGA_SLOT + 1)

const WORDS = {
  en: {
    arrivedOf: (n: number, total: number) => `${n} of ${total} arrived`,
    notYet: (n: number) => `${n} not yet`,
    noShows: (n: number) => (n === 1 ? '1 no-show' : `${n} no-shows`),
    arrived: 'Arrived', noShow: 'No-show', notYetChip: 'Not yet', cancelled: 'Cancelled',
    arriveFor: (name: string) => `Mark ${name} arrived`, noShowFor: (name: string) => `Mark ${name} as a no-show`,
    undoFor: (name: string) => `Undo the mark of ${name}`, cancelFor: (name: string) => `Cancel the booking of ${name}`,
    search: 'Find in this class', already: (name: string) => `${name} is already marked Arrived.`,
    noShowEarly: 'The class has not started yet: mark a no-show once it has.',
    cancelTitle: 'Cancel this booking?', keep: 'Keep booking', cancelConfirm: 'Cancel booking',
    cancelArrived: (name: string) => `${name} is marked arrived: undo the mark first, then cancel.`,
    cancelEnded: 'The class has ended: its bookings can no longer be cancelled.',
    duplicate: 'Already booked in this class', markArrived: 'Mark arrived', again: 'Book again',
    outbox: /bookings, newest first/, attentionTab: /^Needs attention/, cancellation: 'Cancellation',
    waiting: 'Waiting', conflictAltegioDeleted: 'Altegio: the booking was deleted there (cancelled online or at another desk)',
    conflictAltegioNoShow: 'Altegio: marked No-show elsewhere', conflictDesk: 'This desk: Arrived',
    rebook: 'Book again and mark arrived', keepOurs: 'Send this desk’s mark over it',
    moveFor: (name: string) => `Move the booking of ${name} to another class`, moveTitle: (name: string) => `Move ${name} to another class`
  },
  ru: {
    arrivedOf: (n: number, total: number) => `На месте ${n} из ${total}`,
    notYet: (n: number) => `ждём ${n}`,
    noShows: (n: number) => (n === 1 ? '1 неявка' : n < 5 ? `${n} неявки` : `${n} неявок`),
    arrived: 'На месте', noShow: 'Неявка', notYetChip: 'Ждём', cancelled: 'Отменена',
    arriveFor: (name: string) => `Отметить: ${name} на месте`, noShowFor: (name: string) => `Неявка: ${name}`,
    undoFor: (name: string) => `Снять отметку: ${name}`, cancelFor: (name: string) => `Отменить запись: ${name}`,
    search: 'Найти на этом занятии', already: (name: string) => `${name}: уже стоит отметка «На месте».`,
    noShowEarly: 'Занятие ещё не началось: неявку можно отметить, когда оно начнётся.',
    cancelTitle: 'Отменить запись?', keep: 'Оставить запись', cancelConfirm: 'Отменить запись',
    cancelArrived: (name: string) => `${name}: стоит отметка «на месте». Сначала снимите отметку, потом отменяйте запись.`,
    cancelEnded: 'Занятие уже закончилось: записи на него отменить нельзя.',
    duplicate: 'Клиент уже записан на это занятие', markArrived: 'Отметить: на месте', again: 'Записать ещё раз',
    outbox: /записи, сначала новые/, attentionTab: /^Требуют внимания/, cancellation: 'Отмена записи',
    waiting: 'Ожидает', conflictAltegioDeleted: 'В Altegio: запись удалена (отменена онлайн или на другой стойке)',
    conflictAltegioNoShow: 'В Altegio: с другой стойки отмечено «Неявка»', conflictDesk: 'Здесь: На месте',
    rebook: 'Записать заново с отметкой «на месте»', keepOurs: 'Поставить отметку этой стойки',
    moveFor: (name: string) => `Перенести запись на другое занятие: ${name}`, moveTitle: (name: string) => `Перенос на другое занятие: ${name}`
  }
} as const

let session: DeskSession | undefined
let sim: AltegioSimulator
let desk: FrontDesk

test.afterEach(async () => {
  if (!session) return
  const { windowErrors } = session
  await session.close()
  session = undefined
  expect(windowErrors, 'errors in the window').toEqual([])
})

async function open(page: Page, beforeWindow?: (desk: FrontDesk) => Promise<void>, options: Partial<FrontDeskOptions> = {}): Promise<void> {
  session = await openStudioSession(page, { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN }, beforeWindow, options)
  ;({ sim, desk } = session)
}

/** Counts every key press. */
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

const roster = (page: Page) => page.getByTestId('class-roster')
const rosterRow = (page: Page, name: string) => roster(page).getByRole('listitem').filter({ hasText: name })
/** The desk's outbox rows of this kind. */
const actions = async (kind: 'mark' | 'cancel') => (await desk.listBookings()).filter((item) => item.kind === kind)

/**
 * The class list as the desk saved it when the window read it. A click on a class only starts that read,
 * so this waits until the saved copy holds the class (written whole, from one answer).
 */
async function classEntries(eventId: number): Promise<RosterEntry[]> {
  let entries: RosterEntry[] = []
  await expect
    .poll(
      async () => {
        const saved = await desk.classRoster({ locationId: LOCATION_ID, eventId, live: false })
        entries = saved.entries
        return saved.cachedAt
      },
      { message: 'the desk saved the class list the window read' }
    )
    .not.toBeNull()
  return entries
}

/**
 * Moves the desk's, the simulator's and the window's clocks on by `ms` at once; the window's half-minute
 * tick then runs, so its "now" follows.
 */
async function moveClocks(page: Page, ms: number): Promise<void> {
  session!.clock.shift(ms + 31_000)
  await page.clock.setSystemTime(new Date(session!.clock.now().getTime() - 31_000))
  await page.clock.fastForward(31_000)
}

/** The roster's header and the class's card both say `text`. */
async function expectCounts(page: Page, eventId: number, text: string): Promise<void> {
  await expect(page.getByTestId('roster-attendance')).toHaveText(text)
  await expect(page.locator(`#event-${eventId}`).getByTestId('class-attendance')).toHaveText(text)
}

for (const lang of ['en', 'ru'] as const) {
  const w = WORDS[lang]
  test.describe(`in ${lang === 'en' ? 'English' : 'Russian'}`, () => {
    test.use({ locale: lang === 'en' ? 'en-GB' : 'ru-RU' })

    test('Arrived is one key on the focused row; a second press, a no-show before the class and Undo', async ({ page }) => {
      await open(page)
      await page.locator(`#event-${YOGA}`).click()
      await expect(roster(page).getByRole('listitem')).toHaveCount(7)
      await expectCounts(page, YOGA, `${w.arrivedOf(0, 7)} · ${w.notYet(7)}`)
      const guest = (await classEntries(YOGA))[2]!
      const digits = guest.phone.replace(/\D/g, '').slice(-4)

      // Found by the last digits of her phone, the arrow takes the keyboard to her row: Space marks her.
      const keys = keyboard(page)
      await page.getByLabel(w.search).focus()
      await keys.type(digits)
      await expect(roster(page).getByRole('listitem')).toHaveCount(1)
      await keys.press('ArrowDown')
      await expect(rosterRow(page, guest.name)).toBeFocused()
      const before = keys.keys
      await keys.press('Space')
      expect(keys.keys - before, 'key presses to mark the focused row arrived').toBe(1)
      await expect(rosterRow(page, guest.name).getByTestId('roster-mark')).toHaveText(w.arrived)
      await page.getByLabel(w.search).press('Escape')
      await expectCounts(page, YOGA, `${w.arrivedOf(1, 7)} · ${w.notYet(6)}`)
      await expect.poll(async () => (await actions('mark')).length).toBe(1)
      expect((await actions('mark'))[0]).toMatchObject({ mark: 'arrived', eventId: YOGA, recordId: guest.recordId })

      // A second press is no second mark: it is said, and nothing is queued.
      await rosterRow(page, guest.name).focus()
      await page.keyboard.press('Space')
      await expect(page.getByTestId('roster-refusal')).toHaveText(w.already(guest.name))
      expect(await actions('mark')).toHaveLength(1)

      // A no-show before the 18:00 class has started is refused, queuing nothing.
      const other = (await classEntries(YOGA))[4]!
      await rosterRow(page, other.name).getByRole('button', { name: w.noShowFor(other.name) }).click()
      await expect(page.getByTestId('roster-refusal')).toHaveText(w.noShowEarly)
      expect(await actions('mark')).toHaveLength(1)
      await expectAccessible(page, 'the roster with a mark and a refusal')
      await roster(page).evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await page.screenshot({ path: `${SHOTS}/check-in-marked-${lang}.png` })

      // Undo: the mark is taken back, and the counts with it.
      await rosterRow(page, guest.name).getByRole('button', { name: w.undoFor(guest.name) }).click()
      await expectCounts(page, YOGA, `${w.arrivedOf(0, 7)} · ${w.notYet(7)}`)
      await expect(rosterRow(page, guest.name).getByRole('button', { name: w.arriveFor(guest.name) })).toBeVisible()
    })

    test('no-shows in a class that has started; a cancellation refused for a class that has ended', async ({ page }) => {
      await open(page)
      await page.locator(`#event-${HIIT}`).click()
      const entries = await classEntries(HIIT)
      expect(entries.length).toBeGreaterThanOrEqual(2)
      const [first, second] = entries as [RosterEntry, RosterEntry]
      await expect(rosterRow(page, first.name)).toBeVisible()

      // 12:35: the class is under way.
      await moveClocks(page, (3 * 60 + 35) * 60_000)
      await rosterRow(page, first.name).getByRole('button', { name: w.noShowFor(first.name) }).click()
      await expect(rosterRow(page, first.name).getByTestId('roster-mark')).toHaveText(w.noShow)
      await rosterRow(page, second.name).getByRole('button', { name: w.arriveFor(second.name) }).click()
      await expect(rosterRow(page, second.name).getByTestId('roster-mark')).toHaveText(w.arrived)
      const total = entries.reduce((sum, entry) => sum + entry.slots, 0)
      const rest = total - first.slots - second.slots
      await expectCounts(page, HIIT, [w.arrivedOf(second.slots, total), rest > 0 ? w.notYet(rest) : '', w.noShows(first.slots)].filter(Boolean).join(' · '))
      await expect.poll(async () => (await actions('mark')).map((item) => [item.mark, item.status])).toEqual([['arrived', 'sent'], ['no_show', 'sent']]) // newest first

      // 13:20: it is over, and its bookings can no longer be cancelled: said, nothing queued.
      await moveClocks(page, 45 * 60_000)
      await rosterRow(page, first.name).getByRole('button', { name: w.cancelFor(first.name) }).click()
      const dialog = page.getByRole('dialog', { name: w.cancelTitle })
      await dialog.getByRole('button', { name: w.cancelConfirm }).click()
      await expect(dialog.getByRole('alert')).toHaveText(w.cancelEnded)
      await dialog.getByRole('button', { name: w.keep }).click()
      expect(await actions('cancel')).toEqual([])
    })

    test('cancel from the roster: asked by name and class, refused for a client marked arrived', async ({ page }) => {
      await open(page)
      await page.locator(`#event-${YOGA}`).click()
      await expect(roster(page).getByRole('listitem')).toHaveCount(7)
      const entries = await classEntries(YOGA)
      const leaving = entries[1]!
      const arrived = entries[3]!

      // The dialog names her and the class; "Keep booking" has the focus, so Enter alone cancels nothing.
      await rosterRow(page, leaving.name).getByRole('button', { name: w.cancelFor(leaving.name) }).click()
      const dialog = page.getByRole('dialog', { name: w.cancelTitle })
      await expect(dialog.getByTestId('cancel-what')).toContainText(leaving.name)
      await expect(dialog.getByTestId('cancel-what')).toContainText('18:00 Evening yoga')
      await expect(dialog.getByRole('button', { name: w.keep })).toBeFocused()
      await expectAccessible(page, 'the cancellation question')
      await page.screenshot({ path: `${SHOTS}/check-in-cancel-${lang}.png` })
      await page.keyboard.press('Enter')
      await expect(dialog).toBeHidden()
      await expect(rosterRow(page, leaving.name).getByRole('button', { name: w.cancelFor(leaving.name) })).toBeFocused()
      expect(await actions('cancel')).toEqual([])

      // Confirmed: the row is leaving the class, counted no more, and the cancellation is queued once.
      await rosterRow(page, leaving.name).getByRole('button', { name: w.cancelFor(leaving.name) }).click()
      await dialog.getByRole('button', { name: w.cancelConfirm }).click()
      await expect(dialog).toBeHidden()
      await expectCounts(page, YOGA, `${w.arrivedOf(0, 6)} · ${w.notYet(6)}`)
      await expect.poll(async () => (await actions('cancel')).length).toBe(1)
      expect((await actions('cancel'))[0]).toMatchObject({ eventId: YOGA, recordId: leaving.recordId })
      const cancelRow = page.getByRole('list', { name: w.outbox }).getByRole('listitem').filter({ hasText: w.cancellation })
      await expect(cancelRow.getByTestId('row-what')).toHaveText(w.cancellation)
      await expect(cancelRow).toContainText('18:00 Evening yoga')

      // Marked arrived, she cannot be cancelled until the mark is undone: said, nothing queued.
      await rosterRow(page, arrived.name).getByRole('button', { name: w.arriveFor(arrived.name) }).click()
      await expect(rosterRow(page, arrived.name).getByTestId('roster-mark')).toHaveText(w.arrived)
      await rosterRow(page, arrived.name).getByRole('button', { name: w.cancelFor(arrived.name) }).click()
      await dialog.getByRole('button', { name: w.cancelConfirm }).click()
      await expect(dialog.getByRole('alert')).toHaveText(w.cancelArrived(arrived.name))
      await expectAccessible(page, 'a cancellation refused')
      await dialog.getByRole('button', { name: w.keep }).click()
      expect(await actions('cancel')).toHaveLength(1)
    })

    test('the booking form: a client already in the class is marked arrived by Enter; Book again is never the default', async ({ page }) => {
      await open(page)
      await page.locator(`#event-${YOGA}`).click()
      await expect(roster(page).getByRole('listitem')).toHaveCount(7)
      const guest = (await classEntries(YOGA))[2]!
      const digits = guest.phone.replace(/\D/g, '').slice(-6)
      await page.locator('#client-search').focus()
      await page.keyboard.type(digits)
      await expect(page.locator('#client-results').getByRole('option').first()).toContainText(guest.name.split(' ')[0]!)
      await page.keyboard.press('Enter')
      await page.keyboard.press('Enter')
      const dialog = page.getByRole('dialog', { name: w.duplicate })
      await expect(dialog.getByRole('button', { name: w.markArrived })).toBeFocused()
      await expect(dialog.getByRole('button', { name: w.again })).toBeVisible()
      await expectAccessible(page, 'the client already in the class, Mark arrived the default')
      await page.screenshot({ path: `${SHOTS}/check-in-form-${lang}.png` })
      await page.keyboard.press('Enter')
      await expect(dialog).toBeHidden()
      await expect(page.locator('#client-search')).toBeFocused()
      await expect(rosterRow(page, guest.name).getByTestId('roster-mark')).toHaveText(w.arrived)
      await expect.poll(async () => (await actions('mark')).length).toBe(1)
      expect(await desk.listBookings()).toHaveLength(1) // the mark, and no second booking
      expect(sim.records()).toEqual([])
    })
  
    test('offline marks and a cancellation wait and go; a record changed in Altegio meanwhile waits for staff, showing both', async ({ page }) => {
      await open(page)
      await page.locator(`#event-${YOGA}`).click()
      await expect(roster(page).getByRole('listitem')).toHaveCount(7)
      const entries = await classEntries(YOGA)
      const [early, gone, other, leaving] = [entries[0]!, entries[2]!, entries[3]!, entries[5]!]
      const outbox = page.getByRole('list', { name: w.outbox })
      const outboxRow = (name: string) => outbox.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) })

      // Online, a mark goes at once: once in Altegio, the row shows Altegio's mark and nothing on its way.
      await rosterRow(page, early.name).getByRole('button', { name: w.arriveFor(early.name) }).click()
      await expect.poll(async () => (await actions('mark')).map((item) => item.status)).toEqual(['sent'])
      await expect(rosterRow(page, early.name).getByTestId('roster-reach')).toHaveCount(0)
      await expect(rosterRow(page, early.name).getByTestId('roster-mark')).toHaveText(w.arrived)

      // The line goes down: marks and a cancellation wait, each row saying so in the outbox's word.
      await sim.stop()
      for (const entry of [gone, other]) await rosterRow(page, entry.name).getByRole('button', { name: w.arriveFor(entry.name) }).click()
      await rosterRow(page, leaving.name).getByRole('button', { name: w.cancelFor(leaving.name) }).click()
      await page.getByRole('dialog', { name: w.cancelTitle }).getByRole('button', { name: w.cancelConfirm }).click()
      await expect(rosterRow(page, gone.name).getByTestId('roster-reach')).toHaveText(w.waiting)
      await expect(rosterRow(page, leaving.name).getByTestId('roster-mark')).toHaveText(w.cancelled)
      await expectCounts(page, YOGA, `${w.arrivedOf(3, 6)} · ${w.notYet(3)}`)
      await expectAccessible(page, 'the roster with marks waiting offline')
      await roster(page).evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await page.locator('#roster-list').evaluate((el) => el.scrollTo(0, 0))
      await page.screenshot({ path: `${SHOTS}/check-in-roster-${lang}.png` })

      // Meanwhile in Altegio: one client cancelled online, another marked a no-show at another desk.
      sim.deleteRecord(Number(gone.recordId))
      sim.setAttendance(Number(other.recordId), -1)
      await sim.restart()
      // Staff look at what needs them: the outbox renders only the rows near the view, and in the whole list a
      // row pushed out of it as others grow is not there to find.
      await outbox.evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await page.getByRole('tab', { name: w.attentionTab }).click()
      const goneRow = outboxRow(gone.name).filter({ has: page.getByTestId('row-conflict') })
      const otherRow = outboxRow(other.name).filter({ has: page.getByTestId('row-conflict') })
      await expect(goneRow.getByTestId('conflict-altegio')).toHaveText(w.conflictAltegioDeleted, { timeout: 15_000 })
      await expect(goneRow.getByTestId('conflict-desk')).toHaveText(w.conflictDesk)
      await expect(otherRow.getByTestId('conflict-altegio')).toHaveText(w.conflictAltegioNoShow, { timeout: 15_000 })
      await expect(otherRow.getByTestId('conflict-desk')).toHaveText(w.conflictDesk)
      // The cancellation staff made went; nothing else was deleted, overwritten or re-created.
      await expect.poll(async () => (await actions('cancel')).map((item) => item.status)).toEqual(['sent'])
      expect(sim.records().filter((r) => !r.deleted && r.client.id === gone.clientId)).toEqual([])
      await expectAccessible(page, 'two conflicts in the outbox')
      // One scroll, as staff would: the outbox renders only the rows near the view.
      await page.evaluate(() => document.querySelector('[data-testid="row-conflict"]')?.closest('li')?.scrollIntoView({ block: 'center' }))
      await page.screenshot({ path: `${SHOTS}/check-in-conflict-${lang}.png` })

      // Staff decide: keep this desk's mark over the other desk's; book her again with the mark waiting for it.
      await otherRow.getByRole('button', { name: w.keepOurs }).click()
      await expect
        .poll(async () => (await desk.classRoster({ locationId: LOCATION_ID, eventId: YOGA, live: true })).entries.find((e) => e.recordId === other.recordId)?.attendance, {
          timeout: 15_000
        })
        .toBe(1)
      await goneRow.getByRole('button', { name: w.rebook }).click()
      await expect.poll(() => sim.records().find((r) => r.client.id === gone.clientId && !r.deleted)?.attendance, { timeout: 15_000 }).toBe(1)
      await expect(rosterRow(page, gone.name).getByTestId('roster-mark')).toHaveText(w.arrived)
    })

    test('a booking of this desk still waiting moves to another class from the roster, keeping her details; one in Altegio offers no move', async ({ page }) => {
      await open(
        page,
        async (d) => {
          await d.listEvents({ locationId: LOCATION_ID, date: TODAY })
          await d.submitBooking({ locationId: LOCATION_ID, eventId: YOGA, request: booking({ name: 'Walk-in', surname: 'Mover' }) })
        },
        { autoDeliver: false }
      )
      const [waiting] = await desk.listBookings()
      await page.locator(`#event-${YOGA}`).click()
      await expect(roster(page).getByRole('listitem')).toHaveCount(8)
      const walkIn = rosterRow(page, 'Walk-in Mover')
      await expect(walkIn).toContainText(w.waiting)
      const booked = (await classEntries(YOGA)).find((entry) => entry.recordId)!
      await expect(rosterRow(page, booked.name).getByRole('button', { name: w.cancelFor(booked.name) })).toBeVisible()
      await expect(rosterRow(page, booked.name).getByRole('button', { name: w.moveFor(booked.name) })).toHaveCount(0)
      await roster(page).evaluate((el) => el.scrollIntoView({ block: 'start' }))
      await walkIn.scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${SHOTS}/check-in-move-row-${lang}.png` })

      await walkIn.getByRole('button', { name: w.moveFor('Walk-in Mover') }).click()
      const move = page.getByRole('dialog', { name: w.moveTitle('Walk-in Mover') })
      await expect(move.getByRole('button', { name: /Stretch/ })).toBeEnabled()
      await expectAccessible(page, 'moving a waiting booking from the roster')
      await move.getByRole('button', { name: /Stretch/ }).click()
      await expect(move).toBeHidden()
      // She leaves this class's roster at once and is in the other's, still waiting, her details kept.
      await expect(roster(page).getByRole('listitem')).toHaveCount(7)
      await expect(page.getByLabel(w.search)).toBeFocused()
      expect(await desk.listBookings()).toMatchObject([{ id: waiting!.id, eventId: STRETCH, status: 'queued', request: { client: { name: 'Walk-in', surname: 'Mover', phone: waiting!.request.client.phone } } }])
      await page.locator(`#event-${STRETCH}`).click()
      await expect(rosterRow(page, 'Walk-in Mover')).toContainText(w.waiting)
      expect(sim.records().filter((r) => r.client.name === 'Walk-in')).toEqual([])
    })
  })
}
