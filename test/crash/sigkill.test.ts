import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutboxItem } from '../../src-main/core/index.ts'
import { markOf } from '../../src-main/shared/roster-schemas.ts'
import { OUTBOX_STATUSES } from '../../src-main/shared/outbox-status.ts'
import type { AltegioSimulator, SimRecord } from '../simulator/altegio-simulator.ts'
import { EVENT_ID, LOCATION_ID, openDesk, startSimulator, tempDir } from '../support/desk-fixtures.ts'
import { bundleCoreChild } from './child-bundle.ts'
import { CoreChild, killAllChildren, type ChildLaunch } from './core-child-handle.ts'
import type { ChildBooking, ChildLookUp, ChildStep } from './core-child.ts'
import { CrashLedger } from './crash-ledger.ts'
import { EXPECTED_REFUSALS, IntentLedger, nextAction } from './intent-ledger.ts'
import { AFTER_SUBMITS, MID_ACTION, TRIGGER_CYCLE, type Trigger } from './kill-triggers.ts'

/** Desks killed side by side, each on its own data folder and class, all against one simulator. */
const LANES = 2
/** Kills in all, shared out between the lanes; `CRASH_ROUNDS` overrides. */
const ROUNDS = roundsFromEnv(process.env.CRASH_ROUNDS, 200)
const BOOKINGS_PER_ROUND = 3
/** Marks and cancellations per round on bookings of earlier rounds, besides marking the round's first client arrived. */
const ACTIONS_PER_ROUND = 2
/** Each lane's class: tomorrow at noon (UTC), so it has not started and no day boundary is near. */
const LANE_EVENT_BASE = EVENT_ID + 100
/** Server-side think time per create: long enough for kills to land while a request is in flight. */
const USUAL_DELAY_MS = { min: 0, max: 150 }
/**
 * Every 5th create is slow, slower than a child takes to restart and look it up: a core that looked
 * bookings up too soon after a crash would find it absent, send it again, and the slow one would land too.
 */
const SLOW_EVERY = 5
const SLOW_DELAY_MS = { min: 350, max: 550 }
const MAX_DELAY_MS = SLOW_DELAY_MS.max
/** Server-side think time per read, so kills land in the middle of a lookup too. */
const MAX_READ_DELAY_MS = 40
/** Every 7th create request (and every 7th change of a record) is answered 503, so retries (which are allowed) happen too. */
const UNAVAILABLE_EVERY = 7
/**
 * Lookups wait this long after a request left: past the slowest server answer by a wide margin, so a
 * request a kill cut off has been stored (or certainly not) before a lookup trusts what it sees.
 */
const LOOK_UP: ChildLookUp = { afterMs: MAX_DELAY_MS + 450, clockSkewMs: 1_000, retryBaseMs: 100, retryMaxMs: 1_000 }
/**
 * Bounds on every wait, so a hung child fails the test instead of hanging it: wide, because on a busy
 * 2-core machine a child's start-up and the look-ups ahead of its first send take seconds.
 */
const LINE_TIMEOUT_MS = 30_000
/**
 * The kills strand a backlog (a child dies long before it works through its lane's queue), and one
 * class's bookings go one at a time: the drain takes about 20 s after 200 rounds here, so allow plenty.
 */
const DRAIN_TIMEOUT_MS = 30_000 + ROUNDS * 400
const EXIT_TIMEOUT_MS = 5_000
const ALL_STATUSES = [...OUTBOX_STATUSES]

