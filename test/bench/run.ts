/**
 * `npm run bench`: the desk's figures, printed as a markdown table beside their targets and written to
 * test-results/bench.md. Figures, not pass/fail: a slow or busy machine prints slower figures, which is
 * why each part's line carries the load average when it began.
 *
 *   node test/bench/run.ts [--short] [--only 1,3] [--readme] [--json file] [--prebuilt]
 *
 * --short runs every part small, in about a minute (CI runs it: test/bench/short-bench.test.ts);
 * --quick is its older name. --only runs the parts named (1 submit, 2 start-up and listing, 3 drain,
 * 4 network back, 5 offline client search, 6 look-up cost, 7 the window, 8 the outbox at any size,
 * 9 desks behind one address, 10 a mixed backlog of bookings, marks and cancellations, 11 check-in in the window).
 * Progress goes to stderr, the tables to stdout. --readme also puts the table, as printed, into README.md
 * between its bench markers: README's figures are always a run's own output. --json writes every
 * figure measured, as data, to the file named. --prebuilt uses the renderer already in out/renderer
 * instead of building it (the caller has just built it).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { measureClientCacheSearch, renderClientCacheSearch, type ClientCacheSearch } from './client-cache-search.ts'
import { idealDrainMs, measureDrain } from './drain.ts'
import { measureLookupCost, renderLookupCost, type LookupCost } from './lookup-cost.ts'
import { describeMachine, load } from './machine.ts'
import { measureNetworkBack } from './network-back.ts'
import { renderMarkdown, type BenchFigures, type Results } from './report.ts'
import { measureStartup } from './startup.ts'
import { measureSharedAddress, renderSharedAddress, type SharedAddress } from './shared-address.ts'
import { measureSubmitBreakdown } from './submit-breakdown.ts'
import { measureSubmitLatency } from './submit-latency.ts'
import type { KeyToMark, OutboxFirstRows, WindowFigures } from './window-figures.ts'
import { measureMixedBacklog } from './mixed-backlog.ts'

const { values } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    readme: { type: 'boolean', default: false },
    json: { type: 'string' },
    prebuilt: { type: 'boolean', default: false }
  }
})
const short = values.short || values.quick
const only = new Set((values.only ?? '1,2,3,4,5,6,7,8,9,10,11').split(',').map((s) => s.trim()))

/**
 * Sizes: the full run stays within about eight minutes, each part bounded on its own; the short run
 * measures every part, small enough that all of it takes about a minute on two cores.
 */
