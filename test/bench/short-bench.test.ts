import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/desk-fixtures.ts'
import type { BenchFigures } from './report.ts'
import type { Summary } from './stats.ts'

/**
 * The bench in its short form (`run.ts --short`, about a minute), so that it cannot break unnoticed: every
 * part runs and must produce its figures, and the drains must have sent everything, once. Speed is not
 * judged here — a busy machine prints slower figures — only that each figure exists and makes sense. The
 * figures are printed as the bench prints them.
 *
 * `.ci/test` builds the window before this runs and says so (FRONT_DESK_RENDERER_BUILT=1); run alone,
 * the bench builds it itself.
 */
const ROOT = resolve(import.meta.dirname, '../..')
/** The bench's own steps are bounded; this bounds the whole, generously for a loaded machine. */
const BENCH_BOUND_MS = 6 * 60_000

const dir = tempDir('front-desk-short-bench-')
let figures: BenchFigures
let exit: { code: number | null; signal: NodeJS.Signals | null }

beforeAll(async () => {
  const json = join(dir.path, 'figures.json')
  const args = ['--disable-warning=ExperimentalWarning', 'test/bench/run.ts', '--short', '--json', json]
  if (process.env['FRONT_DESK_RENDERER_BUILT'] === '1') args.push('--prebuilt')
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: BENCH_BOUND_MS, killSignal: 'SIGKILL' })
  exit = await new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  if (exit.code === 0) figures = JSON.parse(readFileSync(json, 'utf8')) as BenchFigures
}, BENCH_BOUND_MS + 10_000)

afterAll(() => dir.remove())

/** A latency summary that was measured: samples, finite and ordered percentiles, nothing negative. */
function expectMeasured(s: Summary | undefined, what: string): void {
  expect(s, what).toBeDefined()
  expect(s!.n, `${what}: samples`).toBeGreaterThan(0)
  for (const key of ['p50', 'p99', 'max'] as const) {
    expect(Number.isFinite(s![key]), `${what}: ${key} is a number`).toBe(true)
    expect(s![key], `${what}: ${key}`).toBeGreaterThanOrEqual(0)
  }
  expect(s!.p50, `${what}: p50 ≤ p99`).toBeLessThanOrEqual(s!.p99)
  expect(s!.p99, `${what}: p99 ≤ max`).toBeLessThanOrEqual(s!.max)
}

