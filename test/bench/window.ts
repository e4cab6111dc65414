import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type Page } from '@playwright/test'
import playwrightConfig from '../../playwright.config.ts'
import { createFrontDesk, singleDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { RECEPTIONIST } from '../simulator/seed-studio.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENT_ID, LOCATION_ID, TEST_ALLOWED_HOSTS, memoryKeychain, savedTokens, startSimulator, tempDir } from '../support/desk-fixtures.ts'
import buildHarness, { RENDERER_DIR, SHIM_FILE } from '../e2e/support/build-harness.ts'
import { createIpcRouter } from '../../src-main/ipc/router.ts'
import { book } from '../e2e/support/desk-session.ts'
import { serveDirectory } from '../e2e/support/static-server.ts'
import { buildOutbox } from './outbox-fixture.ts'
import { summarize, type Summary } from './stats.ts'
import type { WindowFigures } from './window-figures.ts'

/**
 * The window measured, not only the core: the built renderer (electron-vite's output, what the app ships)
 * in Debian's Chromium, headless with the end-to-end tests' flags, wired to a real core in this process
 * through the same IPC router as the app (test/e2e/support), the simulator behind it.
 */
export async function measureWindow(options: { bookings: number; coldStarts: number; scrollRows: number }): Promise<WindowFigures> {
  await buildHarness()
  const launch = playwrightConfig.use?.launchOptions ?? {}
  const browser = await chromium.launch({ ...launch, headless: true })
  try {
    const keyToRow = await measureKeyToRow(browser, options.bookings)
    const cold = await measureColdStarts(browser, options.coldStarts)
    const scroll = await measureScroll(browser, options.scrollRows)
    return { keyToRow, ...cold, ...scroll, ...rendererSize() }
  } finally {
    await browser.close()
  }
}

/** A desk set up as staff leave it: tokens saved, the location chosen, Altegio at the simulator. */
export async function openDesk(sim: AltegioSimulator, dataDir: string, autoDeliver = true): Promise<FrontDesk> {
  const desk = await createFrontDesk({ dataDir, apiBaseUrl: sim.baseUrl, allowedApiHosts: TEST_ALLOWED_HOSTS, secrets: memoryKeychain(savedTokens()), autoDeliver })
  await desk.saveSettings({ locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'Bench studio', country: null, timeZone: null }] })
  return desk
}

export interface WindowOptions {
  /** Run in the page after the preload shim, before the window's own scripts. */
  initScripts?: string[]
  /** Given the page before it navigates (to listen for its events, or trace it, from the start). */
  beforeOpen?: (page: Page) => void | Promise<void>
  /** The built window served (out/renderer unless told). */
  rendererDir?: string
  /** Whether the binding is warmed before the window's scripts run (see warmBinding); true unless told. */
  warmBinding?: boolean
}

export async function withWindow<T>(
  browser: Browser,
  desk: FrontDesk,
  work: (page: Page, url: string) => Promise<T>,
  { initScripts = [], beforeOpen, rendererDir = RENDERER_DIR, warmBinding: warmFirst = true }: WindowOptions = {}
): Promise<T> {
  // The window's scripts are served once the harness's binding is warm (see warmBinding).
  let warm: () => Promise<void> = async () => {}
  const site = await serveDirectory(rendererDir, warmFirst ? { beforeScripts: () => warm() } : {})
  const context = await browser.newContext({ viewport: playwrightConfig.use?.viewport ?? { width: 1280, height: 800 } })
  // Every locator step fails within its bound rather than Playwright's default of none for actions.
  context.setDefaultTimeout(STEP_MS)
  const page = await context.newPage()
  warm = () =>
    warmBinding(page, site.url).catch((error) => {
      process.stderr.write(`[bench] the binding was not warmed: ${String(error)}\n`)
    })
  page.on('crash', () => process.stderr.write('[bench] the window crashed\n'))
  page.on('pageerror', (error) => process.stderr.write(`[bench] window error: ${error.message}\n`))
  let unsubscribe = (): void => {}
  try {
    await page.addInitScript(WATCHERS)
    // Wired as openDeskPage does (the same router and preload shim), but on the page's own clock: the
    // e2e tests install a fake one, which would stand in for performance.now() and animation frames.
    const router = createIpcRouter(singleDesk(desk))
    await page.exposeBinding('__frontDeskInvoke', (source, channel: unknown, payload: unknown) =>
      channel === WARM_CHANNEL
        ? Promise.resolve(WARM_ANSWER)
        : router.handle(channel, payload, { trustedSender: source.frame === page.mainFrame() && source.frame.url().startsWith(site.url) })
    )
    await page.addInitScript({ path: SHIM_FILE })
    await page.addInitScript(ASK_WATCHER)
    for (const script of initScripts) await page.addInitScript(script)
    unsubscribe = router.subscribe((event, payload) => {
      page
        .evaluate(([name, body]) => (window as unknown as { __frontDeskPush?: (e: string, p: unknown) => void }).__frontDeskPush?.(name, body), [event, payload] as const)
        .catch(() => {}) // the page may be closing
    })
    await beforeOpen?.(page)
    await page.goto(site.url)
    return await work(page, site.url)
  } catch (error) {
    await page.screenshot({ path: FAILURE_SHOT }).catch(() => {})
    throw new Error(`${error instanceof Error ? error.message : String(error)} (the window then: ${FAILURE_SHOT})`, { cause: error })
  } finally {
    unsubscribe()
    await context.close()
    await site.close()
  }
}

