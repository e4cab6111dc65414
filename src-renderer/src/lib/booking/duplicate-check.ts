import { isBeingCancelled } from './class-figures.ts'
import type { BookingRequest, OutboxItem, OutboxStatus, RosterEntry, RosterStanding } from '../contract.ts'

/** Someone already in the class who looks like the client being booked, and where they stand. */
export interface Duplicate {
  name: string
  phone: string
  standing: RosterStanding
  /** Their row in the class, as the roster shows it (or would): what "Mark arrived" marks. */
  entry: RosterEntry
}

/** The desk's own bookings that hold (or may hold) a place; failed and discarded ones do not. */
const TAKING_PLACE: Partial<Record<OutboxStatus, RosterStanding>> = {
  queued: 'waiting',
  sending: 'waiting',
  held: 'held',
  unknown: 'unknown',
  sent: 'booked'
}

const digits = (phone: string): string => phone.replace(/\D/g, '')

/** Same client: both have Altegio client ids and they agree, else the phones' digits agree (older data has no plus). */
export function sameClient(a: { clientId?: number; phone: string }, b: { clientId?: number; phone: string }): boolean {
  if (a.clientId !== undefined && b.clientId !== undefined) return a.clientId === b.clientId
  const x = digits(a.phone)
  return x.length > 0 && x === digits(b.phone)
}

/**
 * Who in the class's roster, or in the desk's own outbox for that class, is the client `request` books.
 * The roster covers Altegio's records; the outbox covers what the roster has not caught up with.
 */
export function findDuplicates(
  request: Pick<BookingRequest, 'client' | 'client_id'>,
  target: { locationId: number; eventId: number },
  roster: readonly RosterEntry[],
  outbox: readonly OutboxItem[]
): Duplicate[] {
  const wanted = { clientId: request.client.id ?? request.client_id, phone: request.client.phone }
  const found: Duplicate[] = []
  const seen = new Set<string>()
  for (const entry of roster) {
    // A booking being cancelled is leaving the class: booking the client again is no double booking.
    if (isBeingCancelled(entry) || !sameClient(wanted, entry)) continue
    found.push({ name: entry.name, phone: entry.phone, standing: entry.standing, entry })
    if (entry.bookingId) seen.add(entry.bookingId)
  }
  for (const item of outbox) {
    const standing = TAKING_PLACE[item.status]
    // A mark or a cancellation names its client too, but it is not a booking.
    if (item.kind !== undefined && item.kind !== 'booking') continue
    if (!standing || seen.has(item.id) || item.locationId !== target.locationId || item.eventId !== target.eventId) continue
    const client = { clientId: item.request.client.id ?? item.request.client_id, phone: item.request.client.phone }
    if (!sameClient(wanted, client)) continue
    const name = [item.request.client.name, item.request.client.surname].filter((p) => p.trim() !== '').join(' ')
    const entry: RosterEntry = {
      key: `booking:${item.id}`,
      standing,
      name,
      phone: item.request.client.phone,
      slots: item.request.clients_count,
      bookingId: item.id,
      ...(item.recordId ? { recordId: item.recordId } : {})
    }
    found.push({ name, phone: item.request.client.phone, standing, entry })
  }
  return found
}
