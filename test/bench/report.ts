import type { ClientCacheSearch } from './client-cache-search.ts'
import type { Drain } from './drain.ts'
import type { LookupCost } from './lookup-cost.ts'
import type { Machine } from './machine.ts'
import type { NetworkBack } from './network-back.ts'
import type { SharedAddress } from './shared-address.ts'
import { mib, ms, percent, seconds } from './stats.ts'
import type { Startup } from './startup.ts'
import type { SubmitBreakdown } from './submit-breakdown.ts'
import type { SubmitLatency } from './submit-latency.ts'
import type { MixedBacklog } from './mixed-backlog.ts'
import type { KeyToMark, OutboxFirstRows, WindowFigures } from './window-figures.ts'

export const TARGETS = {
  submitRatioP99: 2.5,
  submitRatioP99Loaded: 3,
  startupMs: 200,
  firstListMs: 20,
  drainFraction: 0.97,
  rateLimited: 0,
  networkBackMs: 500,
  keyToRowP99Ms: 50,
  interactiveMs: 500,
  frameMaxMs: 50,
  rendererGzipKiB: 150,
  outboxFirstRowsMs: 100,
  keyToMarkP99Ms: 50
}

export interface Results {
  machine: Machine
  /** The short run (`--short`): every part, small. */
  short: boolean
  loadAtEnd: string
  totalSeconds: number
  /** The 1-minute load average when each part began, by part number. */
  loads: Record<string, string>
  /** How long each part took, by part number. */
  partSeconds: Record<string, number>
  /** The quiet submit run, repeated: its tail is the disk's and moves from run to run. */
  submitRuns: SubmitLatency[]
  /** The same with another process writing and fsyncing in the same folder, repeated like the quiet run. */
  submitLoadedRuns: SubmitLatency[]
  breakdown?: SubmitBreakdown
  startup?: Startup
  /** Start-up and the first list over outboxes of growing history (the same 1,000 recent bookings in each). */
  listing: { size: number; startup: Startup }[]
  drains: Drain[]
  networkBack?: NetworkBack
  window?: WindowFigures
  outboxPages?: OutboxFirstRows
  backlog?: MixedBacklog
  keyToMark?: KeyToMark
}

/** Everything a run measured, as `--json` writes it. */
export interface BenchFigures {
  results: Results
  lookups: LookupCost[]
  shared?: SharedAddress
  cacheSearch: ClientCacheSearch[]
}

type Row = [part: string, load: string, what: string, figure: string, target: string, met: string]

const mark = (ok: boolean): string => (ok ? '✓' : '✗')
const p50p99 = (s: { p50: number; p99: number }): string => `${ms(s.p50)} / ${ms(s.p99)}`
const p50max = (s: { p50: number; max: number }): string => `${ms(s.p50)} / ${ms(s.max)}`
const ratio = (r: SubmitLatency): string => `${r.ratioP99.toFixed(2)}x (${r.ratioP50.toFixed(2)}x)`

/** The run in the middle by its p99 ratio: what a typical run of this machine gives. */
export function medianRun(runs: SubmitLatency[]): SubmitLatency {
  return [...runs].sort((a, b) => a.ratioP99 - b.ratioP99)[Math.floor((runs.length - 1) / 2)]!
}

