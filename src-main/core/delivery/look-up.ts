import { eventDay, readRecords, type Lookup, type LookupContext, type RecordsQuery } from '../altegio/day-records.ts'
import { routeMissing, type Outcome } from '../altegio/classify-outcome.ts'
import { eventWallClock } from '../altegio/dates.ts'
import { classStanding } from './class-standing.ts'
import { addDays } from '../../shared/location-time.ts'
import type { OutboxItem } from '../../shared/outbox-item.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import { couldNotCheck, judge, lookupWindow, type LookUpPolicy, type Verdict } from './look-up-rules.ts'
import type { AltegioTransport } from '../altegio/transport.ts'
import { lookUpAction } from './action-delivery.ts'
import { writeActionVerdict } from './write-action-outcome.ts'
import { writeVerdict, type OutcomeDeps } from './write-outcome.ts'

export type LookUpContext = LookupContext & { outbox: OutboxTable; policy: LookUpPolicy; now: () => Date }

/** Looks one `unknown` booking up in Altegio; see `lookUpBookings`. */
export async function lookUpBooking(item: OutboxItem, ctx: LookUpContext): Promise<Verdict> {
  return (await lookUpBookings([item], ctx)).get(item.id)!
}

/**
 * Looks `unknown` bookings up in Altegio, each day read once for all of them: one read of that day's
 * records — deleted ones included, narrowed to the days the bookings' records can have been created on,
 * and to their client when they all name the same one — then `judge` for each, oldest first, so two
 * bookings never take the same record. Never throws for what the network does; every item gets a verdict.
 *
 * The day is first the one the class had when staff booked it (the day view's, kept on the booking), which
 * costs no request. "Found" and "unclear" there stand: a record of the class listed on that day proves
 * the class is on it. "Absent" does not, since a class moved to another day has its records there: it
 * stands only once Altegio's own event gives the same day, and is judged again on the day it gives.
 * Bookings without a kept day read their class's day first, one call per class.
 */
export async function lookUpBookings(items: readonly OutboxItem[], ctx: LookUpContext): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>()
  const foundNow = new Set<string>()
  const kept = new Map<string, string>()
  for (const item of items) {
    const day = item.event ? eventWallClock(item.event.startsAt)?.slice(0, 10) : undefined
    if (day) kept.set(item.id, day)
  }
  await judgeOnDays(items.filter((item) => kept.has(item.id)), (item) => kept.get(item.id)!, ctx, verdicts, foundNow)

  const unsure = items.filter((item) => !kept.has(item.id) || verdicts.get(item.id)?.verdict === 'absent')
  // Each event once; the reads go side by side (the rate limiter still paces them).
  const eventKeys = [...new Set(unsure.map((item) => `${item.locationId}/${item.eventId}`))]
  const dayList = await Promise.all(eventKeys.map((key) => eventDay(ctx, Number(key.split('/')[0]), Number(key.split('/')[1]))))
  const days = new Map<string, Lookup<string>>(eventKeys.map((key, n) => [key, dayList[n]!]))
  // The class's day as Altegio gives it, for each booking not yet judged on that day.
  const given = new Map<string, string>()
  for (const item of unsure) {
    const day = days.get(`${item.locationId}/${item.eventId}`)!
    if (!day.ok) verdicts.set(item.id, couldNotCheck(day.why, day.params, ctx.now()))
    else if (day.value !== kept.get(item.id)) given.set(item.id, day.value)
  }
  await judgeOnDays(unsure.filter((item) => given.has(item.id)), (item) => given.get(item.id)!, ctx, verdicts, foundNow)
  return verdicts
}

