import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutboxItem } from '../../src-main/core/index.ts'
import type { AltegioSimulator, SimRequest } from '../simulator/altegio-simulator.ts'
import { openDesk, startSimulator, tempDir } from '../support/desk-fixtures.ts'
import { bundleCoreChild } from './child-bundle.ts'
import { CoreChild, killAllChildren, type ChildLaunch } from './core-child-handle.ts'
import type { ChildBooking } from './core-child.ts'
import { CrashLedger } from './crash-ledger.ts'

const ROUNDS = 16
const BOOKINGS_PER_ROUND = 3
/** Server-side think time per request: long enough for kills to land while a request is in flight. */
const MAX_DELAY_MS = 150
/** Every 7th create request is answered 503, so retries (which are allowed) happen too. */
const UNAVAILABLE_EVERY = 7
/** Bounds on every wait, so a hung child fails the test instead of hanging it. */
const LINE_TIMEOUT_MS = 5_000
const DRAIN_TIMEOUT_MS = 15_000

/**
 * Where each round's kill lands: after start-up (during submits or the first sends), shortly after a
 * request left (mid-request most of the time), or just after the last submit (with bookings still queued).
 */
const TRIGGERS = [
  { name: 'ready', jitterMs: 250, matches: (line: string) => line === 'ready' },
  { name: 'first sending', jitterMs: 60, matches: (line: string) => / sending /.test(line) && line.startsWith('change ') },
  { name: 'last durable', jitterMs: 30, matches: (line: string, lastEmail: string) => line.startsWith('durable ') && line.endsWith(` ${lastEmail}`) }
] as const
type Trigger = (typeof TRIGGERS)[number]

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A unique client per booking: the email tells records apart, the phone keeps simulator clients apart. */
function bookingFor(round: number, index: number): ChildBooking {
  const n = round * BOOKINGS_PER_ROUND + index
  return { email: `crash.r${round}.b${index}@example.com`, phone: `+447911${String(100000 + n)}` }
}

function emailOf(request: SimRequest): string | undefined {
  const body = request.body as { client?: { email?: unknown } } | undefined
  return typeof body?.client?.email === 'string' ? body.client.email : undefined
}

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return counts
}

