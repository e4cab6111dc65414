import { mkdirSync, readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import type { FrontDesk } from '../../src-main/core/index.ts'
import type { RosterEntry } from '../../src-main/shared/roster-schemas.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import { EVENING_YOGA_SLOT, classId } from '../simulator/seed-studio.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking } from '../support/desk-fixtures.ts'
import { testTime } from '../support/test-clock.ts'
import { SHOTS, openStudioSession, type DeskSession } from './support/desk-session.ts'
import { expectAccessible } from './support/training-session.ts'

/**
 * The end-of-day sheet in English and Russian: per class, who arrived, the no-shows, who is not marked and
 * what has not reached Altegio; printed to PDF (Chromium's own print path, as the app's window.print()
 * takes) and exported as CSV that Excel opens right.
 */
mkdirSync(SHOTS, { recursive: true })

const YOGA = classId(0, EVENING_YOGA_SLOT)
const TODAY = localDay(testTime(9))
const TOKENS = { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN }
/** A walk-in whose name needs quoting in either separator's CSV. */
const WALK_IN = { name: 'Vera "Vee"', surname: 'Lane; Jr, Smith' }
const WALK_IN_NAME = 'Vera "Vee" Lane; Jr, Smith'

const WORDS = {
  en: {
    open: 'End-of-day sheet', title: /Sign-in sheet — Tuesday 12 June/, print: 'Print', csv: 'Export CSV', back: 'Back to booking',
    counts: /^1 of 8 arrived · 6 not yet · 1 no-show · 3 not in Altegio yet$/, arrived: 'Arrived', noShow: 'No-show', waiting: 'Waiting', paper: /tick the box for each client who comes/,
    header: 'Date,Time,Class,Client,Phone,Places,Mark,Altegio,Booked by,Marked by', separator: ',', notMarked: 'Not yet', notYet: 'Not yet', inAltegio: 'In Altegio',
    file: `sign-in-sheet-${TODAY}.csv`
  },
  ru: {
    open: 'Итоги дня', title: /Лист посещений — вторник, 12 июня/, print: 'Печать', csv: 'Выгрузить CSV', back: 'Вернуться к записи',
    counts: /^На месте 1 из 8 · ждём 6 · 1 неявка · ещё не в Altegio: 3$/, arrived: 'На месте', noShow: 'Неявка', waiting: 'Ожидает', paper: /ставьте галочку каждому, кто пришёл/,
    header: 'Дата;Время;Занятие;Клиент;Телефон;Мест;Отметка;Altegio;Кто записал;Кто отметил', separator: ';', notMarked: 'Ждём', notYet: 'Ещё нет', inAltegio: 'В Altegio',
    file: `лист-посещений-${TODAY}.csv`
  }
} as const

let session: DeskSession | undefined
let desk: FrontDesk

test.afterEach(async () => {
  const errors = session?.windowErrors ?? []
  await session?.close()
  session = undefined
  expect(errors, 'errors in the window').toEqual([])
})

/** The page count and the first page's size (points) of a PDF Chromium wrote. */
function pdfFacts(pdf: Buffer): { pages: number; width: number; height: number } {
  const text = pdf.toString('latin1')
  const pages = text.match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text)
  return { pages, width: Number(box?.[1]), height: Number(box?.[2]) }
}

const sheetOf = (page: Page) => page.getByTestId('day-sheet')

/** The receptionist signed in by name: each booking and mark she makes carries it. */
const STAFF = 'Nadia Orlova'