/** The harness's own call through the binding, answered without the core. */
const WARM_CHANNEL = 'harness:warm'
const WARM_ANSWER = { ok: true, value: { items: [{ id: 'warm', status: 'queued', places: 1, note: null }], next: null } }

/**
 * Electron's preload bridge is ready before the window's scripts run. Playwright's binding is not: at the
 * first answer it delivers into a page it first sets up its own page scripts there (a DevTools evaluate,
 * then the call that delivers, each waiting for the page's main thread), and its code in the page runs
 * cold. Traced (test/bench/trace-first-rows.ts), that set-up fell between the window's first ask and its
 * answer. So, once the document is there and before its scripts are served, one call crosses the binding
 * both ways: the window's own first answer then costs what a later one does.
 */
async function warmBinding(page: Page, url: string): Promise<void> {
  // Until the navigation has committed, Playwright may still evaluate in the blank page before it.
  for (let tries = 0; !(await page.evaluate(() => (globalThis as unknown as { location: { href: string } }).location.href).catch(() => '')).startsWith(url); tries++) {
    if (tries >= 100) throw new Error('the window\'s document never came')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  await page.evaluate(
    (channel) => (globalThis as unknown as { __frontDeskInvoke(channel: string, payload: unknown): Promise<unknown> }).__frontDeskInvoke(channel, { limit: 1 }),
    WARM_CHANNEL
  )
}

/** Enter pressed on the form → the new row in the outbox list, timed inside the page; `n` bookings one after another. */
async function measureKeyToRow(browser: Browser, n: number): Promise<Summary> {
  const sim = await startSimulator(n + 10)
  sim.addUser(RECEPTIONIST)
  const dir = tempDir('front-desk-bench-window-')
  const desk = await openDesk(sim, dir.path)
  try {
    return await withWindow(browser, desk, async (page) => {
      await page.getByRole('heading', { name: 'New booking' }).waitFor()
      // The class is chosen in the day view (tomorrow's, as in the e2e tests): wait until the desk has read the week.
      await within(STEP_MS, 'the day view listing the classes', waitUntil(() => sim.requests().some((r) => r.path.includes('/activity/') && r.status === 200)))
      const times: number[] = []
      for (let i = 0; i < n; i++) {
        // A client of their own each: the same phone twice in a class asks whether it is a duplicate.
        const name = `Bench${letters(i)}`
        await page.evaluate((name) => (window as unknown as BenchWindow).__bench.armRow(name), name)
        await within(STEP_MS, `booking ${i + 1} by keyboard (class #event-${EVENT_ID}, name, phone, Enter)`, book(page, { name, phone: `+7916${1_230_000 + i}` }))
        times.push(await within(STEP_MS, `booking ${i + 1}: Enter on the form → its row in the outbox`, page.evaluate(() => (window as unknown as BenchWindow).__bench.rowShown)))
      }
      return summarize(times)
    })
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
  }
}

/** Fresh browser contexts (nothing cached) opening the window on a desk with some history. */
async function measureColdStarts(browser: Browser, runs: number): Promise<Pick<WindowFigures, 'firstPaint' | 'interactive'>> {
  const sim = await startSimulator(50)
  const dir = tempDir('front-desk-bench-window-cold-')
  await buildOutbox(dir.path, { sent: 400, queued: 20, failed: 10, unknown: 5, discarded: 20 })
  const desk = await openDesk(sim, dir.path, false)
  const paints: number[] = []
  const ready: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      await withWindow(browser, desk, async (page) => {
        const marks = await within(STEP_MS, `cold start ${i + 1}: the form ready to book`, page.evaluate(() => (window as unknown as BenchWindow).__bench.formReady))
        paints.push(marks.firstPaint)
        ready.push(marks.interactive)
      })
    }
    return { firstPaint: summarize(paints), interactive: summarize(ready) }
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
  }
}