/** Judges each item against its day's records, each day read once; records found are claimed for the rest. */
async function judgeOnDays(
  items: readonly OutboxItem[],
  dayOf: (item: OutboxItem) => string,
  ctx: LookUpContext,
  verdicts: Map<string, Verdict>,
  foundNow: Set<string>
): Promise<void> {
  const groups = new Map<string, OutboxItem[]>()
  for (const item of items) {
    const groupKey = `${item.locationId}/${dayOf(item)}`
    groups.set(groupKey, [...(groups.get(groupKey) ?? []), item])
  }
  const reads = await Promise.all(
    [...groups].map(async ([key, group]) => ({ group, records: await readRecords(ctx, dayQuery(group, key.slice(key.indexOf('/') + 1), ctx.policy)) }))
  )
  for (const { group, records } of reads) {
    if (!records.ok) {
      for (const item of group) verdicts.set(item.id, couldNotCheck(records.why, records.params, ctx.now()))
      continue
    }
    const claimed = ctx.outbox.claimedRecordIds(records.value.map((record) => record.recordId))
    for (const id of foundNow) claimed.add(id)
    for (const item of [...group].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      const verdict = judge(item, records.value, claimed, ctx.policy, ctx.now())
      if (verdict.verdict === 'found') {
        claimed.add(verdict.recordId)
        foundNow.add(verdict.recordId)
      }
      verdicts.set(item.id, verdict)
    }
  }
}

/**
 * The narrowest documented read that still holds every record `judge` could take for `group`: the
 * event's day; created on the days the bookings' look-up windows touch, widened by a day each side as
 * Altegio does not say in which zone it counts creation days; one client when all name the same one.
 */
export function dayQuery(group: readonly OutboxItem[], day: string, policy: LookUpPolicy): RecordsQuery {
  const windows = group.map((item) => lookupWindow(item, policy))
  const from = new Date(Math.min(...windows.map((w) => w.from))).toISOString().slice(0, 10)
  const until = new Date(Math.max(...windows.map((w) => w.until))).toISOString().slice(0, 10)
  const clients = new Set(group.map((item) => item.request.client.id ?? item.request.client_id))
  const [only] = clients
  return {
    locationId: group[0]!.locationId,
    from: day,
    till: day,
    createdFrom: addDays(from, -1),
    createdTill: addDays(until, 1),
    ...(clients.size === 1 && only !== undefined ? { clientId: only } : {}),
    withDeleted: true
  }
}

/**
 * A create's 404 in Altegio's own words may be about the class or about the create call's address. A
 * class cancelled or deleted is said so; one that stands (or whose day could not be checked) means the
 * address is gone; one that cannot be read at all stays "no such class".
 */
export async function confirmNotFound(item: OutboxItem, outcome: Outcome, ctx: LookupContext): Promise<Outcome> {
  if (outcome.type !== 'failed' || outcome.error.kind !== 'not_found') return outcome
  const standing = await classStanding(ctx, item.locationId, item.eventId)
  if (standing === 'gone') return outcome
  if (standing === 'cancelled') return { type: 'failed', error: { ...outcome.error, message: 'altegio_class_cancelled' } }
  return { type: 'failed', error: routeMissing(outcome.error.status) }
}

export interface LookUpRoundDeps extends OutcomeDeps {
  transport: AltegioTransport
  timeoutMs: number
  emit: (item: OutboxItem) => void
  log: (message: string) => void
}

/**
 * One round of look-ups in Altegio, each verdict on disk as it comes: marks and cancellations by their
 * record, one at a time; bookings together, each day they touch read once for all of them. Found → sent,
 * absent → queued, unclear → looked up later.
 */
export async function lookUpRound(items: readonly OutboxItem[], authorization: string, deps: LookUpRoundDeps): Promise<void> {
  const { outbox, clock, transport, timeoutMs } = deps
  const now = (): Date => clock.now()
  const bookings = items.filter((item) => item.kind === undefined || item.kind === 'booking')
  for (const action of items.filter((item) => !bookings.includes(item))) {
    const verdict = await lookUpAction(action, { transport, authorization, timeoutMs, now })
    const written = writeActionVerdict(deps, action, verdict)
    if (written) deps.emit(written)
    deps.log(`${action.kind} ${action.id}: looked up in Altegio: ${verdict.verdict}`)
  }
  if (bookings.length === 0) return
  const verdicts = await lookUpBookings(bookings, { transport, authorization, outbox, policy: deps.lookUp, now })
  for (const item of bookings) {
    const verdict = verdicts.get(item.id)
    if (!verdict) continue
    const written = writeVerdict(deps, item, verdict)
    if (written) deps.emit(written)
    deps.log(`booking ${item.id}: looked up in Altegio: ${verdict.verdict}`)
  }
}