for (const lang of ['en', 'ru'] as const) {
  const w = WORDS[lang]
  test.describe(`in ${lang === 'en' ? 'English' : 'Russian'}`, () => {
    test.use({ locale: lang === 'en' ? 'en-GB' : 'ru-RU' })

    test('the end-of-day sheet: per class who came, who did not, who is not marked and what is not in Altegio; printed to PDF and exported as CSV', async ({ page }) => {
      let came: RosterEntry | undefined
      let missed: RosterEntry | undefined
      session = await openStudioSession(
        page,
        TOKENS,
        async (d, clock) => {
          await d.listEvents({ locationId: LOCATION_ID, date: TODAY })
          // A walk-in booked at this desk, not sent yet: on the sheet, and flagged as not in Altegio.
          await d.submitBooking({ locationId: LOCATION_ID, eventId: YOGA, request: booking(WALK_IN) })
          // 20:00, the evening class over: one client marked arrived, one a no-show, neither sent yet.
          const { entries } = await d.classRoster({ locationId: LOCATION_ID, eventId: YOGA })
          clock.shift(11 * 3_600_000)
          ;[came, missed] = entries.filter((e) => e.recordId && e.name !== '')
          await d.markAttendance({ locationId: LOCATION_ID, eventId: YOGA, target: { recordId: came!.recordId! }, mark: 'arrived' })
          await d.markAttendance({ locationId: LOCATION_ID, eventId: YOGA, target: { recordId: missed!.recordId! }, mark: 'no_show' })
        },
        { autoDeliver: false, signedInAs: STAFF }
      )
      ;({ desk } = session)
      const { events } = await desk.listEvents({ locationId: LOCATION_ID, date: TODAY })

      await page.getByRole('button', { name: w.open }).click()
      const sheet = sheetOf(page)
      await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(w.title)
      await expect(sheet.getByText(w.paper)).toBeVisible()
      await expect(sheet.getByTestId('sheet-class')).toHaveCount(events.length)
      const yoga = sheet.getByTestId('sheet-class').filter({ has: page.getByRole('heading', { name: '18:00 Evening yoga' }) })
      await expect(yoga.getByTestId('sheet-counts')).toHaveText(w.counts)
      await expect(yoga.getByRole('row')).toHaveCount(1 + 8)
      const walkIn = yoga.getByRole('row').filter({ hasText: WALK_IN_NAME })
      await expect(walkIn).toContainText(w.waiting)
      await expect(yoga.getByRole('row').filter({ hasText: came!.name })).toContainText(w.arrived)
      await expect(yoga.getByRole('row').filter({ hasText: missed!.name })).toContainText(w.noShow)
      await expectAccessible(page, 'the end-of-day sheet')
      await page.screenshot({ path: `${SHOTS}/day-sheet-screen-${lang}.png`, fullPage: true })

      // Print: the window's button asks the browser to print; the page that prints is the sheet alone.
      await page.evaluate(() => {
        const counted = window as unknown as { printed: number }
        counted.printed = 0
        window.print = () => void counted.printed++
      })
      await sheet.getByRole('button', { name: w.print }).click()
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
      await page.emulateMedia({ media: 'print' })
      await expect(page.locator('.topbar')).toBeHidden()
      await expect(sheet.getByRole('button', { name: w.print })).toBeHidden()
      await expect(page.getByRole('region', { name: /Classes|Занятия/ })).toBeHidden()
      const printed = await sheet.innerText()
      for (const event of events) expect(printed).toContain(event.title)
      expect(printed).toContain(WALK_IN_NAME)
      expect(printed).not.toMatch(/\+7 9\d\d/) // phones stay masked on paper too
      await page.screenshot({ path: `${SHOTS}/day-sheet-${lang}.png`, fullPage: true })
      const pdf = await page.pdf({ format: 'A4', printBackground: true })
      const facts = pdfFacts(pdf)
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(facts.width).toBeCloseTo(595.92, 0)
      expect(facts.height).toBeCloseTo(842.88, 0)
      expect(facts.pages).toBeGreaterThanOrEqual(1)
      expect(facts.pages).toBeLessThanOrEqual(events.length)
      console.log(`${lang}: the sheet of ${events.length} classes printed on ${facts.pages} A4 page(s), ${pdf.length} bytes`)
      await page.emulateMedia({ media: 'screen' })

      // CSV: a download, UTF-8 with the BOM, the separator Excel expects in the language, quoted where needed.
      const [download] = await Promise.all([page.waitForEvent('download'), sheet.getByRole('button', { name: w.csv }).click()])
      expect(download.suggestedFilename()).toBe(w.file)
      const bytes = readFileSync((await download.path())!)
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const lines = bytes.subarray(3).toString('utf8').split('\r\n')
      expect(lines.at(-1)).toBe('')
      expect(lines[0]).toBe(w.header)
      const rows = lines.slice(1, -1)
      const { entries } = await desk.classRoster({ locationId: LOCATION_ID, eventId: YOGA, live: false })
      const sheetRows = (await desk.daySheet({ locationId: LOCATION_ID, day: TODAY })).classes.reduce((n, c) => n + c.entries.length, 0)
      expect(rows).toHaveLength(sheetRows)
      const quoted = `"${WALK_IN_NAME.replace(/"/g, '""')}"`
      const walkInRow = rows.find((r) => r.includes(quoted))!
      expect(walkInRow.startsWith([TODAY, '18:00', 'Evening yoga', quoted].join(w.separator))).toBe(true)
      // Who at this desk booked her and who marked her, as the roster names them.
      expect(walkInRow.endsWith([w.notMarked, w.notYet, STAFF, ''].join(w.separator))).toBe(true)
      const cameRow = rows.find((r) => r.includes(`${w.separator}${came!.name}${w.separator}`))!
      expect(cameRow.endsWith([w.arrived, w.notYet, '', STAFF].join(w.separator))).toBe(true)
      await expect(page.getByTestId('day-sheet').getByRole('row').filter({ hasText: came!.name })).toContainText(STAFF)
      const guest = entries.find((e) => e.standing === 'booked' && !e.pending)!
      const guestRow = rows.find((r) => r.includes(`${w.separator}${guest.name}${w.separator}`))!
      expect(guestRow).toContain(`${w.separator}${w.notMarked}${w.separator}${w.inAltegio}`)
      expect(guestRow).not.toContain(guest.phone.replace(/\D/g, '').slice(1, 6))

      await sheet.getByRole('button', { name: w.back }).click()
      await expect(sheet).toBeHidden()
      await expect(page.locator(`#event-${YOGA}`)).toBeVisible()
    })
  })
}