const SIZES = short
  ? {
      submitSamples: 200,
      submitWarmup: 30,
      submitRepeats: 1,
      startupRuns: 1,
      histories: [1_000],
      listingRuns: 1,
      outages: 1,
      outageMs: { min: 1_000, max: 1_500 },
      realDrain: 20,
      scaledDrain: 100,
      scaledRepeats: 1,
      cachedClients: [300, 1_000],
      searchRounds: 5,
      lookupDays: [50],
      windowBookings: 10,
      coldStarts: 1,
      scrollRows: 500,
      outboxRuns: 1,
      sharedEach: 8,
      backlog: { bookings: 12, marks: 12, cancels: 3 },
      windowMarks: 10
    }
  : {
      submitSamples: 3000,
      submitWarmup: 300,
      submitRepeats: 3,
      startupRuns: 7,
      histories: [1_000, 10_000, 100_000],
      listingRuns: 3,
      outages: 10,
      outageMs: { min: 2_000, max: 3_000 },
      realDrain: 260,
      scaledDrain: 550,
      scaledRepeats: 2,
      cachedClients: [300, 1_000, 5_000],
      searchRounds: 20,
      lookupDays: [50, 500, 2_000],
      windowBookings: 200,
      coldStarts: 7,
      scrollRows: 5_000,
      outboxRuns: 7,
      sharedEach: 150,
      backlog: { bookings: 500, marks: 500, cancels: 100 },
      windowMarks: 50
    }

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`)
const began = performance.now()
const results: Results = { machine: describeMachine(), short, loadAtEnd: '', totalSeconds: 0, loads: {}, partSeconds: {}, submitRuns: [], submitLoadedRuns: [], drains: [], listing: [] }
progress(`${results.machine.cores} cores, Node ${results.machine.node}, load ${results.machine.loadAtStart}${short ? ', short run' : ''}`)
/** The part under way and when it began: each part's seconds are counted until the next begins. */
let current: { part: string; at: number } | undefined
const endPart = (): void => {
  if (current) results.partSeconds[current.part] = (performance.now() - current.at) / 1000
  current = undefined
}
const begin = (part: string, message: string): void => {
  endPart()
  results.loads[part] = load()
  current = { part, at: performance.now() }
  progress(`${part} (load ${results.loads[part]}): ${message}`)
}

if (only.has('1')) {
  // The tail of a durable write is the disk's and moves with whatever else uses it, the more so with
  // another process loading the disk: measured more than once, quiet and loaded alike.
  begin('1', `durable submit: ${SIZES.submitRepeats} x ${SIZES.submitSamples} submits beside as many bare fsync'd appends, then as often with another process loading the disk`)
  for (let i = 0; i < SIZES.submitRepeats; i++) results.submitRuns.push(await measureSubmitLatency(SIZES.submitSamples, SIZES.submitWarmup))
  for (let i = 0; i < SIZES.submitRepeats; i++) results.submitLoadedRuns.push(await measureSubmitLatency(SIZES.submitSamples, SIZES.submitWarmup, true))
  results.breakdown = await measureSubmitBreakdown(Math.min(SIZES.submitSamples, 1000), SIZES.submitWarmup)
}
if (only.has('2')) {
  begin('2', `start-up: an outbox of 10,000 bookings, ${plural(SIZES.startupRuns, 'fresh process', 'fresh processes')}`)
  results.startup = await measureStartup({ sent: 9_500, queued: 250, failed: 100, unknown: 100, discarded: 50 }, SIZES.startupRuns, { routerRuns: SIZES.startupRuns })
  for (const size of SIZES.histories) {
    progress(`2 listing as history grows: ${size.toLocaleString('en')} bookings`)
    const startup = await measureStartup({ sent: 500, queued: 250, failed: 100, unknown: 100, discarded: 50 }, SIZES.listingRuns, {
      history: { oldSent: size - 1_000 },
      routerRuns: SIZES.listingRuns,
      split: false
    })
    results.listing.push({ size, startup })
  }
}
if (only.has('3')) {
  begin('3', `drain at Altegio's limits: ${SIZES.realDrain} bookings at 5/s, 200/min (about ${Math.round(idealDrainMs(SIZES.realDrain, { perSecond: 5, perMinute: 200 }) / 1000)} s)`)
  results.drains.push(await measureDrain("Altegio's limits", { perSecond: 5, perMinute: 200 }, SIZES.realDrain, 8))
  for (let i = 0; i < SIZES.scaledRepeats; i++) {
    progress(`3 drain, scaled (${i + 1} of ${SIZES.scaledRepeats}, load ${load()}): ${SIZES.scaledDrain} bookings at 50/s, 600/min`)
    results.drains.push(await measureDrain(SIZES.scaledRepeats > 1 ? `scaled, run ${i + 1}` : 'scaled', { perSecond: 50, perMinute: 600 }, SIZES.scaledDrain, 8))
  }
}
if (only.has('4')) {
  const { min, max } = SIZES.outageMs
  begin('4', `network back: ${plural(SIZES.outages, 'outage')} of ${min / 1000}–${max / 1000} s each, without and with the window's hint`)
  results.networkBack = await measureNetworkBack(SIZES.outages, SIZES.outageMs)
}

let cacheSearch: ClientCacheSearch[] = []
if (only.has('5')) {
  begin('5', 'offline client search over the cache: its own lines, above the table')
  cacheSearch = measureClientCacheSearch(SIZES.cachedClients, SIZES.searchRounds)
  process.stdout.write(`${renderClientCacheSearch(cacheSearch).join('\n')}\n`)
}

const lookups: LookupCost[] = []
if (only.has('6')) {
  begin('6', `look-up cost: its own table, below`)
  for (const records of SIZES.lookupDays) {
    progress(`6 look-up cost: 20 unknown bookings on a day of ${records} records`)
    lookups.push(await measureLookupCost(records, 20))
  }
}

