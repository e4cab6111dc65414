import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { RECEPTIONIST } from '../simulator/seed-studio.ts'
import { NO_LOOKUP, SHOTS, book, bookScreenSessions, outboxRow } from './support/desk-session.ts'

/**
 * Who booked, on the outbox row and the roster, after signing in through the simulator; and settling an
 * unconfirmed booking from the class's own list in the Resolve dialog, online and offline.
 */
mkdirSync(SHOTS, { recursive: true })

const { start } = bookScreenSessions()

const resolveDialog = (page: Page) => page.getByRole('dialog', { name: 'Did Altegio get this booking?' })

test('the outbox row and the roster row say who booked, after signing in through the simulator', async ({ page }) => {
  const { desk } = await start(page)
  await book(page, { name: 'Vera', phone: '+44 7911 123011' })
  const vera = outboxRow(page, 'Vera')
  await expect(vera.getByText(/^Sent — Altegio record #\d+$/)).toBeVisible()
  // "Booked by" and the name, as a term and its value.
  await expect(vera.getByTestId('row-staff')).toHaveText(new RegExp(`^Booked by\\s*${RECEPTIONIST.name}$`))
  const rosterRow = page.getByTestId('class-roster').getByRole('listitem').filter({ hasText: 'Vera' })
  await expect(rosterRow.getByTestId('roster-booked-by')).toHaveText(`Booked by ${RECEPTIONIST.name}`)
  await page.screenshot({ path: `${SHOTS}/40-who-booked.png` })

  // Signed out, a booking names nobody: the row says nothing about who made it.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await book(page, { name: 'Wanda', phone: '+44 7911 123012' })
  await expect(outboxRow(page, 'Wanda')).toBeVisible()
  await expect(outboxRow(page, 'Wanda').getByTestId('row-staff')).toHaveCount(0)
  expect((await desk.listBookings()).map((item) => [item.request.client.name, item.staff?.name])).toEqual([
    ['Wanda', undefined],
    ['Vera', RECEPTIONIST.name]
  ])
})

test('an unconfirmed booking is settled from the class’s list: its record is offered, and choosing it marks the booking sent', async ({ page }) => {
  const { sim, desk } = await start(page, NO_LOOKUP)
  await book(page, { name: 'Ada', phone: '+44 7911 123021' })
  await expect(outboxRow(page, 'Ada').getByText(/^Sent — Altegio record #\d+$/)).toBeVisible()
  sim.injectFaults({ kind: 'drop_after_store' }) // Altegio stores it, the answer is lost
  await book(page, { name: 'Vera', phone: '+44 7911 123001' })
  const vera = outboxRow(page, 'Vera')
  await expect(vera.getByText('Unconfirmed — being checked with Altegio…')).toBeVisible()
  const record = sim.records().find((r) => r.client.name === 'Vera')!

  await vera.getByRole('button', { name: 'Resolve…' }).click()
  const dialog = resolveDialog(page)
  const list = dialog.getByTestId('resolve-roster')
  await expect(list.getByRole('heading', { name: 'In the class’s list in Altegio' })).toBeVisible()
  // Vera's record, by her phone and name; Ada's, made before this booking was sent and already this desk's, is not offered.
  const offered = list.getByRole('listitem')
  await expect(offered).toHaveCount(1)
  await expect(offered).toContainText('Vera')
  await expect(offered).toContainText(`#${record.id}`)
  await expect(offered).toContainText('same phone, same name, made after the desk sent this booking')
  // Saying none of them is it turns to sending it again; picking the record turns back.
  await list.getByRole('button', { name: 'None of these is this booking' }).click()
  await expect(dialog.getByRole('radio', { name: /Send it again/ })).toBeChecked()
  await offered.getByRole('button', { name: `This is it (#${record.id})` }).click()
  await expect(dialog.getByRole('radio', { name: /It was created in Altegio/ })).toBeChecked()
  await expect(dialog.getByLabel(/Altegio record id/)).toHaveValue(String(record.id))
  await expect(offered.getByRole('button', { name: `This is it (#${record.id})` })).toHaveAttribute('aria-pressed', 'true')
  await page.screenshot({ path: `${SHOTS}/41-resolve-from-roster.png` })
  await dialog.getByRole('button', { name: 'Mark as created' }).click()
  await expect(dialog).toBeHidden()

  await expect(vera.getByText(`Sent — Altegio record #${record.id}`)).toBeVisible()
  expect(sim.requests().filter((r) => r.path.endsWith('/records'))).toHaveLength(2) // Ada's and Vera's, nothing sent again
  expect((await desk.listBookings()).find((item) => item.request.client.name === 'Vera')).toMatchObject({ status: 'sent', recordId: String(record.id) })
})

test('with Altegio out of reach the dialog says the list cannot be read, and the record id is typed by hand', async ({ page }) => {
  const { sim, desk } = await start(page, NO_LOOKUP)
  sim.injectFaults({ kind: 'drop_after_store' })
  await book(page, { name: 'Gleb', phone: '+44 7911 123031' })
  const gleb = outboxRow(page, 'Gleb')
  await expect(gleb.getByText('Unconfirmed — being checked with Altegio…')).toBeVisible()
  const [record] = sim.records()
  await sim.stop()

  await gleb.getByRole('button', { name: 'Resolve…' }).click()
  const dialog = resolveDialog(page)
  await expect(dialog.getByTestId('resolve-roster')).toContainText('Altegio cannot be reached just now, so its list for this class cannot be read.')
  await expect(dialog.getByTestId('resolve-roster')).toContainText('If you know the record id, enter it below.')
  await page.screenshot({ path: `${SHOTS}/42-resolve-offline.png` })
  await dialog.getByRole('radio', { name: /It was created in Altegio/ }).check()
  await dialog.getByLabel(/Altegio record id/).fill(String(record!.id))
  await dialog.getByRole('button', { name: 'Mark as created' }).click()
  await expect(dialog).toBeHidden()
  expect((await desk.listBookings())[0]).toMatchObject({ status: 'sent', recordId: String(record!.id) })
})
