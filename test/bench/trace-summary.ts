/** One event of a Chromium trace (the JSON trace event format), as much of it as the summary reads. */
export interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  cat?: string
  s?: string
  args?: Record<string, unknown>
}

interface Span {
  event: TraceEvent
  start: number
  end: number
  parent: Span | undefined
  children: Span[]
}

/**
 * What the page's main thread did between the window's first `outbox:list` call (`fd:ask`) and the page
 * taking up its answer (`fd:answered`), and after it up to the first rows (`fd:shown`): each moment of the
 * thread's time is given to a font set-up if it was in one, else to the innermost of: style and layout,
 * paint and commit, a DevTools command (the harness's delivery), script. Time the thread ran nothing is "idle" (waiting for the answer, or for a core).
 */
export function summarizeTrace(events: TraceEvent[]): string {
  const mark = (name: string) => events.find((e) => e.name === name && (e.ph === 'R' || e.ph === 'I' || e.ph === 'i' || e.ph === 'n'))
  const ask = mark('fd:ask')
  const answered = mark('fd:answered')
  const shown = mark('fd:shown')
  if (!ask || !answered || !shown) return 'the trace lacks the fd:ask, fd:answered or fd:shown mark'
  const main = events.filter((e) => e.pid === ask.pid && e.tid === ask.tid && e.ph === 'X' && e.dur !== undefined)
  const spans = nest(main)
  const lines: string[] = []
  const ms = (us: number) => (us / 1000).toFixed(1).padStart(6)
  lines.push(`ask → answer ${ms(answered.ts - ask.ts)} ms, answer → first rows ${ms(shown.ts - answered.ts)} ms`)
  const core = events.filter((e) => e.name.startsWith('fd:core:listPage') && e.ts >= ask.ts)
  const coreIn = core.find((e) => e.name.endsWith(':in'))
  const coreOut = core.find((e) => e.name.endsWith(':out'))
  if (coreIn && coreOut) lines.push(`the core took the call at +${ms(coreIn.ts - ask.ts).trim()} ms and answered at +${ms(coreOut.ts - ask.ts).trim()} ms`)
  for (const [label, from, to] of [['ask → answer', ask.ts, answered.ts], ['answer → first rows', answered.ts, shown.ts]] as const) {
    const shares = attribute(spans, from, to)
    lines.push(`${label}: ${[...shares].map(([what, us]) => `${what} ${ms(us).trim()}`).join(', ')} (ms)`)
  }
  lines.push('main-thread tasks from the ask to the first rows (start from the ask, length, what):')
  for (const span of spans.filter((s) => s.parent === undefined && s.end > ask.ts && s.start < shown.ts && s.end - s.start >= 500)) {
    lines.push(`  +${ms(span.start - ask.ts).trim()} ${ms(span.end - span.start)} ms  ${describe(span)}`)
  }
  const fonts = spans.filter((s) => s.event.name === 'FontCache::GetFontPlatformData' && s.parent?.event.name !== 'FontCache::GetFontPlatformData' && s.start >= ask.ts && s.start < shown.ts)
  lines.push(`font set-ups (FontCache::GetFontPlatformData) from the ask to the first rows: ${fonts.length}, ${ms(fonts.reduce((sum, s) => sum + s.end - s.start, 0)).trim()} ms`)
  return lines.join('\n')
}

const GROUPS: [string, (name: string) => boolean][] = [
  ['fonts', (n) => n.startsWith('FontCache::') || n.startsWith('FontDataManager') || n.startsWith('WebSandboxSupportLinux') || n.includes('FontFallback')],
  ['style & layout', (n) => n === 'Layout' || n === 'UpdateLayoutTree' || n === 'Document::UpdateStyleAndLayout'],
  ['paint & commit', (n) => n === 'WebFrameWidgetImpl::UpdateLifecycle' || n === 'Commit' || n === 'Paint' || n === 'PrePaint'],
  ['harness delivery (DevTools command)', (n) => n === 'DevToolsSession::DispatchProtocolCommand'],
  ['script', (n) => n === 'FunctionCall' || n === 'EvaluateScript' || n === 'RunMicrotasks' || n === 'v8.run' || n === 'v8.compile' || n === 'V8.Execute' || n.startsWith('HTMLDocumentParser') || n === 'TimerFire' || n === 'FireAnimationFrame']
]

/** The thread's time in [from, to], by group; what no task covers is "idle". */
function attribute(spans: Span[], from: number, to: number): Map<string, number> {
  const shares = new Map<string, number>([...GROUPS.map(([g]) => [g, 0] as [string, number]), ['other tasks', 0], ['idle', 0]])
  let busy = 0
  for (const span of spans) {
    const own = clip(span, from, to) - span.children.reduce((sum, child) => sum + clip(child, from, to), 0)
    if (own <= 0) continue
    busy += own
    const group = groupOf(span)
    shares.set(group, shares.get(group)! + own)
  }
  shares.set('idle', to - from - busy)
  return shares
}

/** The group of the innermost event on the span's stack that belongs to one, fonts first. */
function groupOf(span: Span): string {
  const stack: string[] = []
  for (let s: Span | undefined = span; s; s = s.parent) stack.push(s.event.name)
  if (stack.some(GROUPS[0]![1])) return GROUPS[0]![0]
  for (const name of stack) for (const [group, holds] of GROUPS) if (holds(name)) return group
  return 'other tasks'
}

function describe(span: Span): string {
  const names = new Map<string, number>()
  const walk = (s: Span, depth: number) => {
    if (depth > 0 && s.end - s.start >= 1000) {
      const method = s.event.name === 'api_call' ? String(s.event.args?.method_name ?? '') : ''
      const key = method || s.event.name
      names.set(key, (names.get(key) ?? 0) + s.end - s.start)
    }
    if (depth < 6) for (const child of s.children) walk(child, depth + 1)
  }
  walk(span, 0)
  const wanted = ['HTMLDocumentParser::NotifyScriptLoaded', 'RunMicrotasks', 'Document::UpdateStyleAndLayout', 'Layout', 'WebFrameWidgetImpl::UpdateLifecycle', 'Paint', 'Commit', 'Runtime.evaluate', 'Runtime.callFunctionOn', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'EvaluateScript']
  return wanted.filter((n) => names.has(n)).map((n) => `${n} ${(names.get(n)! / 1000).toFixed(1)}`).join(', ') || 'other'
}

function clip(span: Span, from: number, to: number): number {
  return Math.max(0, Math.min(span.end, to) - Math.max(span.start, from))
}

/** Complete events of one thread, nested by time. */
function nest(events: TraceEvent[]): Span[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const spans: Span[] = []
  const open: Span[] = []
  for (const event of sorted) {
    const span: Span = { event, start: event.ts, end: event.ts + event.dur!, parent: undefined, children: [] }
    while (open.length > 0 && open[open.length - 1]!.end <= span.start) open.pop()
    const parent = open[open.length - 1]
    if (parent) {
      span.parent = parent
      parent.children.push(span)
    }
    open.push(span)
    spans.push(span)
  }
  return spans
}