if (only.has('7') || only.has('8') || only.has('11')) {
  const built = resolve(import.meta.dirname, '../../out/renderer/index.html')
  if (values.prebuilt) {
    if (!existsSync(built)) throw new Error('--prebuilt: out/renderer holds no built window (run npx electron-vite build first)')
    progress('the window in Chromium: the renderer already built in out/renderer')
  } else {
    progress('the window in Chromium: building the renderer as the app ships it')
    execFileSync(process.execPath, [resolve(import.meta.dirname, '../../node_modules/electron-vite/bin/electron-vite.js'), 'build'], { stdio: ['ignore', 2, 2] })
  }
}
if (only.has('7')) {
  begin('7', 'the window in Chromium')
  progress(`7 the window: ${SIZES.windowBookings} bookings by key, ${plural(SIZES.coldStarts, 'cold start')}, an outbox of ${SIZES.scrollRows.toLocaleString('en')} scrolled`)
  // window.ts is typed with the end-to-end tests (DOM types), so it is loaded by a path TypeScript does not follow here.
  const windowBench = './window.ts' as string
  const { measureWindow } = (await import(windowBench)) as { measureWindow: (o: { bookings: number; coldStarts: number; scrollRows: number }) => Promise<WindowFigures> }
  results.window = await measureWindow({ bookings: SIZES.windowBookings, coldStarts: SIZES.coldStarts, scrollRows: SIZES.scrollRows })
}

if (only.has('8')) {
  begin('8', `the outbox at any size: ${plural(SIZES.outboxRuns, 'window')} opened on ${SIZES.scrollRows.toLocaleString('en')} waiting bookings`)
  // Typed with the end-to-end tests, as window.ts is.
  const outboxBench = './window-outbox.ts' as string
  const { measureOutboxFirstRows } = (await import(outboxBench)) as { measureOutboxFirstRows: (o: { rows: number; runs: number }) => Promise<OutboxFirstRows> }
  results.outboxPages = await measureOutboxFirstRows({ rows: SIZES.scrollRows, runs: SIZES.outboxRuns })
}

let shared: SharedAddress | undefined
if (only.has('9')) {
  const each = SIZES.sharedEach
  begin('9', `desks behind one address: 3 desks, ${each} bookings each, one per-IP limit of 5/s and 200/min`)
  shared = await measureSharedAddress(3, each, { perSecond: 5, perMinute: 200 })
}

if (only.has('10')) {
  const { bookings, marks, cancels } = SIZES.backlog
  begin('10', `a mixed backlog queued offline: ${bookings} bookings, ${marks} marks, ${cancels} cancellations, drained at 5/s, 200/min`)
  results.backlog = await measureMixedBacklog({ perSecond: 5, perMinute: 200 }, SIZES.backlog)
}

if (only.has('11')) {
  begin('11', `check-in in the window: ${SIZES.windowMarks} clients marked arrived on the class's roster`)
  // Typed with the end-to-end tests, as window.ts is.
  const marksBench = './window-marks.ts' as string
  const { measureKeyToMark } = (await import(marksBench)) as { measureKeyToMark: (o: { marks: number }) => Promise<KeyToMark> }
  results.keyToMark = await measureKeyToMark({ marks: SIZES.windowMarks })
}

endPart()
results.loadAtEnd = load()
results.totalSeconds = (performance.now() - began) / 1000
const markdown = [
  renderMarkdown(results),
  ...(lookups.length > 0 ? ['', ...renderLookupCost(lookups), ''] : []),
  ...(shared ? ['', ...renderSharedAddress(shared), ''] : [])
].join('\n')
process.stdout.write(`${markdown}\n`)
const outDir = resolve(import.meta.dirname, '../../test-results')
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'bench.md'), `# Benchmarks (${new Date().toISOString()})\n\n${markdown}`)
progress(`written to ${join(outDir, 'bench.md')}`)
if (values.json) {
  mkdirSync(dirname(resolve(values.json)), { recursive: true })
  writeFileSync(resolve(values.json), JSON.stringify({ results, lookups, shared, cacheSearch } satisfies BenchFigures, null, 2))
  progress(`figures as data written to ${resolve(values.json)}`)
}

if (values.readme) {
  const readme = resolve(import.meta.dirname, '../../README.md')
  const [start, end] = ['<!-- bench:start -->', '<!-- bench:end -->']
  const text = readFileSync(readme, 'utf8')
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to < from) throw new Error(`README.md has no ${start} … ${end} section`)
  const stamp = `Run of ${new Date().toISOString().slice(0, 10)}${short ? ' (--short)' : ''}${values.only ? ` (--only ${values.only})` : ''}:`
  writeFileSync(readme, `${text.slice(0, from + start.length)}\n${stamp}\n\n${markdown}\n${text.slice(to)}`)
  progress('README.md updated between its bench markers')
}