describe('the short bench', () => {
  it('runs to its end by itself and times every part', () => {
    expect(exit).toEqual({ code: 0, signal: null })
    expect(figures.results.short).toBe(true)
    expect(Object.keys(figures.results.partSeconds).sort()).toEqual(['1', '10', '11', '2', '3', '4', '5', '6', '7', '8', '9'])
    for (const seconds of Object.values(figures.results.partSeconds)) expect(seconds).toBeGreaterThan(0)
  })

  it('part 1: a submit on disk beside a bare append, quiet and with the disk loaded', () => {
    const r = figures.results
    for (const run of [...r.submitRuns, ...r.submitLoadedRuns]) {
      expectMeasured(run.submit, 'submit')
      expectMeasured(run.append, 'bare append')
      expect(run.ratioP99).toBeGreaterThan(0)
    }
    expect(r.submitRuns.length).toBeGreaterThan(0)
    expect(r.submitLoadedRuns.length).toBeGreaterThan(0)
    expect(r.submitLoadedRuns[0]!.noiseWrites).toBeGreaterThan(0)
    expectMeasured(r.breakdown?.commit, 'the commit alone')
  })

  it('part 2: start-up over 10,000 bookings and the first list at each history size', () => {
    const s = figures.results.startup!
    expect(s.items).toBe(10_000)
    expectMeasured(s.createMs, 'start-up')
    expectMeasured(s.listMs, 'first list')
    expectMeasured(s.routerListMs, 'first list through the router')
    expect(s.listCount).toBeGreaterThan(0)
    expect(figures.results.listing.length).toBeGreaterThan(0)
    for (const { startup } of figures.results.listing) expectMeasured(startup.listMs, 'first list over history')
  })

  it('part 3: each drain sent every booking, once, within its bound', () => {
    const drains = figures.results.drains
    expect(drains.map((d) => d.label)).toEqual(["Altegio's limits", 'scaled'])
    for (const d of drains) {
      expect(d.timedOut, d.label).toBe(false)
      expect(d.records, `${d.label}: records in the simulator`).toBe(d.bookings)
      expect(d.requests).toBeGreaterThanOrEqual(d.bookings + d.rateLimited)
      expect(d.fraction).toBeGreaterThan(0)
      expect(d.actualMs).toBeGreaterThan(0)
      expectMeasured(d.diagnosis.fetchToArrival, `${d.label}: fetch → arrival`)
    }
  })

  it('part 4: the first booking sent after the network returns, probing alone and with the hint', () => {
    const n = figures.results.networkBack!
    expectMeasured(n.probeOnly.firstSent, 'probe alone')
    expectMeasured(n.withHint.firstSent, "the window's hint")
  })

  it('part 5: offline client searches found clients', () => {
    expect(figures.cacheSearch.length).toBeGreaterThan(0)
    for (const c of figures.cacheSearch) {
      expect(c.hits).toBeGreaterThan(0)
      expect(c.searchMs).toBeGreaterThan(0)
    }
  })

  it("part 6: the look-up found every unknown booking in one read of each class's day", () => {
    expect(figures.lookups.length).toBeGreaterThan(0)
    for (const l of figures.lookups) {
      expect(l.batched.found).toBe(l.unknown)
      expect(l.batched.requests).toBeGreaterThan(0)
      expect(l.oneByOne.requests).toBeGreaterThanOrEqual(l.batched.requests)
      expect(l.fromDayView.found).toBe(l.unknown)
      expect(l.fromDayView.requests).toBeGreaterThan(0)
    }
  })

  it('part 7: the window — key to row, cold start, scrolling, its size', () => {
    const w = figures.results.window!
    expectMeasured(w.keyToRow, 'Enter → row')
    expectMeasured(w.firstPaint, 'first paint')
    expectMeasured(w.interactive, 'ready to book')
    expectMeasured(w.frames, 'scroll frames')
    expect(w.listShownMs).toBeGreaterThan(0)
    expect(w.gzipBytes).toBeGreaterThan(0)
    expect(w.rawBytes).toBeGreaterThan(w.gzipBytes)
  })

  it('part 8: the outbox shows its first rows and then every booking', () => {
    const o = figures.results.outboxPages!
    expectMeasured(o.firstRows, 'first rows')
    expectMeasured(o.allIn, 'every booking in the list')
    expect(o.allIn.p50).toBeGreaterThanOrEqual(o.firstRows.p50)
  })

  it('part 9: desks behind one address sent every booking, once', () => {
    const s = figures.shared!
    expect(s.timedOut).toBe(false)
    expect(s.records).toBe(s.desks * s.bookingsEach)
    expect(s.shareOfLimit).toBeGreaterThan(0)
    expect(s.requests).toBeGreaterThanOrEqual(s.records + s.rateLimited)
  })

  it('part 10: a mixed backlog of bookings, marks and cancellations drained, each action once, with its cost in requests', () => {
    const b = figures.results.backlog!
    const { bookings, marks, cancels } = b.mix
    expect(b.timedOut).toBe(false)
    expect(b.queued).toBe(bookings + marks + cancels)
    expect(b.notSent).toEqual({})
    expect(b.sent).toBe(b.queued)
    expect(b.altegio).toEqual({ arrived: marks, deleted: cancels, created: bookings })
    expect(b.fraction).toBeGreaterThan(0)
    // Each action costs at least its one write; a booking is one request when nothing fails.
    expect(b.perAction.booking).toBeGreaterThanOrEqual(1)
    expect(b.perAction.mark).toBeGreaterThanOrEqual(1)
    expect(b.perAction.cancel).toBeGreaterThanOrEqual(1)
  })

  it('part 11: check-in in the window — each mark shown on its row and answered by the core', () => {
    const k = figures.results.keyToMark!
    expect(k.marks).toBeGreaterThan(0)
    expectMeasured(k.answered, "the core's answer")
    expect(k.answered.n).toBe(k.marks)
    if (k.from === 'key') {
      expectMeasured(k.shown, 'Space → the row shows arrived')
      expect(k.shown!.n).toBe(k.marks)
    }
  })
})
