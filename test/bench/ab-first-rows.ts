/**
 * Part 8 as an A/B comparison on a shared machine: windows of two variants opened in turn on one desk
 * (A, B, A, B, …), so both meet the same load, and each variant's figures summarized as part 8 prints them.
 * A variant is a built window (a copy of out/renderer) and whether the harness warms its binding.
 *
 *   node test/bench/ab-first-rows.ts --a DIR [--a-cold] --b DIR [--b-cold] [--windows 10] [--rows 5000]
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { load } from './machine.ts'
import { openOutboxWindow, summarizeOutboxWindows, withOutboxDesk, type OutboxWindow } from './window-outbox.ts'

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    'a-cold': { type: 'boolean', default: false },
    'b-cold': { type: 'boolean', default: false },
    windows: { type: 'string', default: '10' },
    rows: { type: 'string', default: '5000' }
  }
})
if (!values.a || !values.b) throw new Error('name both variants: --a DIR --b DIR (each a built renderer, as out/renderer)')

const rows = Number(values.rows)
const variants = [
  { name: 'A', rendererDir: resolve(values.a), warmBinding: !values['a-cold'], windows: [] as OutboxWindow[] },
  { name: 'B', rendererDir: resolve(values.b), warmBinding: !values['b-cold'], windows: [] as OutboxWindow[] }
]
const loadBefore = load()
await withOutboxDesk(rows, async (browser, desk) => {
  for (let i = 0; i < Number(values.windows); i++) {
    for (const variant of i % 2 === 0 ? variants : [...variants].reverse()) {
      variant.windows.push(await openOutboxWindow(browser, desk, rows, `${variant.name} ${i + 1}`, variant))
    }
  }
})
const ms = (n: number) => `${n.toFixed(1)} ms`
process.stdout.write(`load average ${loadBefore} before, ${load()} after; ${values.windows} windows each, taken in turn\n`)
for (const variant of variants) {
  const s = summarizeOutboxWindows(rows, variant.windows)
  process.stdout.write(
    `${variant.name} (${variant.rendererDir}${variant.warmBinding ? '' : ', binding cold'}): first rows from the ask p50 ${ms(s.firstRows.p50)} / max ${ms(s.firstRows.max)}; ` +
      `answer ${ms(s.firstAnswer.p50)}; after it ${ms(s.afterAnswer.p50)}; from navigation ${ms(s.fromNavigation.p50)}\n`
  )
}