function rows(r: Results): Row[] {
  const out: Row[] = []
  const at = (part: string): string => r.loads[part] ?? ''
  const each = (runs: SubmitLatency[]): string =>
    runs.length > 1 ? `; the median of ${runs.length} runs (p99 ratios ${runs.map((x) => `${x.ratioP99.toFixed(2)}x`).join(', ')})` : ''
  if (r.submitRuns.length > 0) {
    const run = medianRun(r.submitRuns)
    const { submit, append } = run
    out.push(['1 submit', at('1'), `\`submitBooking\` resolved (on disk), p50 / p99, ${submit.n} samples${each(r.submitRuns)}`, p50p99(submit), '', ''])
    out.push(['1 submit', at('1'), 'bare append of the same JSON + fsync, same folder, p50 / p99', p50p99(append), '', ''])
    out.push(['1 submit', at('1'), 'ratio submit / bare append at p99 (at p50)', ratio(run), `p99 ≤ ${TARGETS.submitRatioP99}x`, mark(run.ratioP99 <= TARGETS.submitRatioP99)])
  }
  if (r.submitLoadedRuns.length > 0) {
    const l = medianRun(r.submitLoadedRuns)
    const noise = `another process writing 64 KiB + fsync in the same folder throughout (${l.noiseWrites ?? '?'} writes)${each(r.submitLoadedRuns)}`
    out.push(['1 submit, disk loaded', at('1'), `\`submitBooking\` / bare append, p50 / p99, ${noise}`, `${p50p99(l.submit)}; ${p50p99(l.append)}`, '', ''])
    out.push(['1 submit, disk loaded', at('1'), 'ratio submit / bare append at p99 (at p50)', ratio(l), `p99 ≤ ${TARGETS.submitRatioP99Loaded}x`, mark(l.ratioP99 <= TARGETS.submitRatioP99Loaded)])
  }
  if (r.startup) {
    const s = r.startup
    const each = `${s.runs} fresh processes`
    out.push([
      '2 start-up',
      at('2'),
      `\`createFrontDesk\` resolved, ${s.items.toLocaleString('en')} items (${mixText(s)}), p50 / max of ${each}`,
      p50max(s.createMs),
      `< ${TARGETS.startupMs} ms`,
      mark(s.createMs.max < TARGETS.startupMs)
    ])
    out.push(['2 start-up', at('2'), 'import of the core (Node type-stripping its .ts sources), p50 / max', p50max(s.importMs), '', ''])
    out.push([
      '2 start-up',
      at('2'),
      `window's first \`listBookings()\` (${s.listCount} items), p50 / max; a second call p50`,
      `${p50max(s.listMs)}; ${ms(s.secondListMs.p50)}`,
      `< ${TARGETS.firstListMs} ms`,
      mark(s.listMs.max < TARGETS.firstListMs)
    ])
    if (s.routerListMs) {
      out.push(['2 start-up', at('2'), `the same through the IPC router (\`outbox:list\`, every page, the contract's checks), p50 / max of ${s.routerListMs.n}`, p50max(s.routerListMs), `< ${TARGETS.firstListMs} ms`, mark(s.routerListMs.max < TARGETS.firstListMs)])
    }
    out.push(['2 start-up', at('2'), "window's first `deliveryStatus()`, p50", ms(s.statusMs.p50), '', ''])
    out.push([
      '2 start-up',
      at('2'),
      'RSS after start-up (Node alone before import) / heap used, p50',
      `${mib(s.rssStarted.p50)} (${mib(s.rssBefore.p50)}) / ${mib(s.heapStarted.p50)}`,
      '',
      ''
    ])
    out.push(['2 start-up', at('2'), 'RSS after the first list, p50', mib(s.rssListed.p50), '', ''])
  }
  for (const { size, startup: s } of r.listing) {
    const part = '2 listing'
    const via = s.routerListMs ? `; through the router ${p50max(s.routerListMs)}` : ''
    const worst = Math.max(s.listMs.max, s.routerListMs?.max ?? 0)
    out.push([
      part,
      at('2'),
      `${size.toLocaleString('en')} bookings (${s.listCount} listed): first list p50 / max${s.routerListMs ? ', core; through the router' : ''}; \`deliveryStatus()\` p50; start-up p50`,
      `${p50max(s.listMs)}${via}; ${ms(s.statusMs.p50)}; ${ms(s.createMs.p50)}`,
      `< ${TARGETS.firstListMs} ms at every size`,
      mark(worst < TARGETS.firstListMs)
    ])
  }
  for (const d of r.drains) {
    const part = `3 drain ${d.label}`
    const setup = `${d.limit.perSecond}/s, ${d.limit.perMinute}/min; ${d.bookings} bookings, ${d.events} events`
    out.push([part, at('3'), `${setup}: start → last \`sent\` (ideal schedule)`, `${seconds(d.actualMs)} (${seconds(d.idealMs)})${d.timedOut ? ' — stopped: not drained' : ''}`, '', ''])
    out.push([part, at('3'), 'fraction of the ideal schedule (ideal / actual)', percent(d.fraction), `≥ ${percent(TARGETS.drainFraction)}`, mark(d.fraction >= TARGETS.drainFraction && !d.timedOut)])
    out.push([part, at('3'), `the desk's own schedule, each second's grants spread (${seconds(d.spreadMs)}), over the time taken`, percent(d.spreadFraction), '—', ''])
    out.push([part, at('3'), '429s (per minute)', `${d.rateLimited} (${d.rateLimitedPerMinute.toFixed(1)}/min)`, `${TARGETS.rateLimited}`, mark(d.rateLimited <= TARGETS.rateLimited)])
    out.push([part, at('3'), 'records in the simulator', `${d.records} of ${d.bookings}`, 'all, once', mark(d.records === d.bookings)])
  }
  if (r.networkBack) {
    const n = r.networkBack
    const label = `${n.repeats} outages`
    out.push([
      '4 network back',
      at('4'),
      `→ first \`sent\`, core probing every ${n.probeIntervalMs} ms, p50 / max of ${label}`,
      p50max(n.probeOnly.firstSent),
      `≤ ${TARGETS.networkBackMs} ms`,
      mark(n.probeOnly.firstSent.max <= TARGETS.networkBackMs)
    ])
    out.push(['4 network back', at('4'), '→ first request at the simulator, p50 / max', p50max(n.probeOnly.firstRequest), '', ''])
    out.push([
      '4 network back',
      at('4'),
      `→ first \`sent\` with the window's hint (\`setNetworkHint(true)\`), p50 / max of ${label}`,
      p50max(n.withHint.firstSent),
      `≤ ${TARGETS.networkBackMs} ms`,
      mark(n.withHint.firstSent.max <= TARGETS.networkBackMs)
    ])
  }
  if (r.window) {
    const w = r.window
    out.push(['7 window', at('7'), `Enter on the form → the row in the outbox, p50 / p99 of ${w.keyToRow.n} bookings`, p50p99(w.keyToRow), `p99 < ${TARGETS.keyToRowP99Ms} ms`, mark(w.keyToRow.p99 < TARGETS.keyToRowP99Ms)])
    out.push(['7 window', at('7'), `cold start: first contentful paint, p50 / max of ${w.firstPaint.n}`, p50max(w.firstPaint), '', ''])
    out.push(['7 window', at('7'), `cold start: the form ready to book, p50 / max of ${w.interactive.n}`, p50max(w.interactive), `< ${TARGETS.interactiveMs} ms`, mark(w.interactive.max < TARGETS.interactiveMs)])
    out.push(['7 window', at('7'), `an outbox of ${w.scrollRows.toLocaleString('en')} bookings: shown after`, ms(w.listShownMs), '', ''])
    out.push([
      '7 window',
      at('7'),
      `scrolling it top to bottom, a screen a frame: frame time p50 / p99 / max of ${w.frames.n} frames; long animation frames`,
      `${ms(w.frames.p50)} / ${ms(w.frames.p99)} / ${ms(w.frames.max)}; ${w.longAnimationFrames}`,
      `no frame > ${TARGETS.frameMaxMs} ms`,
      mark(w.framesOver50 === 0)
    ])
    out.push([
      '7 window',
      at('7'),
      "the renderer's JS + CSS, gzipped (raw)",
      `${(w.gzipBytes / 1024).toFixed(1)} KiB (${(w.rawBytes / 1024).toFixed(0)} KiB)`,
      `< ${TARGETS.rendererGzipKiB} KiB`,
      mark(w.gzipBytes / 1024 < TARGETS.rendererGzipKiB)
    ])
  }
  if (r.outboxPages) {
    const o = r.outboxPages
    const rows = `an outbox of ${o.rows.toLocaleString('en')} waiting`
    out.push([
      '8 outbox at any size',
      at('8'),
      `${rows}: first rows, from the window's first \`outbox:list\` call, p50 / max of ${o.firstRows.n} windows (the median judged)`,
      p50max(o.firstRows),
      `< ${TARGETS.outboxFirstRowsMs} ms`,
      mark(o.firstRows.p50 < TARGETS.outboxFirstRowsMs)
    ])
    out.push(['8 outbox at any size', at('8'), `${rows}: of which the first page's answer reaching the page, p50 / max`, p50max(o.firstAnswer), '', ''])
    out.push(['8 outbox at any size', at('8'), `${rows}: of which the window's rendering after that answer, p50 / max`, p50max(o.afterAnswer), '', ''])
    out.push(['8 outbox at any size', at('8'), `${rows}: first rows from navigation (as part 7's "shown after"), p50 / max`, p50max(o.fromNavigation), '', ''])
    out.push(['8 outbox at any size', at('8'), `${rows}: every booking in the list, read a page at a time, from the first call, p50 / max`, p50max(o.allIn), '', ''])
  }
  if (r.backlog) out.push(...backlogRows(r.backlog, at('10')))
  if (r.keyToMark) {
    const k = r.keyToMark
    if (k.shown) {
      out.push(['11 check-in', at('11'), `Space on a roster row → the row shows the client arrived, p50 / p99 of ${k.marks} marks`, p50p99(k.shown), `p99 < ${TARGETS.keyToMarkP99Ms} ms`, mark(k.shown.p99 < TARGETS.keyToMarkP99Ms)])
      out.push(['11 check-in', at('11'), "Space → the core's answer in the page (the mark queued in the outbox), p50 / p99", p50p99(k.answered), '', ''])
    } else {
      out.push([
        '11 check-in',
        at('11'),
        `the window's roster has no Arrived key: its \`markAttendance\` call → the core's answer in the page, p50 / p99 of ${k.marks} marks`,
        p50p99(k.answered),
        `p99 < ${TARGETS.keyToMarkP99Ms} ms`,
        mark(k.answered.p99 < TARGETS.keyToMarkP99Ms)
      ])
    }
  }
  return out
}

