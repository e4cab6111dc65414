/**
 * `npm run bench`: the figures issue 3 asks for, printed as a markdown table and written to
 * test-results/bench.md. Figures, not pass/fail: a slow or busy machine prints slower figures.
 *
 *   node test/bench/run.ts [--quick] [--only 1,3]
 *
 * --quick shrinks every part (a smoke run of the bench itself); --only runs the parts named
 * (1 submit, 2 start-up, 3 drain, 4 network back, 5 offline client search, 6 look-up cost). Progress goes to
 * stderr, the tables to stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { measureDrain } from './drain.ts'
import { measureLookupCost, renderLookupCost, type LookupCost } from './lookup-cost.ts'
import { describeMachine, load } from './machine.ts'
import { measureNetworkBack } from './network-back.ts'
import { renderMarkdown, type Results } from './report.ts'
import { measureStartup } from './startup.ts'
import { measureSubmitBreakdown } from './submit-breakdown.ts'
import { measureSubmitLatency } from './submit-latency.ts'

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } })
const quick = values.quick
const only = new Set((values.only ?? '1,2,3,4,5,6').split(',').map((s) => s.trim()))

/** Sizes: the full run stays within about five minutes; each part is bounded on its own. */
const SIZES = quick
  ? { submitSamples: 300, submitWarmup: 50, startupRuns: 2, outages: 2, realDrain: 30, scaledDrain: 120 }
  : { submitSamples: 3000, submitWarmup: 300, startupRuns: 7, outages: 10, realDrain: 260, scaledDrain: 550 }

const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`)
const began = performance.now()
const results: Results = { machine: describeMachine(), loadAtEnd: '', totalSeconds: 0, drains: [] }
progress(`${results.machine.cores} cores, Node ${results.machine.node}, load ${results.machine.loadAtStart}${quick ? ', quick run' : ''}`)

if (only.has('1')) {
  progress(`1/4 durable submit: ${SIZES.submitSamples} submits beside as many bare fsync'd appends`)
  results.submit = await measureSubmitLatency(SIZES.submitSamples, SIZES.submitWarmup)
  results.breakdown = measureSubmitBreakdown(Math.min(SIZES.submitSamples, 1000), SIZES.submitWarmup)
}
if (only.has('2')) {
  progress(`2/4 start-up: an outbox of 10,000 bookings, ${SIZES.startupRuns} fresh processes`)
  results.startup = await measureStartup({ sent: 9_500, queued: 250, failed: 100, unknown: 100, discarded: 50 }, SIZES.startupRuns)
}
if (only.has('3')) {
  progress(`3/4 drain at Altegio's limits: ${SIZES.realDrain} bookings at 5/s, 200/min (about ${SIZES.realDrain > 200 ? '72' : '6'} s)`)
  results.drains.push(await measureDrain("Altegio's limits", { perSecond: 5, perMinute: 200 }, SIZES.realDrain, 8))
  progress(`3/4 drain, scaled: ${SIZES.scaledDrain} bookings at 50/s, 600/min`)
  results.drains.push(await measureDrain('scaled', { perSecond: 50, perMinute: 600 }, SIZES.scaledDrain, 8))
}
if (only.has('4')) {
  progress(`4/4 network back: ${SIZES.outages} outages of 2–3 s each, without and with the window's hint`)
  results.networkBack = await measureNetworkBack(SIZES.outages, { min: 2_000, max: 3_000 })
}

if (only.has('5')) {
  progress('5/5 offline client search over the cache (issue 4): its own lines, below')
  await import('./client-cache-search.ts')
}

const lookups: LookupCost[] = []
if (only.has('6')) {
  for (const records of quick ? [50, 500] : [50, 500, 2_000]) {
    progress(`6/6 look-up cost: 20 unknown bookings on a day of ${records} records`)
    lookups.push(await measureLookupCost(records, 20))
  }
}

results.loadAtEnd = load()
results.totalSeconds = (performance.now() - began) / 1000
const markdown = [renderMarkdown(results), ...(lookups.length > 0 ? ['', ...renderLookupCost(lookups), ''] : [])].join('\n')
process.stdout.write(`${markdown}\n`)
const outDir = resolve(import.meta.dirname, '../../test-results')
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'bench.md'), `# Benchmarks (${new Date().toISOString()})\n\n${markdown}`)
progress(`written to ${join(outDir, 'bench.md')}`)
