import { describe, expect, it } from 'vitest'
import type { OutboxItem, RosterEntry } from '../../../../../src-main/shared/contract.ts'
import { rosterCandidates } from '../../../../../src-renderer/src/lib/resolve/roster-candidates.ts'

/** Which of the class's records the Resolve dialog offers as possibly this unconfirmed booking. */

const SENT = '2026-12-01T10:00:00.000Z'
const unknown = (client: { name?: string; surname?: string; phone?: string; id?: number } = {}): OutboxItem => ({
  id: 'b1',
  locationId: 41001,
  eventId: 900013,
  request: { client: { name: 'Vera', surname: 'Sokolova', phone: '+447911123001', email: '', gender: 0, ...client }, clients_count: 1 },
  status: 'unknown',
  attempts: 1,
  createdAt: '2026-12-01T09:59:58.000Z',
  updatedAt: SENT,
  firstAttemptAt: SENT,
  lastAttemptAt: SENT
})
let n = 0
const record = (over: Partial<RosterEntry>): RosterEntry => {
  n += 1
  return { key: `record:${n}`, standing: 'booked', name: 'Someone Else', phone: '+447000000000', slots: 1, recordId: String(n), ...over }
}
const ids = (item: OutboxItem, entries: RosterEntry[]) => rosterCandidates(item, entries).map((c) => [c.entry.name, c.reasons])

describe('the records offered in the Resolve dialog', () => {
  it('offers the same client by Altegio id, phone (in any form) or whole name, and any record made after the booking was sent', () => {
    const entries = [
      record({ name: 'V. S.', clientId: 77 }),
      record({ name: 'Other Phone', phone: '07911 123001' }),
      record({ name: 'vera  SOKOLOVA' }),
      record({ name: 'Late Comer', createdAt: '2026-12-01T10:00:05.000Z' }),
      record({ name: 'Early Bird', createdAt: '2026-12-01T09:00:00.000Z' }),
      record({ name: 'No Time' })
    ]
    expect(ids(unknown({ id: 77 }), entries)).toEqual([
      ['V. S.', ['client']],
      ['Other Phone', ['phone']],
      ['vera  SOKOLOVA', ['name']],
      ['Late Comer', ['after']]
    ])
  })

  it('puts the strongest match first, then the earliest made, and gives every reason a record meets', () => {
    const late = record({ name: 'Vera Sokolova', phone: '+44 7911 123001', createdAt: '2026-12-01T10:00:09.000Z' })
    const early = record({ name: 'Vera Sokolova', phone: '+44 7911 123001', createdAt: '2026-12-01T10:00:02.000Z' })
    const stranger = record({ name: 'Late Comer', createdAt: '2026-12-01T10:00:01.000Z' })
    expect(rosterCandidates(unknown(), [stranger, late, early]).map((c) => [c.entry.recordId, c.reasons])).toEqual([
      [early.recordId, ['phone', 'name', 'after']],
      [late.recordId, ['phone', 'name', 'after']],
      [stranger.recordId, ['after']]
    ])
  })

  it('allows Altegio’s clock a few minutes behind the desk’s, not more', () => {
    const skewed = record({ name: 'Skewed', createdAt: '2026-12-01T09:56:00.000Z' })
    const before = record({ name: 'Before', createdAt: '2026-12-01T09:54:00.000Z' })
    expect(ids(unknown(), [skewed, before])).toEqual([['Skewed', ['after']]])
  })

  it('never offers a record this desk already owns, nor one of its own bookings not in Altegio', () => {
    const entries = [
      record({ name: 'Vera Sokolova', bookingId: 'other-booking' }),
      record({ name: 'Vera Sokolova', standing: 'waiting', recordId: undefined, key: 'booking:b2', bookingId: 'b2' }),
      record({ name: 'Vera Sokolova', standing: 'unknown', recordId: undefined, key: 'booking:b1', bookingId: 'b1' })
    ]
    expect(rosterCandidates(unknown(), entries)).toEqual([])
  })

  it('does not match on an empty phone or a name the booking does not have', () => {
    expect(ids(unknown({ phone: '', name: '', surname: '' }), [record({ name: '', phone: '' })])).toEqual([])
  })
})