function backlogRows(b: MixedBacklog, load: string): Row[] {
  const part = '10 mixed backlog'
  const { bookings, marks, cancels } = b.mix
  const setup = `${b.limit.perSecond}/s, ${b.limit.perMinute}/min; ${bookings} bookings, ${marks} marks, ${cancels} cancellations queued offline`
  const notSent = Object.entries(b.notSent).map(([status, n]) => `${n} ${status}`).join(', ')
  return [
    [part, load, `${setup}: start → last \`sent\` (ideal schedule for the ${b.requests - b.rateLimited} requests admitted)`, `${seconds(b.actualMs)} (${seconds(b.idealMs)})${b.timedOut ? ' — stopped: not drained' : ''}`, '', ''],
    [part, load, 'share of the limit used (ideal / actual)', percent(b.fraction), `≥ ${percent(TARGETS.drainFraction)}`, mark(b.fraction >= TARGETS.drainFraction && !b.timedOut)],
    [part, load, '429s', `${b.rateLimited}`, `${TARGETS.rateLimited}`, mark(b.rateLimited <= TARGETS.rateLimited)],
    [
      part,
      load,
      "requests per booking / per mark / per cancellation (a mark or cancellation reads the record first, then writes it); reads of a class's day besides",
      `${b.perAction.booking.toFixed(2)} / ${b.perAction.mark.toFixed(2)} / ${b.perAction.cancel.toFixed(2)}; ${b.reads}`,
      '',
      ''
    ],
    [
      part,
      load,
      'outbox rows sent; in Altegio: records marked arrived, records deleted, records created',
      `${b.sent} of ${b.queued}${notSent ? ` (${notSent})` : ''}; ${b.altegio.arrived} of ${marks}, ${b.altegio.deleted} of ${cancels}, ${b.altegio.created} of ${bookings}`,
      'all, once',
      mark(b.sent === b.queued && b.altegio.arrived === marks && b.altegio.deleted === cancels && b.altegio.created === bookings)
    ]
  ]
}

