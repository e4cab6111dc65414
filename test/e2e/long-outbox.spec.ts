import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { EVENT_ID, LOCATION_ID, booking } from '../support/desk-fixtures.ts'
import { SHOTS, openSession, outboxRow, type DeskSession } from './support/desk-session.ts'
import { AxeBuilder } from '@axe-core/playwright'

/**
 * After a long outage hundreds of bookings wait. The window reads them a page at a time (the first 50 at
 * once, the rest after) and renders only the rows near its view; to staff and screen readers it is still
 * the whole list: every row, those of later pages too, is reached by scrolling, the list says how many it
 * holds, and a row holding focus stays while the list scrolls.
 */
mkdirSync(SHOTS, { recursive: true })

const BOOKINGS = 300
let session: DeskSession

test.beforeEach(async ({ page }) => {
  session = await openSession(page, { autoDeliver: false })
  for (let i = 1; i <= BOOKINGS; i++) {
    await session.desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking({ name: 'Waiting', surname: `No${i}` }) })
  }
})

test.afterEach(async () => {
  await session.close()
  expect(session.windowErrors, 'errors in the window').toEqual([])
})

test('an outbox of 300 bookings renders the rows in view, scrolls to the oldest, and keeps the focused row', async ({ page }) => {
  const list = page.getByRole('list', { name: /bookings, newest first/ })
  const rows = list.locator(':scope > li')
  await expect(rows.first().getByRole('heading')).toHaveText(`Waiting No${BOOKINGS}`)
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(BOOKINGS))
  await expect(rows.first()).toHaveAttribute('aria-posinset', '1')
  expect(await rows.count(), 'rows rendered at the top of the list').toBeLessThan(60)

  // Focus on the newest row's Discard button, then scroll to the bottom: the focused row stays rendered.
  const discard = outboxRow(page, `Waiting No${BOOKINGS}`).getByRole('button', { name: 'Discard' })
  await discard.focus()
  const column = page.locator('.book__col--day')
  const oldest = outboxRow(page, 'Waiting No1')
  for (let step = 0; step < 600; step++) {
    const atEnd = await column.evaluate((el) => {
      el.scrollTop += el.clientHeight
      return el.scrollTop + el.clientHeight >= el.scrollHeight - 1
    })
    // The list reads its later pages in the background: the column's end is the oldest booking only once they are in.
    if (atEnd && (await oldest.count()) > 0) break
    await page.evaluate(() => new Promise(requestAnimationFrame))
  }
  await expect(oldest).toBeInViewport()
  await expect(oldest).toHaveAttribute('aria-posinset', String(BOOKINGS))
  await expect(discard).toBeFocused()
  expect(await rows.count(), 'rows rendered at the bottom').toBeLessThan(60)
  await page.screenshot({ path: `${SHOTS}/long-outbox-bottom.png` })

  // Back at the top, the rows there are shown again, where they were.
  await column.evaluate((el) => (el.scrollTop = 0))
  await expect(outboxRow(page, `Waiting No${BOOKINGS - 1}`)).toBeVisible()
  // The whole window, the day view above the outbox empty too: this desk has no location set.
  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
})
