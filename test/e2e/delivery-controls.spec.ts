import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { NO_LOOKUP, SHOTS, book, bookScreenSessions, outboxRow } from './support/desk-session.ts'

/**
 * What staff see and do about delivery: the status bar, the title badge, the outbox's filters and
 * history, and settling a booking whose fate is unknown — against the real core and the simulator.
 */
mkdirSync(SHOTS, { recursive: true })

const TITLE = 'Front Desk for Altegio'
const { start } = bookScreenSessions()

const statusBar = (page: Page) => page.getByRole('group', { name: 'Delivery status' })
const filterTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name} \\d+$`) })

/** HH:MM as the window writes it, computed in the page so locale and time zone agree. */
const clock = (page: Page, iso: string) =>
  page.evaluate((at) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at)), iso)

test('the status bar follows the line: offline with bookings waiting, then online, sent, and the time of the last send', async ({ page }) => {
  const { sim, desk } = await start(page)
  await expect(statusBar(page)).toContainText('Nothing sent yet')

  // The line is gone and the operating system says so: the window passes it on, before any request fails.
  // Altegio is stopped first, or the desk's own probe would find it over loopback and say online again.
  await sim.stop()
  await page.context().setOffline(true)
  await expect(statusBar(page).getByText('Offline')).toBeVisible()
  expect(sim.requests().filter((r) => r.path.endsWith('/records'))).toHaveLength(0)

  await book(page, { name: 'Olga', phone: '+44 7911 100001' })
  await book(page, { name: 'Pyotr', phone: '+44 7911 100002' })
  await expect(statusBar(page)).toContainText('2 waiting')
  await expect(outboxRow(page, 'Olga').getByText(/^Waiting for the network/)).toBeVisible()
  await expect(outboxRow(page, 'Olga').getByRole('button', { name: 'Retry now' })).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/10-status-offline.png` })

  // The OS says online, but Altegio is still unreachable: the desk checks rather than believes.
  await page.context().setOffline(false)
  await page.waitForTimeout(1_500) // a probe or two run and fail
  await expect(statusBar(page).getByText('Offline')).toBeVisible()
  expect((await desk.listBookings()).map((i) => i.status)).toEqual(['queued', 'queued'])

  await sim.restart()
  await expect(statusBar(page).getByText('Online')).toBeVisible({ timeout: 15_000 })
  await expect(statusBar(page)).toContainText('0 waiting')
  await expect(outboxRow(page, 'Olga').getByText(/^Sent — Altegio record #\d+$/)).toBeVisible()
  expect(sim.records()).toHaveLength(2)
  const { lastSentAt } = await desk.deliveryStatus()
  expect(lastSentAt).not.toBeNull()
  await expect(statusBar(page).getByTestId('last-sent')).toHaveText(`Last sent ${await clock(page, lastSentAt!)}`)
  await page.screenshot({ path: `${SHOTS}/11-status-back-online.png` })
})

test('filters count by status and work from the keyboard; a discarded booking moves to History; the title shows what needs attention', async ({ page }) => {
  const { sim, desk } = await start(page)
  await expect(page).toHaveTitle(TITLE)
  await book(page, { name: 'Anna', phone: '+44 7911 200001' })
  await expect(outboxRow(page, 'Anna').getByText(/^Sent — /)).toBeVisible()
  await book(page, { name: 'Boris', phone: '+44 7911 200002', slots: 5, queueAnyway: true }) // the class has 3 places: 422
  await expect(outboxRow(page, 'Boris').getByText('Not booked — no free places left')).toBeVisible()
  await expect(page).toHaveTitle(`(1) ${TITLE}`)

  await expect(filterTab(page, 'All')).toHaveAccessibleName('All 2')
  await expect(filterTab(page, 'Needs attention')).toHaveAccessibleName('Needs attention 1')
  await expect(filterTab(page, 'Sent')).toHaveAccessibleName('Sent 1')
  await expect(filterTab(page, 'History')).toHaveAccessibleName('History 0')

  // Keyboard: one Tab stop for the whole row of filters, arrows move between them.
  await filterTab(page, 'All').focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(filterTab(page, 'Needs attention')).toBeFocused()
  await expect(filterTab(page, 'Needs attention')).toHaveAttribute('aria-selected', 'true')
  await expect(outboxRow(page, 'Boris')).toBeVisible()
  await expect(outboxRow(page, 'Anna')).toHaveCount(0)
  await page.keyboard.press('End')
  await expect(filterTab(page, 'History')).toBeFocused()
  await expect(page.getByRole('tabpanel').getByText('No discarded bookings.')).toBeVisible()
  await page.keyboard.press('ArrowLeft')
  await expect(filterTab(page, 'Sent')).toHaveAttribute('aria-selected', 'true')
  await expect(outboxRow(page, 'Anna')).toBeVisible()
  await expect(outboxRow(page, 'Boris')).toHaveCount(0)

  await filterTab(page, 'Needs attention').click()
  await outboxRow(page, 'Boris').getByRole('button', { name: 'Discard…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Discard this booking?' })
  await expect(dialog).toContainText('It moves to History')
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused() // Enter alone does no harm
  await dialog.getByRole('button', { name: 'Discard' }).click()
  await expect(outboxRow(page, 'Boris')).toHaveCount(0)
  await expect(page.getByRole('tabpanel').getByText('Nothing needs attention.')).toBeVisible()
  await expect(page).toHaveTitle(TITLE)
  await expect(filterTab(page, 'History')).toHaveAccessibleName('History 1')

  await filterTab(page, 'History').click()
  const boris = outboxRow(page, 'Boris')
  await expect(boris.getByText(/^Discarded .* — the desk will not send it$/)).toBeVisible()
  await expect(boris.getByRole('button')).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/12-history.png` })
  expect((await desk.listBookings({ statuses: ['discarded'] })).map((i) => i.request.client.name)).toEqual(['Boris'])
  expect(sim.records().map((r) => r.client.name)).toEqual(['Anna'])
})

test('an unconfirmed booking is settled by hand as created, with the record id staff read in Altegio', async ({ page }) => {
  const { sim, desk } = await start(page, NO_LOOKUP)
  sim.injectFaults({ kind: 'drop_after_store' }) // Altegio stores it, the answer is lost
  await book(page, { name: 'Vera', phone: '+44 7911 123001' })
  const vera = outboxRow(page, 'Vera')
  await expect(vera.getByText('Unconfirmed — being checked with Altegio…')).toBeVisible()
  await expect(vera).toContainText(/no answer came back.*Next look-up \d\d:\d\d:\d\d/)
  await expect(page).toHaveTitle(`(1) ${TITLE}`)
  const [record] = sim.records()

  await vera.getByRole('button', { name: 'Resolve…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Did Altegio get this booking?' })
  await expect(dialog).toContainText('Not looked up in Altegio yet.')
  await expect(dialog).toContainText(/Next automatic check \d\d:\d\d:\d\d/)
  await expect(dialog.getByRole('radio', { name: /It was created in Altegio/ })).toBeFocused()
  await page.keyboard.press('Space')
  await dialog.getByLabel(/Altegio record id/).fill(`#${record!.id}`)
  await page.screenshot({ path: `${SHOTS}/13-resolve-created.png` })
  await dialog.getByRole('button', { name: 'Mark as created' }).click()
  await expect(dialog).toBeHidden()

  await expect(vera.getByText(`Sent — Altegio record #${record!.id}`)).toBeVisible()
  await expect(page).toHaveTitle(TITLE)
  expect(sim.requests().filter((r) => r.path.endsWith('/records'))).toHaveLength(1)
  expect((await desk.listBookings())[0]).toMatchObject({ status: 'sent', recordId: String(record!.id) })
})