describe('SIGKILL while the core delivers', () => {
  const folder = tempDir('front-desk-crash-')
  const compileCache = tempDir('front-desk-crash-cache-')
  const bundle = tempDir('front-desk-crash-bundle-')
  const launch: ChildLaunch = { compileCache: compileCache.path }
  let sim: AltegioSimulator

  beforeAll(async () => {
    // One bundle per run, so each child starts in a fraction of the time.
    launch.script = await bundleCoreChild(bundle.path)
    sim = await startSimulator(10_000)
    sim.setFaultPolicy(({ requestNumber }) =>
      requestNumber % UNAVAILABLE_EVERY === 0
        ? { kind: 'status', status: 503 }
        : { kind: 'delay', ms: Math.floor(Math.random() * (MAX_DELAY_MS + 1)) }
    )
  })

  afterAll(async () => {
    await killAllChildren()
    await sim?.stop()
    folder.remove()
    compileCache.remove()
    bundle.remove()
  })

  it('loses no durable booking and creates none twice', { timeout: 60_000 }, async () => {
    const startedAt = Date.now()
    const ledger = new CrashLedger()
    const args = ['--data-dir', folder.path, '--api', sim.baseUrl]

    /** One child on the shared folder: submits this round's bookings and is killed when `trigger` says. */
    const killedRound = async (round: number, trigger: Trigger): Promise<ChildBooking[]> => {
      const bookings = Array.from({ length: BOOKINGS_PER_ROUND }, (_, index) => bookingFor(round, index))
      for (const { email } of bookings) ledger.submitted.set(email, round)
      const lastEmail = bookings.at(-1)!.email
      const child = new CoreChild([...args, '--submit', JSON.stringify(bookings)], launch)
      const seen = await child.waitForLine((line) => trigger.matches(line, lastEmail), LINE_TIMEOUT_MS)
      await sleep(Math.random() * trigger.jitterMs)
      await child.kill()
      ledger.read(child.lines)
      expect(seen, `round ${round}: no "${trigger.name}" line; stderr: ${child.stderr}`).toBeDefined()
      expect(child.diedOfOurKill, `round ${round}: the child ended on its own; stderr: ${child.stderr}`).toBe(true)
      return bookings
    }

    for (let round = 0; round < ROUNDS; round++) await killedRound(round, TRIGGERS[round % TRIGGERS.length]!)

    // A last round with Altegio unreachable: connection refused means certainly not sent, so each booking
    // goes back to the queue, and the kill strands durable bookings that no request ever carried.
    await sim.stop()
    const offline = await killedRound(ROUNDS, TRIGGERS[2])
    await sim.restart()

    // A fresh process delivers whatever the kills left queued, then shuts down cleanly.
    const drainer = new CoreChild([...args, '--drain'], launch)
    const drained = await drainer.waitForLine((line) => line === 'drained', DRAIN_TIMEOUT_MS)
    const exit = await Promise.race([drainer.exited, sleep(LINE_TIMEOUT_MS).then(() => undefined)])
    ledger.read(drainer.lines)
    expect(drained, `the drain did not finish; stderr: ${drainer.stderr}`).toBeDefined()
    expect(exit, `the drain child did not exit after close(); stderr: ${drainer.stderr}`).toEqual({ code: 0, signal: null })
    const queuedAtDrain = new Set(drainer.lines.filter((line) => line.startsWith('start queued ')).map((line) => line.split(' ')[2]!))

    // A request cut off by a kill is still stored by the simulator when its delay ends.
    await sleep(MAX_DELAY_MS + 100)
    const desk = await openDesk(undefined, { dataDir: folder.path })
    let items: OutboxItem[]
    try {
      items = await desk.listBookings()
    } finally {
      await desk.close()
    }
    const records = sim.records()
    const requests = sim.requests().filter((request) => request.method === 'POST')

    const byEmail = new Map(items.map((item) => [item.request.client.email, item]))
    expect(byEmail.size, 'one outbox item per submitted booking').toBe(items.length)
    for (const email of byEmail.keys()) expect(ledger.submitted.has(email), `outbox holds ${email}, never submitted`).toBe(true)

    // 1. Nothing durable is lost. Everything ends `sent`, or `unknown` when it may have reached Altegio:
    // with valid tokens, no 4xx and the drain finished, `queued`, `failed` or `held` would each be a bug.
    // A booking whose submit the kill cut short may or may not be there; if it is, the same rules hold.
    for (const [email, id] of ledger.durable) {
      const item = byEmail.get(email)
      expect(item?.id, `durable booking ${email} is missing from the outbox`).toBe(id)
    }
    for (const item of items) {
      expect(['sent', 'unknown'], `${item.request.client.email} ended ${item.status}`).toContain(item.status)
      expect(item.attempts, `${item.request.client.email} ended ${item.status} without an attempt`).toBeGreaterThanOrEqual(1)
      if (item.status === 'sent') expect(item.recordId).toBeDefined()
    }
    // What the kills left queued, the drain delivered: the offline round's bookings at least (requests go
    // one at a time, so at most one of them can have been caught `sending` and become unknown).
    for (const id of queuedAtDrain) {
      expect(items.find((item) => item.id === id)?.status, `booking ${id} was queued when the drain started`).toBe('sent')
    }
    const offlineQueued = offline.filter(({ email }) => queuedAtDrain.has(ledger.durable.get(email) ?? ''))
    expect(offlineQueued.length, 'bookings of the offline round still queued at the drain').toBeGreaterThanOrEqual(BOOKINGS_PER_ROUND - 1)

    expect(ledger.sendingAtStart, 'a restarted core still had bookings in sending before delivering').toBe(0)

    // 2. Nothing is created twice, nor even sent again after an attempt that may have arrived.
    const recordsPerEmail = countBy(records.map((record) => record.client.email))
    for (const [email, n] of recordsPerEmail) {
      expect(n, `${email} was booked ${n} times`).toBe(1)
      expect(byEmail.has(email), `a record for ${email}, which the outbox does not know`).toBe(true)
    }
    const possiblyArrived = countBy(requests.filter((request) => request.fault !== 'status').map(emailOf))
    for (const [email, n] of possiblyArrived) {
      if (email !== undefined) expect(n, `${email} was sent ${n} times without a 503 between`).toBe(1)
    }
    for (const item of items.filter((item) => item.status === 'sent')) {
      const matching = records.filter((record) => String(record.id) === item.recordId)
      expect(matching.map((record) => record.client.email), `record ${item.recordId}`).toEqual([item.request.client.email])
    }

    // 3. Not vacuous: kills did land mid-request and before delivery, and plenty went through.
    const sent = items.filter((item) => item.status === 'sent')
    const unknown = items.filter((item) => item.status === 'unknown')
    const unknownAfterKill = unknown.filter((item) => /app stopped while this booking was being sent/.test(item.error?.message ?? ''))
    expect(unknownAfterKill.length, 'no kill landed while a booking was sending').toBeGreaterThan(0)
    expect(sent.length).toBeGreaterThan(0)

    console.log(
      `crash test: ${ROUNDS} rounds + 1 offline in ${Date.now() - startedAt} ms; ${ledger.submitted.size} submitted, ` +
        `${ledger.durable.size} reported durable, ${items.length} in the outbox: ${sent.length} sent, ` +
        `${unknown.length} unknown (${unknownAfterKill.length} found sending at start-up, ` +
        `${ledger.unknownWhileRunning.size} timed out); ${ledger.leftQueued.size} left queued by a kill (${queuedAtDrain.size} until the drain); ` +
        `${ledger.killsSeenMidSend} kills seen mid-send; ${records.length} simulator records ` +
        `(${unknown.filter((item) => recordsPerEmail.has(item.request.client.email)).length} of them for unknown bookings); ` +
        `${requests.length} create requests, ${requests.filter((r) => r.fault === 'status').length} answered 503`
    )
  })
})
