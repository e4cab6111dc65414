import type { BookingRequest, OutboxItem, OutboxStatus, RosterEntry, RosterStanding } from '../contract.ts'

/** Someone already in the class who looks like the client being booked, and where they stand. */
export interface Duplicate {
  name: string
  phone: string
  standing: RosterStanding
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
    if (!sameClient(wanted, entry)) continue
    found.push({ name: entry.name, phone: entry.phone, standing: entry.standing })
    if (entry.bookingId) seen.add(entry.bookingId)
  }
  for (const item of outbox) {
    const standing = TAKING_PLACE[item.status]
    if (!standing || seen.has(item.id) || item.locationId !== target.locationId || item.eventId !== target.eventId) continue
    const client = { clientId: item.request.client.id ?? item.request.client_id, phone: item.request.client.phone }
    if (!sameClient(wanted, client)) continue
    const name = [item.request.client.name, item.request.client.surname].filter((p) => p.trim() !== '').join(' ')
    found.push({ name, phone: item.request.client.phone, standing })
  }
  return found
}
