import { chromium, type Browser, type Page } from '@playwright/test'
import playwrightConfig from '../../playwright.config.ts'
import buildHarness from '../e2e/support/build-harness.ts'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { startSimulator, tempDir } from '../support/desk-fixtures.ts'
import { buildOutbox } from './outbox-fixture.ts'
import { summarize } from './stats.ts'
import { LIST_MS, LIST_SHOWN_SIGNAL, openDesk, withWindow, within, type BenchWindow, type WindowOptions } from './window.ts'
import type { OutboxFirstRows } from './window-figures.ts'

/**
 * The outbox at any size: the window opened on a desk with `rows` bookings waiting, `runs` times, each in a
 * fresh browser context (nothing cached in the page; the core stays up, as it does while staff reload).
 * Timed in the page: the window's first `outbox:list` call → the first row in the list, and → every
 * booking in the list; the first page's answer reaching the page; and the first row from navigation, as
 * part 7 times it.
 */
export async function measureOutboxFirstRows(options: { rows: number; runs: number }): Promise<OutboxFirstRows> {
  const figures: OutboxWindow[] = []
  await withOutboxDesk(options.rows, async (browser, desk) => {
    for (let i = 0; i < options.runs; i++) figures.push(await openOutboxWindow(browser, desk, options.rows, `run ${i + 1}`))
  })
  return summarizeOutboxWindows(options.rows, figures)
}

/** One window's figures, in milliseconds by the page's clock. */
export interface OutboxWindow {
  firstRows: number
  firstAnswer: number
  afterAnswer: number
  fromNavigation: number
  allIn: number
}

export function summarizeOutboxWindows(rows: number, windows: OutboxWindow[]): OutboxFirstRows {
  const of = (key: keyof OutboxWindow) => summarize(windows.map((w) => w[key]))
  return { rows, firstRows: of('firstRows'), firstAnswer: of('firstAnswer'), afterAnswer: of('afterAnswer'), fromNavigation: of('fromNavigation'), allIn: of('allIn') }
}

/** A browser and a desk whose outbox holds `rows` bookings waiting (and nothing delivering them). */
export async function withOutboxDesk(rows: number, work: (browser: Browser, desk: FrontDesk) => Promise<void>): Promise<void> {
  await buildHarness()
  const launch = playwrightConfig.use?.launchOptions ?? {}
  const browser = await chromium.launch({ ...launch, headless: true })
  const sim = await startSimulator(50)
  const dir = tempDir('front-desk-bench-outbox-pages-')
  await buildOutbox(dir.path, { sent: 0, queued: rows, failed: 0, unknown: 0, discarded: 0 })
  const desk = await openDesk(sim, dir.path, false)
  try {
    await work(browser, desk)
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
    await browser.close()
  }
}

export async function openOutboxWindow(browser: Browser, desk: FrontDesk, rows: number, name: string, options: WindowOptions = {}): Promise<OutboxWindow> {
  // Nothing is asked of the page until its first rows show: the wait is on its console.
  let signalled: Promise<unknown> = Promise.resolve()
  const listen = async (page: Page): Promise<void> => {
    signalled = page.waitForEvent('console', { predicate: (message) => message.text() === LIST_SHOWN_SIGNAL, timeout: LIST_MS })
    await options.beforeOpen?.(page)
  }
  return await withWindow(browser, desk, async (page) => {
    const step = `${name}: an outbox of ${rows} bookings`
    await within(LIST_MS, `${step}, its first rows`, signalled)
    const shown = await page.evaluate(() => (window as unknown as BenchWindow).__bench.listShown)
    const whole = await within(LIST_MS, `${step}, all in the list`, page.evaluate((n) => (window as unknown as BenchWindow).__bench.listHolds(n), rows))
    const asked = await page.evaluate(() => (window as unknown as BenchWindow).__bench.listAsked)
    if (asked === undefined) throw new Error(`${step}: the window never asked for its outbox list`)
    const answered = await page.evaluate(() => (window as unknown as BenchWindow).__bench.listAnswered)
    return { firstRows: shown - asked, firstAnswer: (answered ?? Number.NaN) - asked, afterAnswer: shown - (answered ?? Number.NaN), fromNavigation: shown, allIn: whole - asked }
  }, { ...options, beforeOpen: listen })
}