function mixText(s: Startup): string {
  return Object.entries(s.mix)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n.toLocaleString('en')} ${status}`)
    .join(', ')
}

/** Figures that explain the ones above: where a submit's time goes, the first list, the drain's 429s. */
function whereTheTimeGoes(r: Results): string[] {
  const lines: string[] = []
  if (r.breakdown) {
    const b = r.breakdown
    lines.push(
      `- submit, step by step (p50 / p99): schema check ${p50p99(b.validate)}; the row sealed, inserted and committed with fsync (\`store.insert\`, the WAL checkpointed as the desk does) ${p50p99(b.commit)}.`
    )
  }
  if (r.startup) {
    const f = r.startup.firstListSplit
    lines.push(
      `- what start-up spends on the first list (read once, then served from memory), by hand in a fresh process: SQL ${ms(f.sqlMs)}, opening ${f.rows} rows' sealed columns ${ms(f.unsealMs)}, their schema checks ${ms(f.rowsMs)}.`
    )
  }
  for (const d of r.drains) {
    const g = d.diagnosis
    lines.push(
      `- drain ${d.label}: fetch called → request at the simulator p50 ${ms(g.fetchToArrival.p50)}, p99 ${ms(g.fetchToArrival.p99)}, max ${ms(g.fetchToArrival.max)}; 429s from the per-second window ${g.refusedBySecond}, per-minute ${g.refusedByMinute}; ${d.requests} requests in all.`
    )
  }
  if (r.backlog) {
    const { refused, gaps } = r.backlog.diagnosis
    const at = (s: number): string => `${s.toFixed(1)} s`
    lines.push(
      `- mixed backlog: 429s ${refused.length === 0 ? 'none' : refused.map((x) => `at ${at(x.atS)} (per-${x.window} window)`).join(', ')}; ` +
        `the longest gaps between admitted requests ${gaps.map((g) => `${ms(g.gapMs)} after ${at(g.afterS)}`).join(', ')}.`
    )
  }
  if (r.networkBack && r.networkBack.unknownAfterOutage > 0) {
    lines.push(`- network back: ${r.networkBack.unknownAfterOutage} booking(s) ended \`unknown\` instead of \`sent\`.`)
  }
  return lines
}

function partTimes(r: Results): string {
  return Object.entries(r.partSeconds)
    .map(([part, s]) => `part ${part} ${s.toFixed(0)} s`)
    .join(', ')
}

export function renderMarkdown(r: Results): string {
  const m = r.machine
  const table = [
    '| part | load | measure | figure | target | met |',
    '| --- | --: | --- | --- | --- | :-: |',
    ...rows(r).map((row) => `| ${row.join(' | ')} |`)
  ]
  return [
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memory}, Node ${m.node}, data in ${m.fileSystem}.`,
    `Load average (1 min) ${m.loadAtStart} at start, ${r.loadAtEnd} at the end; the whole ${r.short ? 'short ' : ''}bench took ${r.totalSeconds.toFixed(0)} s (${partTimes(r)}). The load column is the load average when each part began.`,
    '',
    ...table,
    '',
    'Where the time goes:',
    '',
    ...whereTheTimeGoes(r),
    ''
  ].join('\n')
}