test('the evidence of a lookup is shown, and "Send it again" books anew after a warning', async ({ page }) => {
  const { sim } = await start(page, { lookUp: { afterMs: 3_000 } })
  sim.injectFaults({ kind: 'drop_after_store' })
  await book(page, { name: 'Gleb', phone: '+44 7911 123002' })
  // Someone cancels it in Altegio before the desk looks: as soon as it is stored, well before the look-up.
  await expect.poll(() => sim.records().length, { intervals: [20] }).toBe(1)
  const [stored] = sim.records()
  sim.deleteRecord(stored!.id)
  const gleb = outboxRow(page, 'Gleb')
  await expect(gleb.getByText('Unconfirmed — being checked with Altegio…')).toBeVisible()

  await expect(gleb).toContainText('Altegio has a matching booking that was deleted', { timeout: 15_000 })
  await gleb.getByRole('button', { name: 'Resolve…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Did Altegio get this booking?' })
  const table = dialog.getByRole('table', { name: 'Records in Altegio that could be this booking' })
  await expect(table.getByRole('row').filter({ hasText: `#${stored!.id}` })).toContainText('Deleted in Altegio')
  await expect(dialog).toContainText(/Checked \d\d:\d\d:\d\d/)

  const again = dialog.getByRole('radio', { name: /Send it again/ })
  await again.check()
  await expect(again).toHaveAccessibleDescription(/books Gleb twice/)
  await page.screenshot({ path: `${SHOTS}/14-resolve-send-again.png` })
  await dialog.getByRole('button', { name: 'Send again' }).click()

  await expect(gleb.getByText(/^Sent — Altegio record #\d+$/)).toBeVisible()
  expect(sim.records().map((r) => [r.client.name, r.deleted])).toEqual([
    ['Gleb', true],
    ['Gleb', false]
  ])
})

test("the desk's own lookup finds a booking that reached Altegio and marks it sent with its record id", async ({ page }) => {
  const { sim, desk } = await start(page, { lookUp: { afterMs: 3_000 } })
  sim.injectFaults({ kind: 'drop_after_store' })
  await book(page, { name: 'Nina', phone: '+44 7911 123003' })
  const nina = outboxRow(page, 'Nina')
  await expect(nina.getByText('Unconfirmed — being checked with Altegio…')).toBeVisible()
  const [record] = sim.records()

  await expect(nina.getByText(`Sent — Altegio record #${record!.id}`)).toBeVisible({ timeout: 15_000 })
  await expect(page).toHaveTitle(TITLE)
  expect(sim.requests().filter((r) => r.path.endsWith('/records'))).toHaveLength(1) // found, not sent twice
  expect(sim.records()).toHaveLength(1)
  expect((await desk.listBookings())[0]).toMatchObject({ status: 'sent', recordId: String(record!.id) })
})

test('a pause Altegio asks for (429 with Retry-After) shows with the time sending resumes, then clears', async ({ page }) => {
  const { sim } = await start(page)
  sim.injectFaults({ kind: 'rate_limit', retryAfterSeconds: 3 })
  await book(page, { name: 'Lev', phone: '+44 7911 123004' })
  const pause = statusBar(page).getByText(/^Altegio asked to wait — resumes \d\d:\d\d:\d\d$/)
  await expect(pause).toBeVisible()
  await expect(outboxRow(page, 'Lev').getByText(/^Waiting — Altegio asked to wait; resumes \d\d:\d\d:\d\d$/)).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/15-paused-429.png` })

  await expect(outboxRow(page, 'Lev').getByText(/^Sent — Altegio record #\d+$/)).toBeVisible({ timeout: 15_000 })
  await expect(pause).toBeHidden()
  expect(sim.records()).toHaveLength(1)
})
