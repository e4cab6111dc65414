import { eventDay, recordsOfDay, type LookupContext } from '../altegio/day-records.ts'
import type { OutboxItem } from '../../shared/outbox-item.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import { couldNotCheck, judge, type LookUpPolicy, type Verdict } from './look-up-rules.ts'

/**
 * Looks an `unknown` booking up in Altegio: the event's day, then every record of that day, then
 * `judge`. Two or more calls, each through the rate limiter; never throws for what the network does.
 */
export async function lookUpBooking(
  item: OutboxItem,
  ctx: LookupContext & { store: OutboxTable; policy: LookUpPolicy; now: () => Date }
): Promise<Verdict> {
  const day = await eventDay(ctx, item.locationId, item.eventId)
  if (!day.ok) return couldNotCheck(day.why, day.params, ctx.now())
  const records = await recordsOfDay(ctx, item.locationId, day.value)
  if (!records.ok) return couldNotCheck(records.why, records.params, ctx.now())
  const claimed = ctx.store.claimedRecordIds(records.value.map((record) => record.recordId))
  return judge(item, records.value, claimed, ctx.policy, ctx.now())
}
