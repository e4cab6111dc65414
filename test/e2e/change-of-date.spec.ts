import { expect, test } from '@playwright/test'
import { testTime } from '../support/test-clock.ts'
import { openTraining, type TrainingSession } from './support/training-session.ts'

/**
 * Midnight at the desk, on an injected clock: the practice studio, the training desk and the window all
 * read 23:59:30 on the test day (a Tuesday), then all jump a minute together. Every class of the evening
 * has started, so the day is empty; past midnight the day view moves on to Wednesday by itself and shows
 * its classes, which the desk fetches for the new date.
 */
const SHOTS = 'test-results/screenshots'
test.use({ locale: 'en-GB' })
let session: TrainingSession | undefined

test.afterEach(async () => {
  const errors = session?.windowErrors ?? []
  await session?.close()
  session = undefined
  expect(errors, 'errors in the window').toEqual([])
})

test('across midnight the day view follows the new day, and the desk fetches it', async ({ page }) => {
  session = await openTraining(page, testTime(23, 59, 0, 30))
  await expect(page.getByRole('heading', { name: 'New booking' })).toBeVisible()
  await expect(page.getByText('Today, Tuesday 12 June')).toBeVisible()
  await expect(page.getByText('No classes on this day.')).toBeVisible()

  session.clock.shift(60_000)
  await page.clock.fastForward(60_000) // the window's own minute: its once-a-half-minute tick runs

  await expect(page.getByText('Today, Wednesday 13 June')).toBeVisible()
  await expect(page.getByRole('option').filter({ hasText: '07:00' })).toBeVisible()
  await expect(page.getByRole('option').filter({ hasText: 'Morning flow yoga' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/change-of-date.png` })
})
