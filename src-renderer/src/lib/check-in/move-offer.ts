import { staffActionsOf, type OutboxItem, type RosterEntry } from '../contract.ts'
import { isBeingCancelled, isBooking } from '../booking/class-figures.ts'
import { isWrongClass } from '../status-text.ts'

/**
 * The desk's booking a roster row or a day-search booking may be moved from, or null: one of this desk's
 * bookings that is certainly not in Altegio and either still waiting to go or refused for a full class
 * (or one that is over). Where the outbox offers "Move to another class", the row offers it too; one on
 * its way this instant (sending), held for a sign-in or being checked is not offered it here.
 */
export function movableBooking(
  entry: Pick<RosterEntry, 'bookingId' | 'recordId' | 'pending'>,
  byId: (id: string) => OutboxItem | undefined
): OutboxItem | null {
  if (!entry.bookingId || entry.recordId || isBeingCancelled(entry)) return null
  const item = byId(entry.bookingId)
  if (!item || !isBooking(item) || !staffActionsOf(item).includes('move')) return null
  return item.status === 'queued' || isWrongClass(item) ? item : null
}
