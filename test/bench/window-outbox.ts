import { chromium, type Page } from '@playwright/test'
import playwrightConfig from '../../playwright.config.ts'
import buildHarness from '../e2e/support/build-harness.ts'
import { startSimulator, tempDir } from '../support/desk-fixtures.ts'
import { buildOutbox } from './outbox-fixture.ts'
import { summarize } from './stats.ts'
import { LIST_MS, LIST_SHOWN_SIGNAL, openDesk, withWindow, within, type BenchWindow } from './window.ts'
import type { OutboxFirstRows } from './window-figures.ts'

/**
 * The outbox at any size: the window opened on a desk with `rows` bookings waiting, `runs` times, each in a
 * fresh browser context (nothing cached in the page; the core stays up, as it does while staff reload).
 * Timed in the page: the window's first `outbox:list` call → the first row in the list, and → every
 * booking in the list; the first page's answer reaching the page; and the first row from navigation, as
 * part 7 times it.
 */
export async function measureOutboxFirstRows(options: { rows: number; runs: number }): Promise<OutboxFirstRows> {
  await buildHarness()
  const launch = playwrightConfig.use?.launchOptions ?? {}
  const browser = await chromium.launch({ ...launch, headless: true })
  const sim = await startSimulator(50)
  const dir = tempDir('front-desk-bench-outbox-pages-')
  await buildOutbox(dir.path, { sent: 0, queued: options.rows, failed: 0, unknown: 0, discarded: 0 })
  const desk = await openDesk(sim, dir.path, false)
  const firstRows: number[] = []
  const fromNavigation: number[] = []
  const allIn: number[] = []
  const firstAnswer: number[] = []
  const afterAnswer: number[] = []
  try {
    for (let i = 0; i < options.runs; i++) {
      // Nothing is asked of the page until its first rows show: the wait is on its console.
      let signalled: Promise<unknown> = Promise.resolve()
      const listen = (page: Page): void => {
        signalled = page.waitForEvent('console', { predicate: (message) => message.text() === LIST_SHOWN_SIGNAL, timeout: LIST_MS })
      }
      await withWindow(browser, desk, async (page) => {
        const step = `run ${i + 1}: an outbox of ${options.rows} bookings`
        await within(LIST_MS, `${step}, its first rows`, signalled)
        const shown = await page.evaluate(() => (window as unknown as BenchWindow).__bench.listShown)
        const whole = await within(LIST_MS, `${step}, all in the list`, page.evaluate((n) => (window as unknown as BenchWindow).__bench.listHolds(n), options.rows))
        const asked = await page.evaluate(() => (window as unknown as BenchWindow).__bench.listAsked)
        if (asked === undefined) throw new Error(`${step}: the window never asked for its outbox list`)
        const answered = await page.evaluate(() => (window as unknown as BenchWindow).__bench.listAnswered)
        firstRows.push(shown - asked)
        firstAnswer.push((answered ?? Number.NaN) - asked)
        afterAnswer.push(shown - (answered ?? Number.NaN))
        fromNavigation.push(shown)
        allIn.push(whole - asked)
      }, [], listen)
    }
    return { rows: options.rows, firstRows: summarize(firstRows), firstAnswer: summarize(firstAnswer), afterAnswer: summarize(afterAnswer), fromNavigation: summarize(fromNavigation), allIn: summarize(allIn) }
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
    await browser.close()
  }
}
