import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { OutboxItem } from '../../src-main/core/index.ts'
import { OUTBOX_STATUSES } from '../../src-main/shared/outbox-status.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { openDesk } from '../support/desk-fixtures.ts'
import type { AltegioAtCut } from './altegio-at-cut.ts'

/** What one cut found when the desk was reopened on the disk it left and let finish. */
export interface CutOutcome {
  /** Bookings whose submit had resolved before the cut. */
  acknowledged: number
  /** Of those, missing from the outbox at reopen; plus records in Altegio no outbox row names. */
  lost: string[]
  /** Bookings with more than one record in Altegio once the reopened desk had finished. */
  duplicated: string[]
  /** Bookings Altegio may have held at the cut that reopened `queued`, to be sent again without a look-up. */
  resentBlind: string[]
  /** Statuses at reopen (after start-up's recovery) of the bookings Altegio may have held. */
  mayHoldStatuses: string[]
  /** Anything else wrong: a desk that did not open, refused rows or settings, a booking left unsettled. */
  problems: string[]
  /** Bookings marked `sent` before the cut that reopened `unknown`: the mark was lost with the power. */
  sentMarksLost: number
  /** Look-up verdicts the reopened desk logged. */
  lookups: { found: number; absent: number }
}

const SETTLED_WAIT_PASSES = 60
const ALL_STATUSES = [...OUTBOX_STATUSES]

/**
 * Writes `files` into a fresh folder, opens the desk there against `sim` rewound to Altegio's records at
 * the cut, checks what start-up shows, then delivers and looks up until every booking is settled and
 * checks Altegio's records. `settingsAt` are the settings whose save had resolved before the cut.
 */
export async function reopenAfterCut(input: {
  dir: string
  files: ReadonlyMap<string, Buffer>
  cut: number
  altegio: AltegioAtCut
  sim: AltegioSimulator
  settingsAt: ReadonlyMap<string, number>
  /** A class whose roster staff had read (and the desk saved, sealed) before the cut. */
  rosterSaved: { locationId: number; eventId: number } | undefined
  /** Bookings staff had moved before the cut (email → class). */
  movedAt: ReadonlyMap<string, number>
}): Promise<CutOutcome> {
  const { dir, files, cut, altegio, sim } = input
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes, { mode: 0o600 })
  sim.replaceRecords(altegio.recordsAt(cut))
  sim.clearRequests()

  const outcome: CutOutcome = { acknowledged: 0, lost: [], duplicated: [], resentBlind: [], mayHoldStatuses: [], sentMarksLost: 0, problems: [], lookups: { found: 0, absent: 0 } }
  const log: string[] = []
  let desk: Awaited<ReturnType<typeof openDesk>>
  try {
    desk = await openDesk(sim, {
      dataDir: dir,
      log: (line) => void log.push(line),
      rateLimit: { perSecond: 10_000, perMinute: 600_000 },
      backoff: { baseMs: 1, maxMs: 5 },
      // Altegio is still at the reopen: nothing left in flight can land later, so look up at once.
      lookUp: { afterMs: 0, clockSkewMs: 1_000, retryBaseMs: 1, retryMaxMs: 5 }
    })
  } catch (error) {
    outcome.problems.push(`the desk did not open: ${error instanceof Error ? error.message : String(error)}`)
    rmSync(dir, { recursive: true, force: true })
    return outcome
  }
  try {
    const atStart = await desk.listBookings({ statuses: ALL_STATUSES })
    const byEmail = new Map(atStart.map((item) => [item.request.client.email, item]))
    for (const [email, index] of altegio.durable) {
      if (index >= cut) continue
      outcome.acknowledged += 1
      if (!byEmail.has(email)) outcome.lost.push(email)
    }
    for (const email of altegio.mayHoldAt(cut)) {
      const item = byEmail.get(email)
      if (!item) continue
      outcome.mayHoldStatuses.push(item.status)
      if (item.status === 'queued') outcome.resentBlind.push(email)
    }
    for (const [email, eventId] of input.movedAt) {
      const item = byEmail.get(email)
      if (item && item.eventId !== eventId) outcome.problems.push(`${email}, moved to class ${eventId} before the cut, reopened in ${item.eventId}`)
    }
    for (const email of altegio.sentBefore(cut)) if (byEmail.get(email)?.status === 'unknown') outcome.sentMarksLost += 1
    const settings = await desk.getSettings()
    for (const [key, value] of input.settingsAt) {
      if (settings[key as keyof typeof settings] !== value) outcome.problems.push(`setting ${key} saved as ${value} reads ${String(settings[key as keyof typeof settings])}`)
    }

    if (input.rosterSaved) {
      const roster = await desk.classRoster({ ...input.rosterSaved, live: false })
      if (roster.cachedAt === null) outcome.problems.push('the roster saved before the cut does not open')
    }

    const items = await finish(desk, outcome)
    for (const line of log) {
      if (/^refused|^unreadable/.test(line)) outcome.problems.push(`the reopened desk logged: ${line}`)
      const verdict = /looked up in Altegio: (found|absent)$/.exec(line)?.[1] as 'found' | 'absent' | undefined
      if (verdict) outcome.lookups[verdict] += 1
    }
    const records = sim.records().filter((record) => !record.deleted)
    const recordsOf = new Map<string, number>()
    const classOf = new Map<string, number>()
    for (const record of records) {
      recordsOf.set(record.client.email, (recordsOf.get(record.client.email) ?? 0) + 1)
      classOf.set(record.client.email, record.eventId)
    }
    const inOutbox = new Set(items.map((item) => item.request.client.email))
    for (const [email, count] of recordsOf) {
      if (count > 1) outcome.duplicated.push(email)
      if (!inOutbox.has(email) && !outcome.lost.includes(email)) outcome.lost.push(email)
    }
    for (const item of items) {
      if (item.status !== 'sent') outcome.problems.push(`${item.request.client.email} ended ${item.status}`)
      else if ((recordsOf.get(item.request.client.email) ?? 0) === 0) outcome.problems.push(`${item.request.client.email} is sent with no record in Altegio`)
      else if (classOf.get(item.request.client.email) !== item.eventId) outcome.problems.push(`${item.request.client.email} is booked in another class than its own`)
    }
  } finally {
    await desk.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return outcome
}

/** Delivers and looks up until nothing is queued, sending or unknown; returns every booking. */
async function finish(desk: Awaited<ReturnType<typeof openDesk>>, outcome: CutOutcome): Promise<OutboxItem[]> {
  for (let pass = 0; pass < SETTLED_WAIT_PASSES; pass++) {
    const open = await desk.listBookings({ statuses: ['queued', 'sending', 'unknown'], limit: 1 })
    if (open.length === 0) break
    await desk.deliverNow()
    if (pass > 5) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const items = await desk.listBookings({ statuses: ALL_STATUSES })
  if (items.some((item) => ['queued', 'sending', 'unknown'].includes(item.status))) outcome.problems.push('bookings were still unsettled after the reopened desk finished')
  return items
}
