import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { EVENING_YOGA_SLOT, RECEPTIONIST, classId } from '../simulator/seed-studio.ts'
import { PARTNER_TOKEN, USER_TOKEN } from '../support/desk-fixtures.ts'
import { SHOTS, openStudioSession, type DeskSession } from './support/desk-session.ts'

/**
 * The window tells one story: one class is driven through a booking waiting, held, sent, unconfirmed and
 * failed, and at each step the class's card in the day's list, the roster's header, the header's badges
 * and the outbox row's badge say the same thing, in the same words, in English and in Russian.
 */
mkdirSync(SHOTS, { recursive: true })

const YOGA = classId(0, EVENING_YOGA_SLOT)
/** The seeded 18:00 class: 12 places, 7 booked in Altegio. */
const CAPACITY = 12
/** Long enough that the desk's own look-up of an unconfirmed booking never happens during the test. */
const NO_LOOKUP = { lookUp: { afterMs: 10 * 60_000 } }

type Status = 'queued' | 'held' | 'sent' | 'unknown' | 'failed'

const WORDS = {
  en: {
    booked: (n: number) => `${n}/${CAPACITY} booked`,
    upTo: (n: number) => `up to ${n} free`,
    count: { queued: (n: number) => `${n} waiting`, held: (n: number) => `${n} held`, unknown: (n: number) => `${n} unconfirmed`, failed: (n: number) => `${n} failed` },
    attention: (n: number) => (n === 1 ? '1 needs attention' : `${n} need attention`),
    status: { queued: 'Waiting', held: 'Held', sent: 'Sent', unknown: 'Unconfirmed', failed: 'Failed' },
    statusGroup: 'Delivery status', outbox: /bookings, newest first/, name: 'First name', phone: 'Phone', places: 'Places',
    overbook: 'Not enough free places', queueAnyway: 'Queue anyway', signIn: 'Sign in', login: 'Login', password: 'Password',
    online: 'Online', offline: 'Offline', anyAttention: /needs? attention/
  },
  ru: {
    booked: (n: number) => `Занято ${n} из ${CAPACITY}`,
    upTo: (n: number) => `Свободно не больше ${n}`,
    count: {
      queued: (n: number) => (n === 1 ? '1 ожидает' : `${n} ожидают`),
      held: (n: number) => (n === 1 ? '1 задержана' : `${n} задержаны`),
      unknown: (n: number) => (n === 1 ? '1 не подтверждена' : `${n} не подтверждены`),
      failed: (n: number) => `${n} с ошибкой`
    },
    attention: (n: number) => (n === 1 ? 'Требует внимания: 1' : `Требуют внимания: ${n}`),
    status: { queued: 'Ожидает', held: 'Задержана', sent: 'Отправлена', unknown: 'Не подтверждена', failed: 'Ошибка' },
    statusGroup: 'Состояние отправки', outbox: /записи, сначала новые/, name: 'Имя', phone: 'Телефон', places: 'Мест',
    overbook: 'Не хватает свободных мест', queueAnyway: 'Всё равно поставить в очередь', signIn: 'Войти', login: 'Логин', password: 'Пароль',
    online: 'В сети', offline: 'Нет сети', anyAttention: /Требу(е|ю)т внимания/
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

  /** What the class and the desk should say at one step of the story. */
  interface Step {
    booked: number
    free: number
    desk: Partial<Record<'queued' | 'held' | 'unknown' | 'failed', number>>
    /** The header's "needs attention": held, unconfirmed and failed bookings of the whole outbox. */
    attention: number
    /** The booking whose outbox row (and roster row, when the roster lists it) is looked at, and its status. */
    row: { name: string; status: Status; inRoster: boolean }
  }

  const deskLine = (step: Step) =>
    (['queued', 'held', 'unknown', 'failed'] as const).filter((s) => step.desk[s]).map((s) => w.count[s](step.desk[s]!)).join(' · ')

  /** Every place on the screen that counts the class or names the booking's state agrees with `step`. */
  async function expectOneStory(page: Page, step: Step, shot: string): Promise<void> {
    const card = page.locator(`#event-${YOGA}`)
    const desk = deskLine(step)
    const free = w.upTo(step.free)
    await expect(card.getByTestId('class-count')).toHaveText(w.booked(step.booked))
    if (desk) await expect(card.getByTestId('class-desk')).toHaveText(desk)
    else await expect(card.getByTestId('class-desk')).toHaveCount(0)
    await expect(card.getByTestId('class-free')).toHaveText(free)
    await expect(page.getByTestId('roster-count')).toHaveText([w.booked(step.booked), desk, free].filter(Boolean).join(' · '))

    const header = page.getByRole('group', { name: w.statusGroup })
    await expect(header.getByText(w.count.queued(step.desk.queued ?? 0), { exact: true })).toBeVisible()
    if (step.attention > 0) await expect(header.getByText(w.attention(step.attention), { exact: true })).toBeVisible()
    else await expect(header.getByText(w.anyAttention)).toHaveCount(0)

    const outboxRow = page.getByRole('list', { name: w.outbox }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: step.row.name }) })
    await expect(outboxRow.locator('.badge')).toHaveText(w.status[step.row.status])
    const rosterRow = page.getByTestId('class-roster').getByRole('listitem').filter({ hasText: step.row.name })
    if (step.row.inRoster) await expect(rosterRow.locator('.who__standing')).toHaveText(w.status[step.row.status])
    else await expect(rosterRow).toHaveCount(0)
    await page.screenshot({ path: `${SHOTS}/story-${shot}-${lang}.png` })
  }

  async function book(page: Page, client: { name: string; phone: string; places?: number; queueAnyway?: boolean }): Promise<void> {
    await page.getByLabel(w.name, { exact: true }).fill(client.name)
    await page.getByLabel(w.phone, { exact: true }).fill(client.phone)
    await page.getByLabel(w.places, { exact: true }).fill(String(client.places ?? 1))
    await page.getByLabel(w.phone, { exact: true }).press('Enter')
    if (client.queueAnyway) await page.getByRole('dialog', { name: w.overbook }).getByRole('button', { name: w.queueAnyway }).click()
  }

  test.describe(`in ${lang === 'en' ? 'English' : 'Russian'}`, () => {
    test.use({ locale: lang === 'en' ? 'en-GB' : 'ru-RU' })

    test('a class through waiting, held, sent, unconfirmed and failed: card, roster, header and outbox say the same', async ({ page }) => {
      session = await openStudioSession(page, { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN }, undefined, NO_LOOKUP)
      const { sim } = session
      await page.locator(`#event-${YOGA}`).click()
      await expect(page.getByTestId('roster-count')).toHaveText(`${w.booked(7)} · ${w.upTo(5)}`)

      // Waiting: the line is down, so the booking waits in the outbox and takes its place.
      await sim.stop()
      await book(page, { name: 'Anna', phone: '+44 7911 123456' })
      await expect(page.getByTestId('network')).toHaveText(w.offline)
      await expectOneStory(page, { booked: 7, free: 4, desk: { queued: 1 }, attention: 0, row: { name: 'Anna', status: 'queued', inRoster: true } }, 'waiting')

      // Held: the line is back but the sign-in was changed meanwhile; the booking keeps its place.
      sim.setUserToken('rotated-after-password-change')
      await sim.restart()
      await expectOneStory(page, { booked: 7, free: 4, desk: { held: 1 }, attention: 1, row: { name: 'Anna', status: 'held', inRoster: true } }, 'held')
      // The day list does not say "offline" under an online header.
      await expect(page.getByTestId('network')).toHaveText(w.online)
      await expect(page.getByTestId('events-age').filter({ hasText: w.offline })).toHaveCount(0)

      // Sent: someone signs in, the booking goes, and Altegio counts it.
      await page.getByLabel(w.login).fill(RECEPTIONIST.login)
      await page.getByLabel(w.password).fill(RECEPTIONIST.password)
      await page.getByLabel(w.password).press('Enter')
      await expectOneStory(page, { booked: 8, free: 4, desk: {}, attention: 0, row: { name: 'Anna', status: 'sent', inRoster: true } }, 'sent')
      // Signed in and online: neither list still says it is the saved one.
      await expect(page.getByTestId('events-age')).toHaveCount(0)
      await expect(page.getByTestId('roster-age')).toHaveCount(0)

      // Unconfirmed: the connection drops before Altegio stores it, so the desk cannot know.
      sim.injectFaults({ kind: 'drop_before_store' })
      await book(page, { name: 'Boris', phone: '+7 916 555-12-34' })
      await expectOneStory(page, { booked: 8, free: 4, desk: { unknown: 1 }, attention: 1, row: { name: 'Boris', status: 'unknown', inRoster: true } }, 'unconfirmed')

      // Failed: a group bigger than the class, queued anyway; Altegio refuses it.
      await book(page, { name: 'Pyotr', phone: '+1 315 555 0175', places: 10, queueAnyway: true })
      await expectOneStory(page, { booked: 8, free: 4, desk: { unknown: 1, failed: 1 }, attention: 2, row: { name: 'Pyotr', status: 'failed', inRoster: false } }, 'failed')
      expect(sim.records().map((r) => r.client.name)).toEqual(['Anna'])
    })
  })
}
