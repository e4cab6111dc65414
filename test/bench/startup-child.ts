/**
 * One start-up of the core in a fresh process, as the app's main process does it, for startup.ts.
 *
 *   node test/bench/startup-child.ts --data-dir DIR [--via-router] [--split-list]
 *
 * Prints one JSON line: the core's import time, createFrontDesk's time, the window's first
 * listBookings() and deliveryStatus(), and memory once started. Closes the core before any delivery
 * pass can run, so the outbox it was given is left as it was.
 *
 * With --via-router the first list is asked as the window asks it: through the IPC router, its input
 * and its answer checked against the contract.
 *
 * With --split-list the first list's rows are read and opened by hand instead, as the store does it,
 * timing the SQL, the AES-GCM opening and the schema checks apart: where start-up's list time goes.
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { STARTUP_API_BASE } from './bench-address.ts'
import type { OutboxPage } from '../../src-main/shared/outbox-item.ts'

const bootMs = performance.now()
const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'split-list': { type: 'boolean', default: false }, 'via-router': { type: 'boolean', default: false } }
})
const dataDir = values['data-dir']
if (!dataDir) {
  process.stderr.write('usage: startup-child.ts --data-dir DIR\n')
  process.exit(64)
}
setTimeout(() => process.exit(70), 30_000).unref()

const memoryBefore = process.memoryUsage()
let t = performance.now()
const { createFrontDesk, singleDesk } = await import('../../src-main/core/index.ts')
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
  apiBaseUrl: STARTUP_API_BASE,
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

const { createIpcRouter } = await import('../../src-main/ipc/router.ts')
const { OUTBOX_PAGE_MAX } = await import('../../src-main/shared/outbox-item.ts')
const router = createIpcRouter(singleDesk(desk))
t = performance.now()
let listCount: number
if (values['via-router']) {
  // Every page, as the window reads them: the first and the rest at the contract's largest.
  listCount = 0
  for (let before: number | null | undefined; before !== null; ) {
    const answer = await router.handle('outbox:list', { ...(before === undefined ? {} : { before }), limit: OUTBOX_PAGE_MAX }, { trustedSender: true })
    if (!answer.ok) throw new Error(`outbox:list refused: ${answer.error.message}`)
    const page = answer.value as OutboxPage
    listCount += page.items.length
    before = page.next
  }
} else listCount = (await desk.listBookings()).length
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
    listCount,
    statusMs,
    secondListMs,
    rssBefore: memoryBefore.rss,
    rssStarted: memoryStarted.rss,
    heapStarted: memoryStarted.heapUsed,
    rssListed: memoryListed.rss,
    heapListed: memoryListed.heapUsed
  })}\n`
)

/** The rows of the first list read, opened and checked by hand, each step timed on first use. */
async function splitFirstList(dir: string): Promise<{ sqlMs: number; unsealMs: number; rowsMs: number; rows: number }> {
  const { openOutboxDatabase } = await import('../../src-main/core/outbox/database.ts')
  const { rowToItem } = await import('../../src-main/core/outbox/outbox-row.ts')
  const { RecordCipher } = await import('../../src-main/core/secrets/record-cipher.ts')
  const cipher = new RecordCipher(Buffer.from(tokens.get('outbox-data-key')!, 'base64'))
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
  const open = (value: string | null, id: string, column: string): string | null => (value === null ? null : (cipher.open(value, id, column) as string))
  const opened = rows.map((row) => ({
    ...row,
    request: open(row.request, row.id, 'outbox.request')!,
    error: open(row.error, row.id, 'outbox.error'),
    last_look_up: open(row.last_look_up, row.id, 'outbox.reconciliation')
  }))
  const unsealMs = performance.now() - started
  started = performance.now()
  const parsed = opened.filter((row) => rowToItem(row) !== undefined).length
  const rowsMs = performance.now() - started
  db.close()
  if (parsed !== rows.length) throw new Error(`${rows.length - parsed} of ${rows.length} rows did not parse`)
  return { sqlMs, unsealMs, rowsMs, rows: rows.length }
}