/** An outbox of `rows` bookings waiting, scrolled from top to bottom a screen at a time, one step a frame. */
async function measureScroll(browser: Browser, rows: number): Promise<Pick<WindowFigures, 'scrollRows' | 'listShownMs' | 'frames' | 'framesOver50' | 'longAnimationFrames'>> {
  const sim = await startSimulator(50)
  const dir = tempDir('front-desk-bench-window-scroll-')
  await buildOutbox(dir.path, { sent: 0, queued: rows, failed: 0, unknown: 0, discarded: 0 })
  const desk = await openDesk(sim, dir.path, false)
  try {
    return await withWindow(browser, desk, async (page) => {
      const listShownMs = await within(LIST_MS, `an outbox of ${rows} bookings shown`, page.evaluate(() => (window as unknown as BenchWindow).__bench.listShown))
      // The list is read a page at a time: scrolled once every booking is in it.
      await within(LIST_MS, `an outbox of ${rows} bookings all in the list`, page.evaluate((n) => (window as unknown as BenchWindow).__bench.listHolds(n), rows))
      const result = await within(LIST_MS, `scrolling an outbox of ${rows} bookings`, page.evaluate(() => (window as unknown as BenchWindow).__bench.scroll()))
      return { scrollRows: rows, listShownMs, frames: summarize(result.frames), framesOver50: result.frames.filter((f) => f > 50).length, longAnimationFrames: result.long }
    })
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
  }
}

/** The built renderer's .js and .css files, each gzipped as a server or an installer's compression would. */
function rendererSize(): Pick<WindowFigures, 'gzipBytes' | 'rawBytes'> {
  const assets = join(RENDERER_DIR, 'assets')
  let gzipBytes = 0
  let rawBytes = 0
  for (const file of readdirSync(assets).filter((f) => /\.(js|css)$/.test(f))) {
    const bytes = readFileSync(join(assets, file))
    rawBytes += bytes.length
    gzipBytes += gzipSync(bytes, { level: 9 }).length
  }
  return { gzipBytes, rawBytes }
}

/**
 * Bounds on each step, so a window that no longer does what the bench expects stops the run with the step's
 * name instead of hanging; generous beside the targets (tens of milliseconds) for a loaded machine.
 */
export const STEP_MS = 20_000
const FAILURE_SHOT = 'test-results/bench-window-failure.png'
/** Showing and scrolling the 5,000-row outbox, which took tens of seconds when every row was rendered. */
export const LIST_MS = 180_000

export async function within<T>(ms: number, step: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the window bench: "${step}" did not finish within ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Resolves once `check` holds, polled every 50 ms (the caller bounds it). */
async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50))
}

/** Names the form accepts, one per booking: a, b, … z, ba, bb, … */
function letters(i: number): string {
  let out = ''
  do {
    out = String.fromCharCode(97 + (i % 26)) + out
    i = Math.floor(i / 26)
  } while (i > 0)
  return out
}

export interface BenchWindow {
  __bench: {
    armRow(name: string): void
    rowShown: Promise<number>
    formReady: Promise<{ firstPaint: number; interactive: number }>
    listShown: Promise<number>
    /** When the window first asked for the outbox list (its first `outbox:list` call), by the page's clock. */
    listAsked?: number
    /** When the answer to that first call reached the page. */
    listAnswered?: number
    /** Resolves, by the page's clock, once the outbox list holds `n` bookings (its rows' aria-setsize). */
    listHolds(n: number): Promise<number>
    scroll(): Promise<{ frames: number[]; long: number }>
  }
}

