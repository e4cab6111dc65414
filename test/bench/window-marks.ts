import { chromium, type Page } from '@playwright/test'
import playwrightConfig from '../../playwright.config.ts'
import buildHarness from '../e2e/support/build-harness.ts'
import { chooseTestEvent } from '../e2e/support/desk-session.ts'
import { EVENT_ID, LOCATION_ID, booking, startSimulator, tempDir } from '../support/desk-fixtures.ts'
import { summarize } from './stats.ts'
import { STEP_MS, openDesk, withWindow, within } from './window.ts'
import type { KeyToMark } from './window-figures.ts'

/**
 * Check-in in the window: a class of `marks` clients already booked in Altegio, its roster open, and staff
 * marking one after another from the keyboard — Space on the focused row, then the arrow to the next.
 * Timed in the page, from the key's event to the row showing the client arrived, and to the core's answer
 * (the mark queued in the outbox). A window whose roster has no Arrived key is timed from the window's
 * `markAttendance` call instead, to the same answer, and says so (`from: 'call'`).
 */
export async function measureKeyToMark(options: { marks: number }): Promise<KeyToMark> {
  await buildHarness()
  const launch = playwrightConfig.use?.launchOptions ?? {}
  const browser = await chromium.launch({ ...launch, headless: true })
  const sim = await startSimulator(options.marks + 10)
  const dir = tempDir('front-desk-bench-window-marks-')
  const desk = await openDesk(sim, dir.path)
  try {
    for (let i = 0; i < options.marks; i++) await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking({ name: `Bench${i}` }) })
    await within(STEP_MS * 3, `${options.marks} bookings sent to Altegio before the roster opens`, untilSent(desk, options.marks))
    const sent = (await desk.listBookings({ statuses: ['sent'] })).map((item) => ({ locationId: item.locationId, eventId: item.eventId, bookingId: item.id }))
    return await withWindow(browser, desk, async (page) => {
      await within(STEP_MS, 'the class chosen in the day view', chooseTestEvent(page))
      const rows = page.getByTestId('class-roster').locator('li')
      await within(STEP_MS, `the roster listing ${options.marks} clients`, waitForCount(page, options.marks))
      const byKey = (await rows.first().locator('.who__arrive').count()) > 0
      const shown: number[] = []
      const answered: number[] = []
      await rows.first().focus()
      for (let i = 0; i < options.marks; i++) {
        const step = `mark ${i + 1} of ${options.marks}`
        if (byKey) {
          await page.evaluate(() => (window as unknown as MarkWindow).__marks.armKey())
          await page.keyboard.press('Space')
          const times = await within(STEP_MS, `${step}: Space on the row → the row shows arrived, and the core's answer`, page.evaluate(() => (window as unknown as MarkWindow).__marks.done))
          shown.push(times.shown)
          answered.push(times.answered)
          await page.keyboard.press('ArrowDown')
        } else {
          const times = await within(STEP_MS, `${step}: markAttendance called → the core's answer`, page.evaluate((target) => (window as unknown as MarkWindow).__marks.call(target), sent[i]!))
          answered.push(times.answered)
        }
      }
      if (byKey) {
        const arrived = await page.locator('[data-testid=class-roster] li.who--mark-arrived').count()
        if (arrived !== options.marks) throw new Error(`the window bench: ${options.marks} rows marked by key, but ${arrived} show arrived`)
      }
      return { from: byKey ? 'key' : 'call', marks: options.marks, ...(byKey ? { shown: summarize(shown) } : {}), answered: summarize(answered) }
    }, { initScripts: [MARK_WATCHER] })
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
    await browser.close()
  }
}

async function untilSent(desk: Awaited<ReturnType<typeof openDesk>>, n: number): Promise<void> {
  while ((await desk.deliveryStatus()).counts.sent < n) await new Promise((resolve) => setTimeout(resolve, 50))
}

async function waitForCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=class-roster] li').length >= n, n, { timeout: STEP_MS })
}

interface MarkWindow {
  __marks: {
    armKey(): void
    done: Promise<{ shown: number; answered: number }>
    call(target: { locationId: number; eventId: number; bookingId: string }): Promise<{ answered: number }>
  }
}

/**
 * Runs in the page before its own scripts: notes each `checkin:mark` call's answer, and, once armed, the
 * Space key's event and the moment the row it was pressed on shows the client arrived (its mark class).
 */
const MARK_WATCHER = `(() => {
  const answers = []
  let answerWaiter
  const install = () => {
    const invoke = window.__frontDeskInvoke
    if (typeof invoke !== 'function') return false
    window.__frontDeskInvoke = function (channel, payload) {
      const result = invoke.call(this, channel, payload)
      if (channel !== 'checkin:mark') return result
      return result.then((answer) => { const at = performance.now(); answers.push(at); answerWaiter?.(at); return answer })
    }
    return true
  }
  if (!install()) document.addEventListener('readystatechange', install, { once: true })
  const nextAnswer = () => new Promise((resolve) => { answerWaiter = (at) => { answerWaiter = undefined; resolve(at) } })
  const whenTrue = (check) => new Promise((resolve) => {
    const test = () => { const v = check(); if (v !== undefined) { observer.disconnect(); resolve(v) } }
    const observer = new MutationObserver(test)
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
    test()
  })
  window.__marks = {
    done: Promise.resolve({ shown: NaN, answered: NaN }),
    armKey() {
      let pressed
      let row
      const onKey = (event) => {
        if (event.key !== ' ' || pressed !== undefined) return
        pressed = event.timeStamp
        row = document.activeElement?.closest('li[data-key]')?.getAttribute('data-key')
      }
      document.addEventListener('keydown', onKey, true)
      const answered = nextAnswer()
      const shown = whenTrue(() => {
        if (pressed === undefined || row === undefined) return undefined
        const li = document.querySelector('li[data-key="' + CSS.escape(row) + '"]')
        return li && li.className.includes('who--mark-arrived') ? performance.now() - pressed : undefined
      }).finally(() => document.removeEventListener('keydown', onKey, true))
      window.__marks.done = Promise.all([shown, answered]).then(([shown, at]) => ({ shown, answered: at - pressed }))
    },
    async call({ locationId, eventId, bookingId }) {
      const started = performance.now()
      const answered = nextAnswer()
      await window.frontDesk.markAttendance({ locationId, eventId, target: { bookingId }, mark: 'arrived' })
      return { answered: (await answered) - started }
    }
  }
})()`
