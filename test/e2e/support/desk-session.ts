import { expect, test, type Page } from '@playwright/test'
import { createFrontDesk, type FrontDesk, type FrontDeskOptions } from '../../../src-main/core/index.ts'
import { AltegioSimulator } from '../../simulator/altegio-simulator.ts'
import { RECEPTIONIST, seedStudio } from '../../simulator/seed-studio.ts'
import {
  EVENT_ID,
  LOCATION_ID,
  PARTNER_TOKEN,
  TEST_ALLOWED_HOSTS,
  USER_TOKEN,
  memoryKeychain,
  startSimulator,
  tempDir
} from '../../support/desk-fixtures.ts'
import { runningClock, testTime, type TestClock } from '../../support/test-clock.ts'
import { RENDERER_DIR } from './build-harness.ts'
import { openDeskPage } from './desk-page.ts'
import { serveDirectory } from './static-server.ts'
import { closeAll } from './teardown.ts'

export const SHOTS = 'test-results/screenshots'

/** Everything one end-to-end test runs against: the simulator, a real core on a fresh folder, the served window. */
export interface DeskSession {
  sim: AltegioSimulator
  desk: FrontDesk
  /** The simulator's, the desk's and the window's time: 09:00 on the test day when the session opens. */
  clock: TestClock
  /** Exceptions and console errors from the window; a test that expects some removes them. */
  windowErrors: string[]
  close(): Promise<void>
}

/**
 * Starts a session and opens the window in `page`. `options` reach `createFrontDesk`: a test about
 * unknown bookings sets `lookUp.afterMs` so the desk's own lookups happen when the test wants them.
 */
export async function openSession(page: Page, options: Partial<FrontDeskOptions> = {}, capacity = 3): Promise<DeskSession> {
  const clock = runningClock(testTime(9))
  const sim = await startSimulator(capacity, clock.now)
  sim.addUser(RECEPTIONIST)
  return openWindowOn(page, { sim, clock, deskOptions: { secrets: memoryKeychain(), autoDeliver: true, ...options } })
}

/**
 * A session against a simulator seeded as a studio (seed-studio.ts) from the test day's 09:00, the desk's
 * location saved and `secrets` in its keychain, as a desk in use is. `beforeWindow` runs on the desk
 * before the window opens (what the desk did earlier in the day); `options` reach `createFrontDesk`.
 */
export async function openStudioSession(
  page: Page,
  secrets: Record<string, string>,
  beforeWindow?: (desk: FrontDesk, clock: TestClock) => Promise<void>,
  options: Partial<FrontDeskOptions> = {}
): Promise<DeskSession> {
  const nine = testTime(9)
  const clock = runningClock(nine)
  const sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN, now: clock.now })
  seedStudio(sim, LOCATION_ID, nine)
  return openWindowOn(page, {
    sim,
    clock,
    deskOptions: { secrets: memoryKeychain(secrets), apiBaseUrl: sim.baseUrl, ...options },
    async beforeWindow(desk) {
      await desk.saveSettings({ locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'City studio', country: 'RU', timeZone: null }] })
      await beforeWindow?.(desk, clock)
    }
  })
}

/** A real core on a fresh folder against `sim`, and the served window opened on it in `page`. */
async function openWindowOn(
  page: Page,
  setup: { sim: AltegioSimulator; clock: TestClock; deskOptions: Partial<FrontDeskOptions>; beforeWindow?: (desk: FrontDesk) => Promise<void> }
): Promise<DeskSession> {
  const { sim, clock } = setup
  const dir = tempDir('front-desk-e2e-')
  const site = await serveDirectory(RENDERER_DIR)
  const desk = await createFrontDesk({
    dataDir: dir.path,
    secrets: memoryKeychain(),
    backoff: { baseMs: 300, maxMs: 600 },
    requestTimeoutMs: 3_000,
    allowedApiHosts: TEST_ALLOWED_HOSTS,
    clock,
    ...setup.deskOptions
  })
  await setup.beforeWindow?.(desk)
  const windowErrors: string[] = []
  page.on('pageerror', (error) => windowErrors.push(error.message))
  page.on('console', (message) => void (message.type() === 'error' && windowErrors.push(message.text())))
  const unsubscribe = await openDeskPage(page, desk, site.url, clock)
  return {
    sim,
    desk,
    clock,
    windowErrors,
    async close() {
      unsubscribe()
      await closeAll({
        'desk.close()': () => desk.close(),
        'simulator stop': () => sim.stop(),
        'static server close': () => site.close(),
        'data folder removal': () => dir.remove()
      })
    }
  }
}