/** Runs after the preload shim: notes when the window first asks the core for its outbox list. */
const ASK_WATCHER = `(() => {
  const invoke = window.__frontDeskInvoke
  if (typeof invoke !== 'function') throw new Error('the bench found no IPC binding to watch')
  window.__frontDeskInvoke = function (channel, payload) {
    if (channel !== 'outbox:list' || window.__bench.listAsked !== undefined) return invoke.call(this, channel, payload)
    window.__bench.listAsked = performance.now()
    return invoke.call(this, channel, payload).then((answer) => { window.__bench.listAnswered = performance.now(); return answer })
  }
})()`

/**
 * Said on the page's console once the outbox list shows its first rows: waiting for it costs the page
 * nothing, where a `page.evaluate` made while the window loads runs Playwright's own scripts in it.
 */
export const LIST_SHOWN_SIGNAL = 'bench: the outbox list shows its first rows'

/**
 * Runs in the page before its own scripts. Everything is timed with the page's clock (performance.now(),
 * from navigation), so nothing of Playwright's round trips is counted.
 */
const WATCHERS = `(() => {
  const LIST_SHOWN_SIGNAL = ${JSON.stringify(LIST_SHOWN_SIGNAL)}
  const outboxList = () => document.querySelector('section.outbox ul') ;
  const whenTrue = (check) => new Promise((resolve) => {
    const test = () => { const v = check(); if (v !== undefined) { observer.disconnect(); resolve(v) } }
    const observer = new MutationObserver(test)
    const start = () => { observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true }); test() }
    if (document.documentElement) start(); else document.addEventListener('readystatechange', start, { once: true })
  })
  let long = 0
  try { new PerformanceObserver((list) => { long += list.getEntries().filter((e) => e.duration > 50).length }).observe({ type: 'long-animation-frame', buffered: true }) } catch {}
  const firstPaint = () => new Promise((resolve) => {
    const seen = performance.getEntriesByName('first-contentful-paint')[0]
    if (seen) return resolve(seen.startTime)
    new PerformanceObserver((list, observer) => { observer.disconnect(); resolve(list.getEntries()[0].startTime) }).observe({ type: 'paint', buffered: true })
  })
  const bench = {
    formReady: Promise.all([
      firstPaint(),
      whenTrue(() => { const b = document.querySelector('form.booking__form button[type=submit]'); return b && !b.disabled ? performance.now() : undefined })
    ]).then(([firstPaint, interactive]) => ({ firstPaint, interactive })),
    listShown: whenTrue(() => (outboxList()?.children.length ?? 0) > 0 ? performance.now() : undefined)
      .then((at) => { console.debug(LIST_SHOWN_SIGNAL); return at }),
    listAsked: undefined,
    listHolds: (n) => whenTrue(() => Number(outboxList()?.firstElementChild?.getAttribute('aria-setsize')) >= n ? performance.now() : undefined),
    rowShown: Promise.resolve(NaN),
    // The newest booking is the list's first row: its heading is compared, not the whole list's text.
    armRow(name) {
      let pressed
      const onKey = (event) => { if (event.key === 'Enter' && pressed === undefined) pressed = event.timeStamp }
      document.addEventListener('keydown', onKey, true)
      bench.rowShown = whenTrue(() => pressed !== undefined && outboxList()?.querySelector('h3')?.textContent.trim() === name ? performance.now() - pressed : undefined)
        .finally(() => document.removeEventListener('keydown', onKey, true))
    },
    async scroll() {
      let box = outboxList()
      while (box && !(box.scrollHeight > box.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement
      box = box ?? document.scrollingElement
      const frames = []
      long = 0
      await new Promise((resolve) => {
        let last = performance.now()
        const step = (now) => {
          frames.push(now - last)
          last = now
          if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1 || frames.length >= 600) return resolve()
          box.scrollTop += Math.round(box.clientHeight * 0.9)
          requestAnimationFrame(step)
        }
        requestAnimationFrame((now) => { last = now; requestAnimationFrame(step) })
      })
      return { frames, long }
    }
  }
  window.__bench = bench
})()`
