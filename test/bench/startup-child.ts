/**
 * One start-up of the core in a fresh process, as the app's main process does it, for startup.ts.
 *
 *   node test/bench/startup-child.ts --data-dir DIR [--split-list]
 *
 * Prints one JSON line: the core's import time, createFrontDesk's time, the window's first
 * listBookings() and deliveryStatus(), and memory once started. Closes the core before any delivery
 * pass can run, so the outbox it was given is left as it was.
 *
 * With --split-list the first list is done by hand instead, as listBookings does it, timing its SQL
 * apart from turning rows into items (JSON and schema checks): where the first list's time goes.
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'

const bootMs = performance.now()
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'split-list': { type: 'boolean', default: false } } })
const dataDir = values['data-dir']
if (!dataDir) {
  process.stderr.write('usage: startup-child.ts --data-dir DIR\n')
  process.exit(64)
}
setTimeout(() => process.exit(70), 30_000).unref()

const memoryBefore = process.memoryUsage()
let t = performance.now()
const { createFrontDesk } = await import('../../src-main/core/index.ts')
const importMs = performance.now() - t

const tokens = new Map([
  ['partner-token', 'partner-token-bench'],
  ['user-token', 'user-token-bench'],
  // The outbox fixture is sealed under the tests' data key (TEST_DATA_KEY in test/support/desk-fixtures.ts).
  ['outbox-data-key', Buffer.alloc(32, 7).toString('base64')]
])
t = performance.now()
const desk = await createFrontDesk({
  dataDir,
  // Nothing is sent: the core is closed before its first pass. The keychain is not what is measured.
  apiBaseUrl: 'http://127.0.0.1:9/api',
  allowedApiHosts: ['127.0.0.1'],
  secrets: { get: async (a) => tokens.get(a) ?? null, set: async () => {}, delete: async () => true },
  autoDeliver: true
})
const createMs = performance.now() - t
const memoryStarted = process.memoryUsage()

if (values['split-list']) {
  await desk.close()
  process.stdout.write(`${JSON.stringify(await splitFirstList(dataDir))}\n`)
  process.exit(0)
}

t = performance.now()
const items = await desk.listBookings()
const listMs = performance.now() - t
t = performance.now()
await desk.deliveryStatus()
const statusMs = performance.now() - t
t = performance.now()
await desk.listBookings()
const secondListMs = performance.now() - t
const memoryListed = process.memoryUsage()
await desk.close()

process.stdout.write(
  `${JSON.stringify({
    bootMs,
    importMs,
    createMs,
    listMs,
    listCount: items.length,
    statusMs,
    secondListMs,
    rssBefore: memoryBefore.rss,
    rssStarted: memoryStarted.rss,
    heapStarted: memoryStarted.heapUsed,
    rssListed: memoryListed.rss,
    heapListed: memoryListed.heapUsed
  })}\n`
)

/** The SQL listBookings runs without a filter, then the rows turned into items, each timed on first use. */
async function splitFirstList(dir: string): Promise<{ sqlMs: number; rowsMs: number; rows: number }> {
  const { openOutboxDatabase } = await import('../../src-main/core/outbox-db.ts')
  const { rowToItem } = await import('../../src-main/core/outbox-rows.ts')
  const db = openOutboxDatabase(dir)
  const queries = [
    `SELECT * FROM outbox WHERE status IN ('queued', 'sending', 'failed', 'unknown', 'held') ORDER BY seq DESC LIMIT -1`,
    `SELECT * FROM outbox WHERE status IN ('sent') ORDER BY seq DESC LIMIT 200`,
    `SELECT * FROM outbox WHERE status IN ('discarded') ORDER BY seq DESC LIMIT 200`
  ]
  let started = performance.now()
  const rows = queries.flatMap((sql) => db.prepare(sql).all() as unknown as Parameters<typeof rowToItem>[0][])
  const sqlMs = performance.now() - started
  started = performance.now()
  for (const row of rows) rowToItem(row)
  const rowsMs = performance.now() - started
  db.close()
  return { sqlMs, rowsMs, rows: rows.length }
}