/**
 * The Settings screen with its administrator's section open, in either language: opened and confirmed
 * when it is closed (a desk that has its location), already open on a desk that has none.
 */
export async function openAdminSettings(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^(Settings|Настройки)/ }).click()
  const body = page.locator('#admin-body')
  const toggle = page.getByRole('button', { name: /^(Change administrator settings|Изменить настройки администратора)/ })
  await expect(body.or(toggle)).toBeVisible()
  if (await body.isVisible()) return
  await toggle.click()
  await page.getByRole('dialog').getByRole('button', { name: /^(Open the settings|Открыть настройки)$/ }).click()
  await expect(body).toBeVisible()
}

/** Location, API address and the partner token through Settings, then signing in, as staff would. */
export async function setUpDesk(page: Page, sim: AltegioSimulator): Promise<void> {
  await openAdminSettings(page)
  await page.getByLabel('Location id').fill(String(LOCATION_ID))
  await page.getByLabel('API address').fill(sim.baseUrl)
  await page.getByRole('button', { name: 'Save settings' }).click()
  await page.getByLabel('Partner token').fill('partner-token-test')
  await page.getByRole('button', { name: 'Save token' }).click()
  await expect(page.getByLabel('Partner token')).toHaveValue('')
  await expect(page.getByText('Saved', { exact: true })).toHaveCount(1)
  await page.getByRole('tab', { name: 'Book' }).click()
  await signIn(page)
  // The day view has fetched (and saved) the week, so the test's event can be chosen offline too.
  await expect.poll(() => sim.requests().some((r) => r.path.includes('/activity/') && r.status === 200)).toBe(true)
}

/** Signs the receptionist in on the Book screen. */
export async function signIn(page: Page): Promise<void> {
  await page.getByLabel('Login').fill(RECEPTIONIST.login)
  await page.getByLabel('Password').fill(RECEPTIONIST.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Altegio' })).toBeHidden()
}

/**
 * Chooses the test's event (tomorrow's Evening yoga) in the day view, as staff do: there is no id to
 * type. Focus then moves to the client look-up.
 */
export async function chooseTestEvent(page: Page): Promise<void> {
  const chosen = page.getByTestId('chosen-event')
  if ((await chosen.filter({ hasText: 'Evening yoga' }).count()) > 0) return
  const option = page.locator(`#event-${EVENT_ID}`)
  if ((await option.count()) === 0) await page.getByRole('button', { name: 'Next day' }).click()
  await option.click()
  await expect(chosen).toContainText('Evening yoga')
}

/**
 * Fills the form for one client and presses Enter; `queueAnyway` answers the question a booking for more
 * places than are free asks.
 */
export async function book(page: Page, client: { name: string; phone: string; slots?: number; queueAnyway?: boolean }): Promise<void> {
  await chooseTestEvent(page)
  await page.getByLabel('First name').fill(client.name)
  await page.getByLabel('Phone').fill(client.phone)
  if (client.slots !== undefined) await page.getByLabel('Places', { exact: true }).fill(String(client.slots))
  await page.getByLabel('Phone').press('Enter')
  if (client.queueAnyway) await page.getByRole('dialog', { name: 'Not enough free places' }).getByRole('button', { name: 'Queue anyway' }).click()
}

/** The outbox row of the booking for `name`. */
export const outboxRow = (page: Page, name: string) =>
  page.getByRole('list', { name: /bookings, newest first/ }).getByRole('listitem').filter({ has: page.getByRole('heading', { name }) })

/** Long enough that the desk's own look-up never settles a booking before a test's staff do. */
export const NO_LOOKUP = { lookUp: { afterMs: 10 * 60_000 } }

/**
 * For a spec whose tests each open one session on the Book screen (simulator, desk set up, signed in):
 * `start` opens it, and after each test it is closed and the window must have logged no error.
 */
export function bookScreenSessions(): { start(page: Page, options?: Partial<FrontDeskOptions>): Promise<DeskSession> } {
  let session: DeskSession | undefined
  test.afterEach(async () => {
    if (!session) return
    const { windowErrors } = session
    await session.close()
    session = undefined
    expect(windowErrors, 'errors in the window (CSP violations, exceptions)').toEqual([])
  })
  return {
    async start(page, options = {}) {
      session = await openSession(page, options)
      await setUpDesk(page, session.sim)
      await page.getByRole('tab', { name: 'Book' }).click()
      return session
    }
  }
}