function roundsFromEnv(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback
  const rounds = Number(text)
  if (!Number.isInteger(rounds) || rounds < LANES) throw new Error(`CRASH_ROUNDS must be a whole number of at least ${LANES}, got "${text}"`)
  return rounds
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A unique client per booking: the email tells records apart, the phone keeps simulator clients apart. */
function bookingFor(lane: number, round: number, index: number): ChildBooking {
  const n = round * BOOKINGS_PER_ROUND + index
  return { email: `crash.l${lane}.r${round}.b${index}@example.com`, phone: `+4479${11 + lane}${String(n).padStart(6, '0')}` }
}


const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

describe('SIGKILL while the core submits, delivers and looks up bookings, marks and cancellations', () => {
  const folders = Array.from({ length: LANES }, () => tempDir('front-desk-crash-'))
  const compileCache = tempDir('front-desk-crash-cache-')
  const bundle = tempDir('front-desk-crash-bundle-')
  const launch: ChildLaunch = { compileCache: compileCache.path }
  let bundleMs = 0
  let sim: AltegioSimulator
  const classAt = new Date(Date.now() + 86_400_000)
  classAt.setUTCHours(12, 0, 0, 0)
  const day = classAt.toISOString().slice(0, 10)

  beforeAll(async () => {
    // One bundle per run, so each of the hundreds of children starts in a fraction of the time.
    const bundleStart = performance.now()
    launch.script = await bundleCoreChild(bundle.path)
    bundleMs = performance.now() - bundleStart
    sim = await startSimulator(100_000)
    for (let lane = 0; lane < LANES; lane++) {
      sim.addEvent({ locationId: LOCATION_ID, id: LANE_EVENT_BASE + lane, date: classAt, capacity: 100_000, title: 'Yoga' })
    }
    const slowOrUnavailable = ({ requestNumber }: { requestNumber: number }) => {
      if (requestNumber % UNAVAILABLE_EVERY === 0) return { kind: 'status', status: 503 } as const
      const { min, max } = requestNumber % SLOW_EVERY === 0 ? SLOW_DELAY_MS : USUAL_DELAY_MS
      return { kind: 'delay', ms: min + Math.floor(Math.random() * (max - min + 1)) } as const
    }
    sim.setFaultPolicy(slowOrUnavailable)
    sim.setChangeFaultPolicy(slowOrUnavailable)
    sim.setReadFaultPolicy(() => ({ kind: 'delay', ms: Math.floor(Math.random() * (MAX_READ_DELAY_MS + 1)) }))
  })

  afterAll(async () => {
    await killAllChildren()
    await sim?.stop()
    for (const folder of folders) folder.remove()
    compileCache.remove()
    bundle.remove()
  })

  it(`creates one record per durable booking, and leaves each as staff last marked or cancelled it, through ${ROUNDS} kills`, { timeout: ROUNDS * 2_000 + 90_000 }, async () => {
    const startedAt = performance.now()
    const ledger = new CrashLedger()
    const intents = new IntentLedger()
    const argsOf = (lane: number): string[] => [
      ...['--data-dir', folders[lane]!.path, '--api', sim.baseUrl, '--day', day],
      ...['--event-id', String(LANE_EVENT_BASE + lane), '--look-up', JSON.stringify(LOOK_UP)]
    ]
    /** Each lane's bookings the core called durable, by email, for later rounds to mark and cancel. */
    const durableOf = Array.from({ length: LANES }, () => new Map<string, string>())
    /** Each lane's bookings a child saw sent (outbox ids): Altegio has them, so the desk takes a cancellation. */
    const sentOf = Array.from({ length: LANES }, () => new Set<string>())
    /**
     * Staff's steps for a round: its bookings, its first client marked arrived, and actions on earlier
     * bookings. A round killed at its last action first cancels a booking the desk cannot refuse to
     * cancel (sent, never marked arrived), so cancellations certainly take effect in some rounds.
     */
    const stepsOf = (lane: number, bookings: ChildBooking[], trigger: Trigger): ChildStep[] => {
      const earlier = [...durableOf[lane]!].filter(([email]) => !intents.cancelAsked.has(email))
      const steps: ChildStep[] = [...bookings]
      steps.splice(1, 0, { do: 'mark', email: bookings[0]!.email, mark: 'arrived' })
      const sure = trigger === MID_ACTION ? earlier.findIndex(([email, id]) => sentOf[lane]!.has(id) && !intents.expected(email).marks.has('arrived')) : -1
      if (sure >= 0) {
        const [email, bookingId] = earlier.splice(sure, 1)[0]!
        steps.push({ do: 'cancel', email, bookingId })
      }
      while (steps.length < bookings.length + 1 + ACTIONS_PER_ROUND && earlier.length > 0) {
        const [email, bookingId] = earlier.splice(Math.floor(Math.random() * earlier.length), 1)[0]!
        steps.push(nextAction(email, bookingId, intents, Math.random))
      }
      return steps
    }
    /** Set when a lane failed, so the other lanes stop starting children. */
    let stopped = false

    /** One child on the lane's folder: submits this round's bookings and is killed when `trigger` says. */
    const killedRound = async (lane: number, round: number, trigger: Trigger): Promise<ChildBooking[]> => {
      const bookings = Array.from({ length: BOOKINGS_PER_ROUND }, (_, index) => bookingFor(lane, round, index))
      for (const { email } of bookings) ledger.submitted.set(email, lane)
      const spawnedAt = performance.now()
      const steps = stepsOf(lane, bookings, trigger)
      const child = new CoreChild([...argsOf(lane), '--submit', JSON.stringify(steps)], launch)
      void child.waitForLine((line) => line === 'ready', LINE_TIMEOUT_MS).then((ready) => {
        if (ready) ledger.startupMs.push(performance.now() - spawnedAt)
      })
      const lastAction = steps.findLast((step) => 'do' in step)!
      const seen = await trigger.wait(child, { lastBooking: bookings.at(-1)!.email, lastAction: lastAction.email }, LINE_TIMEOUT_MS)
      await sleep(Math.random() * trigger.jitterMs)
      await child.kill()
      ledger.read(child.lines, child.diedOfOurKill)
      intents.read(child.lines)
      for (const line of child.lines) {
        const [word, id, rest] = line.split(' ')
        if (word === 'durable') durableOf[lane]!.set(rest!, id!) // durable <id> <email>
        if (word === 'change' && rest === 'sent') sentOf[lane]!.add(id!) // change <id> sent <recordId>
      }
      const where = `lane ${lane} round ${round} (${trigger.name})`
      expect(seen, `${where}: no trigger line; last lines: ${child.lines.slice(-5).join(' | ')}; stderr: ${child.stderr}`).toBeDefined()
      expect(child.diedOfOurKill, `${where}: the child ended on its own; stderr: ${child.stderr}`).toBe(true)
      return bookings
    }
    const eachLane = async (work: (lane: number) => Promise<void>): Promise<void> => {
      await Promise.all(
        Array.from({ length: LANES }, (_, lane) =>
          work(lane).catch((error: unknown) => {
            stopped = true
            throw error
          })
        )
      )
    }

    await eachLane(async (lane) => {
      for (let round = lane, nth = 0; round < ROUNDS && !stopped; round += LANES, nth++) {
        await killedRound(lane, round, TRIGGER_CYCLE[(nth + lane) % TRIGGER_CYCLE.length]!)
      }
    })
    const killsMs = performance.now() - startedAt

    // A last round per lane with Altegio unreachable: connection refused means certainly not sent, so each
    // booking goes back to the queue, and the kill strands durable bookings that no request ever carried.
    await sim.stop()
    const offline: ChildBooking[] = []
    await eachLane(async (lane) => void offline.push(...(await killedRound(lane, ROUNDS + lane, AFTER_SUBMITS))))
    await sim.restart()
    const offlineMs = performance.now() - startedAt - killsMs

    // A fresh process per lane delivers and looks up whatever the kills left, then shuts down cleanly.
    const queuedAtDrain = new Set<string>()
    await eachLane(async (lane) => {
      const drainer = new CoreChild([...argsOf(lane), '--drain'], launch)
      const drained = await drainer.waitForLine((line) => line === 'drained', DRAIN_TIMEOUT_MS)
      const exit = await Promise.race([drainer.exited, sleep(EXIT_TIMEOUT_MS).then(() => undefined)])
      await drainer.kill()
      ledger.read(drainer.lines, false)
      for (const line of drainer.lines) if (line.startsWith('start queued ')) queuedAtDrain.add(line.split(' ')[2]!)
      const tail = `last lines: ${drainer.lines.slice(-8).join(' | ')}; stderr: ${drainer.stderr}`
      expect(drained, `lane ${lane}: the drain did not settle every booking within ${DRAIN_TIMEOUT_MS} ms; ${tail}`).toBeDefined()
      expect(exit, `lane ${lane}: the drain child did not exit cleanly after close(); ${tail}`).toEqual({ code: 0, signal: null })
    })

    const drainMs = performance.now() - startedAt - killsMs - offlineMs

    // Any request a kill cut off would still be stored when its server delay ends: wait that out too.
    await sleep(MAX_DELAY_MS + 100)
    const rows: (OutboxItem & { lane: number })[] = []
    for (let lane = 0; lane < LANES; lane++) {
      const desk = await openDesk(undefined, { dataDir: folders[lane]!.path })
      try {
        rows.push(...(await desk.listBookings({ statuses: ALL_STATUSES })).map((item) => ({ ...item, lane })))
      } finally {
        await desk.close()
      }
    }
    const items = rows.filter((row) => (row.kind ?? 'booking') === 'booking')
    const actions = rows.filter((row) => row.kind === 'mark' || row.kind === 'cancel')
    const records = sim.records()

    // The outbox holds only bookings we submitted, each once, in the lane that submitted it.
    const byEmail = new Map(items.map((item) => [item.request.client.email, item]))
    expect(byEmail.size, 'one outbox item per booking').toBe(items.length)
    for (const item of items) {
      expect(ledger.submitted.get(item.request.client.email), `outbox of lane ${item.lane} holds ${item.request.client.email}`).toBe(item.lane)
      expect(item.eventId).toBe(LANE_EVENT_BASE + item.lane)
    }

    // 1. Nothing durable is lost, and everything ends sent: with valid tokens, no 4xx and every lookup
    // able to tell, queued, sending, unknown, failed or held would each be a bug.
    for (const [email, id] of ledger.durable) expect(byEmail.get(email)?.id, `durable booking ${email} is missing from the outbox`).toBe(id)
    for (const item of items) {
      expect(item.status, `${item.request.client.email} ended ${item.status}: ${item.error?.message ?? ''}`).toBe('sent')
    }

    // 2. Exactly one record per booking in the outbox, and it is the record the outbox names. A booking
    // whose submit a kill cut short is either not in the outbox (and then never sent: no record) or was
    // on disk already (and then it is held to the same rule as any durable one).
    const recordsByEmail = new Map<string, SimRecord[]>()
    for (const record of records) recordsByEmail.set(record.client.email, [...(recordsByEmail.get(record.client.email) ?? []), record])
    for (const item of items) {
      const own = recordsByEmail.get(item.request.client.email) ?? []
      expect(own.map((record) => String(record.id)), `records of ${item.request.client.email}`).toEqual([item.recordId])
      expect(own[0]?.eventId).toBe(item.eventId)
    }
    for (const email of recordsByEmail.keys()) expect(byEmail.has(email), `a record for ${email}, which no outbox holds`).toBe(true)
    const cutShortOnDisk = [...ledger.submitted.keys()].filter((email) => !ledger.durable.has(email) && byEmail.has(email))
    expect(records.length).toBe(items.length)

    // 3. Each record is as staff last left it: the attendance of the last mark they made (or one a kill cut
    // short after it, which may or may not have been on disk), deleted only if they cancelled it, and every
    // mark and cancellation settled without waiting for staff: nobody else changed these records.
    for (const item of items) {
      const email = item.request.client.email
      const record = recordsByEmail.get(email)![0]!
      const expected = intents.expected(email)
      const what = `${email}: Altegio holds ${record.deleted ? 'it deleted' : markOf(record.attendance)}; staff last asked for ${[...expected.marks].join(' or ')}, cancelled: ${expected.cancelled}`
      expect(IntentLedger.matches(expected, record), what).toBe(true)
    }
    const unsettled = actions.filter((row) => row.status !== 'sent' && !(row.status === 'discarded' && row.error?.message === 'mark_undone'))
    expect(unsettled.map((row) => `${row.kind} ${row.status}: ${row.error?.message ?? ''}${row.conflict ? ` (conflict: ${row.conflict.found})` : ''}`)).toEqual([])
    expect([...intents.refusals.keys()].filter((reason) => !EXPECTED_REFUSALS.has(reason)), 'refusals staff would not meet').toEqual([])

    // 4. The drain delivered what the kills stranded: the offline rounds' bookings, all but the one a kill
    // may have caught sending (which becomes unknown), were still queued when it started.
    const offlineQueued = offline.filter(({ email }) => queuedAtDrain.has(ledger.durable.get(email) ?? ''))
    expect(offlineQueued.length, 'bookings of the offline rounds still queued at the drain').toBeGreaterThanOrEqual(LANES * (BOOKINGS_PER_ROUND - 1))
    expect(ledger.sendingAtStart, 'a restarted core still had bookings in sending before delivering').toBe(0)

    const totalMs = performance.now() - startedAt
    console.log(
      `crash test: ${ROUNDS} rounds + ${LANES} offline in ${LANES} lanes, ${Math.round(totalMs)} ms ` +
        `(bundle ${Math.round(bundleMs)} ms, kills ${Math.round(killsMs)} ms = ${Math.round((killsMs * LANES) / ROUNDS)} ms a round per lane, ` +
        `offline ${Math.round(offlineMs)} ms, drain ${Math.round(drainMs)} ms, child start-up median ` +
        `${Math.round(median(ledger.startupMs))} ms); ${ledger.submitted.size} submitted, ${ledger.durable.size} durable ` +
        `(+${cutShortOnDisk.length} cut short but on disk), ${items.filter((item) => item.status === 'sent').length} sent; ` +
        `lookups: ${ledger.verdicts.found} found, ${ledger.verdicts.absent} absent and resent, ${ledger.verdicts.unclear} unclear; ` +
        `${ledger.killsMidSend} kills mid-send (${ledger.recoveredByStartup} found sending at start-up), ` +
        `${ledger.killsMidLookup} kills mid-lookup; ${records.length} records; marks and cancellations ${JSON.stringify(intents.counts())}, ` +
        `refused ${JSON.stringify(Object.fromEntries(intents.refusals))}; ${records.filter((r) => r.attendance === 1 && !r.deleted).length} arrived, ` +
        `${records.filter((r) => r.deleted).length} cancelled; ${actions.filter((row) => row.status === 'sent').length} actions sent`
    )

    // 5. Not vacuous: kills landed mid-request and mid-lookup, lookups found bookings both ways, and
    // staff's marks and cancellations took effect in Altegio.
    expect(ledger.recoveredByStartup, 'no kill left a booking sending').toBeGreaterThan(0)
    expect(ledger.killsMidLookup, 'no kill landed during a lookup').toBeGreaterThan(0)
    expect(ledger.verdicts.found, 'no lookup found a booking Altegio had').toBeGreaterThan(0)
    expect(ledger.verdicts.absent, 'no lookup found a booking absent, to be sent again').toBeGreaterThan(0)
    const acted = intents.counts()
    expect(acted['mark done'], 'no mark resolved').toBeGreaterThan(0)
    expect(acted['cancel done'], 'no cancellation resolved').toBeGreaterThan(0)
    expect(records.filter((record) => record.attendance === 1 && !record.deleted).length, 'no record marked arrived').toBeGreaterThan(0)
    expect(records.filter((record) => record.deleted).length, 'no record cancelled').toBeGreaterThan(0)
  })
})
