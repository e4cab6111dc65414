// Sums the JSON reports of vitest (one or more) and Playwright into one line: "N passed, N failed,
// N skipped", printed last, after the slowest test of each runner. A report that is missing counts as a
// failure, so a runner that never ran cannot pass unseen.
//
// A step named after --failed-steps exited non-zero: when its own report counts no failed test (a type
// error, a failed build, an unhandled rejection between tests), the step counts as one failure, so the
// summary never reads "0 failed" for a run that failed.
//
//   node .ci/count-tests.mjs --vitest a.json [b.json ...] --playwright p.json [--failed-steps step ...]
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

const paths = { vitest: [], playwright: [], 'failed-steps': [] }
let runner
for (const arg of process.argv.slice(2)) {
  if (arg === '--vitest' || arg === '--playwright' || arg === '--failed-steps') runner = arg.slice(2)
  else if (runner) paths[runner].push(arg)
  else throw new Error(`name the runner before its reports (--vitest or --playwright): ${arg}`)
}
const totals = { passed: 0, failed: 0, skipped: 0 }
let missing = 0

function read(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    console.error(`no test report at ${path}`)
    missing += 1
    return undefined
  }
}

const reports = new Map([...paths.vitest, ...paths.playwright].map((path) => [path, read(path)]))
const vitestReports = paths.vitest.map((path) => reports.get(path)).filter((report) => report !== undefined)
for (const vitest of vitestReports) {
  totals.passed += vitest.numPassedTests ?? 0
  totals.failed += vitest.numFailedTests ?? 0
  totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0)
  // A file that failed to load reports no failed test: count the file itself.
  for (const file of vitest.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length
    if (file.status === 'failed' && failedTests === 0) totals.failed += 1
  }
}

const playwrightReports = paths.playwright.map((path) => reports.get(path)).filter((report) => report !== undefined)
for (const playwright of playwrightReports) {
  const s = playwright.stats ?? {}
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0)
  totals.failed += s.unexpected ?? 0
  totals.skipped += s.skipped ?? 0
  if ((playwright.errors ?? []).length > 0 && (s.unexpected ?? 0) === 0) totals.failed += playwright.errors.length
}

/** The slowest test of a runner: "file › title (12.3 s)". */
function slowest(tests) {
  const top = tests.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: -1 })
  return top.ms < 0 ? 'none' : `${top.file} › ${top.title} (${(top.ms / 1000).toFixed(1)} s)`
}

if (vitestReports.length > 0) {
  const tests = vitestReports.flatMap((vitest) => vitest.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? []).map((t) => ({ file: relative(process.cwd(), file.name ?? ''), title: t.fullName ?? t.title, ms: t.duration ?? 0 }))
  )
  console.log(`slowest test (vitest): ${slowest(tests)}`)
}
if (playwrightReports.length > 0) {
  const specs = []
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      const ms = (spec.tests ?? []).flatMap((t) => t.results ?? []).reduce((sum, r) => sum + (r.duration ?? 0), 0)
      specs.push({ file: `test/e2e/${spec.file}`, title: spec.title, ms })
    }
    for (const child of suite.suites ?? []) walk(child)
  }
  for (const playwright of playwrightReports) for (const suite of playwright.suites ?? []) walk(suite)
  console.log(`slowest test (playwright): ${slowest(specs)}`)
}

// A failed step whose report (test-results/<step>.json) counted failures is already in the sum.
const failuresIn = (report) => (report?.numFailedTests ?? 0) + (report?.stats?.unexpected ?? 0)
for (const step of paths['failed-steps']) {
  const path = [...reports.keys()].find((p) => p.endsWith(`/${step}.json`))
  // A missing report is counted below already; one with failed tests is counted above.
  if (path !== undefined && (reports.get(path) === undefined || failuresIn(reports.get(path)) > 0)) continue
  console.error(`${step} exited non-zero though no test of it failed: its own output above says why`)
  totals.failed += 1
}

totals.failed += missing
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(totals.failed > 0 ? 1 : 0)
