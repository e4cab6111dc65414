/**
 * Where part 8's time goes: the window opened on an outbox of 5,000 waiting bookings, as the bench opens it,
 * with a Chromium performance trace of each window from navigation to the first rows. Not a figure of the
 * bench (tracing slows the page): a tool to attribute the figure.
 *
 *   node test/bench/trace-first-rows.ts [--runs 3] [--out test-results/traces] [--rows 5000] [--cold]
 *
 * Each trace (one JSON file a window, open it in Chromium's Performance panel) carries the page's marks
 * `fd:ask` (the window's first `outbox:list` call), `fd:answered` (its answer taken up by the page) and
 * `fd:shown` (the first rows drawn), and, as `fd:core:<channel>:in/out` instant events, when the core took
 * each IPC call and answered it: Node's monotonic clock is the trace's on Linux. A summary of the main
 * thread between ask and answer goes to stdout. --cold leaves out the harness's binding warm-up (see
 * warmBinding in window.ts), to compare windows with and without it.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Page } from '@playwright/test'
import playwrightConfig from '../../playwright.config.ts'
import buildHarness from '../e2e/support/build-harness.ts'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { startSimulator, tempDir } from '../support/desk-fixtures.ts'
import { buildOutbox } from './outbox-fixture.ts'
import { LIST_MS, LIST_SHOWN_SIGNAL, openDesk, withWindow, within } from './window.ts'
import { summarizeTrace, type TraceEvent } from './trace-summary.ts'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'test-results/traces' },
    rows: { type: 'string', default: '5000' },
    cold: { type: 'boolean', default: false }
  }
})

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'blink',
  'fonts',
  'loading',
  'devtools',
  'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-v8.cpu_profiler'
].join(',')

/** Runs after the bench's own watcher: marks the first `outbox:list` call, its answer, and the first rows. */
const MARKS = `(() => {
  const invoke = window.__frontDeskInvoke
  let asked = false
  window.__frontDeskInvoke = function (channel, payload) {
    performance.mark('fd:call:' + channel)
    if (channel !== 'outbox:list' || asked) return invoke.call(this, channel, payload)
    asked = true
    performance.mark('fd:ask')
    return invoke.call(this, channel, payload).then((answer) => { performance.mark('fd:answered'); return answer })
  }
  window.__bench.listShown.then(() => performance.mark('fd:shown'))
})()`

const now = (): number => Number(process.hrtime.bigint() / 1000n)

/** The desk, with each call the router makes noted on Node's monotonic clock (microseconds, as the trace's). */
function notedDesk(desk: FrontDesk, notes: { name: string; ts: number }[]): FrontDesk {
  return new Proxy(desk, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        notes.push({ name: `fd:core:${String(property)}:in`, ts: now() })
        const result = value.apply(target, args)
        if (result instanceof Promise) return result.finally(() => notes.push({ name: `fd:core:${String(property)}:out`, ts: now() }))
        notes.push({ name: `fd:core:${String(property)}:out`, ts: now() })
        return result
      }
    }
  })
}

async function main(): Promise<void> {
  const runs = Number(values.runs)
  const out = resolve(values.out!)
  mkdirSync(out, { recursive: true })
  await buildHarness()
  const launch = playwrightConfig.use?.launchOptions ?? {}
  const browser = await chromium.launch({ ...launch, headless: true })
  const sim = await startSimulator(50)
  const dir = tempDir('front-desk-trace-outbox-')
  await buildOutbox(dir.path, { sent: 0, queued: Number(values.rows), failed: 0, unknown: 0, discarded: 0 })
  const desk = await openDesk(sim, dir.path, false)
  try {
    for (let i = 0; i < runs; i++) {
      const notes: { name: string; ts: number }[] = []
      let signalled: Promise<unknown> = Promise.resolve()
      const events = await withWindow(browser, notedDesk(desk, notes), async (page) => {
        await within(LIST_MS, `trace ${i + 1}: the first rows`, signalled)
        // Two frames more, so the paint of the first rows is in the trace.
        await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))')
        const buffer = await browser.stopTracing()
        return (JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }).traceEvents
      }, {
        initScripts: [MARKS],
        warmBinding: !values.cold,
        beforeOpen: async (page: Page) => {
          signalled = page.waitForEvent('console', { predicate: (message) => message.text() === LIST_SHOWN_SIGNAL, timeout: LIST_MS })
          await browser.startTracing(page, { categories: CATEGORIES.split(',') })
        }
      })
      for (const note of notes) events.push({ name: note.name, ph: 'i', s: 'g', ts: note.ts, pid: process.pid, tid: 0, cat: 'fd', args: {} })
      const file = join(out, `first-rows-${i + 1}.json`)
      writeFileSync(file, JSON.stringify({ traceEvents: events }))
      process.stdout.write(`\n## window ${i + 1} (${file})\n${summarizeTrace(events)}\n`)
    }
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
    await browser.close()
  }
}

await main()
