import type { Drain } from './drain.ts'
import type { Machine } from './machine.ts'
import type { NetworkBack } from './network-back.ts'
import { mib, ms, percent, seconds } from './stats.ts'
import type { Startup } from './startup.ts'
import type { SubmitBreakdown } from './submit-breakdown.ts'
import type { SubmitLatency } from './submit-latency.ts'

export const TARGETS = {
  submitRatioP99: 3,
  startupMs: 200,
  drainFraction: 0.95,
  rateLimitedPerMinute: 1,
  networkBackMs: 1_000
}

export interface Results {
  machine: Machine
  loadAtEnd: string
  totalSeconds: number
  submit?: SubmitLatency
  breakdown?: SubmitBreakdown
  startup?: Startup
  drains: Drain[]
  networkBack?: NetworkBack
}

type Row = [part: string, what: string, figure: string, target: string, met: string]

const mark = (ok: boolean): string => (ok ? '✓' : '✗')
const p50p99 = (s: { p50: number; p99: number }): string => `${ms(s.p50)} / ${ms(s.p99)}`
const p50max = (s: { p50: number; max: number }): string => `${ms(s.p50)} / ${ms(s.max)}`

function rows(r: Results): Row[] {
  const out: Row[] = []
  if (r.submit) {
    const { submit, append } = r.submit
    out.push(['1 submit', `\`submitBooking\` resolved (on disk), p50 / p99, ${submit.n} samples`, p50p99(submit), '', ''])
    out.push(['1 submit', "bare append of the same JSON + fsync, same folder, p50 / p99", p50p99(append), '', ''])
    out.push([
      '1 submit',
      'ratio submit / bare append at p99 (at p50)',
      `${r.submit.ratioP99.toFixed(2)}x (${r.submit.ratioP50.toFixed(2)}x)`,
      `p99 ≤ ${TARGETS.submitRatioP99}x`,
      mark(r.submit.ratioP99 <= TARGETS.submitRatioP99)
    ])
  }
  if (r.startup) {
    const s = r.startup
    const each = `${s.runs} fresh processes`
    out.push([
      '2 start-up',
      `\`createFrontDesk\` resolved, ${s.items.toLocaleString('en')} items (${mixText(s)}), p50 / max of ${each}`,
      p50max(s.createMs),
      `< ${TARGETS.startupMs} ms`,
      mark(s.createMs.max < TARGETS.startupMs)
    ])
    out.push(['2 start-up', 'import of the core (Node type-stripping its .ts sources), p50 / max', p50max(s.importMs), '', ''])
    out.push(['2 start-up', `window's first \`listBookings()\` (${s.listCount} items), p50 / max; a second call p50`, `${p50max(s.listMs)}; ${ms(s.secondListMs.p50)}`, '', ''])
    out.push(['2 start-up', 'window\'s first `deliveryStatus()`, p50', ms(s.statusMs.p50), '', ''])
    out.push([
      '2 start-up',
      'RSS after start-up (Node alone before import) / heap used, p50',
      `${mib(s.rssStarted.p50)} (${mib(s.rssBefore.p50)}) / ${mib(s.heapStarted.p50)}`,
      '',
      ''
    ])
    out.push(['2 start-up', 'RSS after the first list, p50', mib(s.rssListed.p50), '', ''])
  }
  for (const d of r.drains) {
    const part = `3 drain ${d.label}`
    const setup = `${d.limit.perSecond}/s, ${d.limit.perMinute}/min; ${d.bookings} bookings, ${d.events} events`
    out.push([part, `${setup}: start → last \`sent\` (ideal schedule)`, `${seconds(d.actualMs)} (${seconds(d.idealMs)})${d.timedOut ? ' — stopped: not drained' : ''}`, '', ''])
    out.push([part, 'fraction of the limit (ideal / actual)', percent(d.fraction), `≥ ${percent(TARGETS.drainFraction)}`, mark(d.fraction >= TARGETS.drainFraction && !d.timedOut)])
    out.push([
      part,
      '429s (per minute)',
      `${d.rateLimited} (${d.rateLimitedPerMinute.toFixed(1)}/min)`,
      `≤ ${TARGETS.rateLimitedPerMinute}/min`,
      mark(d.rateLimitedPerMinute <= TARGETS.rateLimitedPerMinute)
    ])
    out.push([part, 'records in the simulator', `${d.records} of ${d.bookings}`, 'all, once', mark(d.records === d.bookings)])
  }
  if (r.networkBack) {
    const n = r.networkBack
    const label = `${n.repeats} outages`
    out.push([
      '4 network back',
      `→ first \`sent\`, core probing every ${n.probeIntervalMs / 1000} s, p50 / max of ${label}`,
      p50max(n.probeOnly.firstSent),
      `≤ ${TARGETS.networkBackMs} ms`,
      mark(n.probeOnly.firstSent.max <= TARGETS.networkBackMs)
    ])
    out.push(['4 network back', '→ first request at the simulator, p50 / max', p50max(n.probeOnly.firstRequest), '', ''])
    out.push([
      '4 network back',
      `→ first \`sent\` with the window's hint (\`setNetworkHint(true)\`), p50 / max of ${label}`,
      p50max(n.withHint.firstSent),
      `≤ ${TARGETS.networkBackMs} ms`,
      mark(n.withHint.firstSent.max <= TARGETS.networkBackMs)
    ])
    out.push(['4 network back', '→ first request at the simulator with the hint, p50 / max', p50max(n.withHint.firstRequest), '', ''])
  }
  return out
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
      `- submit, step by step (p50 / p99): schema check ${p50p99(b.validate)}; INSERT committed with fsync ${p50p99(b.commit)}; row read back and checked ${p50p99(b.readBack)}.`
    )
  }
  if (r.startup) {
    const f = r.startup.firstListSplit
    lines.push(`- first list by hand in a fresh process: SQL ${ms(f.sqlMs)}, ${f.rows} rows turned into items ${ms(f.rowsMs)}.`)
  }
  for (const d of r.drains) {
    const g = d.diagnosis
    lines.push(
      `- drain ${d.label}: fetch called → request at the simulator p50 ${ms(g.fetchToArrival.p50)}, p99 ${ms(g.fetchToArrival.p99)}, max ${ms(g.fetchToArrival.max)}; 429s from the per-second window ${g.refusedBySecond}, per-minute ${g.refusedByMinute}; ${d.requests} requests in all.`
    )
  }
  if (r.networkBack && r.networkBack.unknownAfterOutage > 0) {
    lines.push(`- network back: ${r.networkBack.unknownAfterOutage} booking(s) ended \`unknown\` instead of \`sent\`.`)
  }
  return lines
}

export function renderMarkdown(r: Results): string {
  const m = r.machine
  const table = [
    '| part | measure | figure | target | met |',
    '| --- | --- | --- | --- | :-: |',
    ...rows(r).map((row) => `| ${row.join(' | ')} |`)
  ]
  return [
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memory}, Node ${m.node}, data in ${m.fileSystem}.`,
    `Load average (1 min) ${m.loadAtStart} at start, ${r.loadAtEnd} at the end; the whole bench took ${r.totalSeconds.toFixed(0)} s.`,
    '',
    ...table,
    '',
    'Where the time goes:',
    '',
    ...whereTheTimeGoes(r),
    ''
  ].join('\n')
}
