import { describe, expect, it } from 'vitest'
import type { OutboxItem, RosterEntry } from '../../../../../src-main/shared/contract.ts'
import { findDuplicates, sameClient } from '../../../../../src-renderer/src/lib/booking/duplicate-check.ts'
import { matchesRosterEntry } from '../../../../../src-renderer/src/lib/roster-filter.ts'

/** The desk asks before booking a client already in the class: who counts as "already in". */

const target = { locationId: 41001, eventId: 900013 }
const request = (client: { id?: number; phone: string }) => ({ client: { name: 'Olga', surname: '', email: '', gender: 0 as const, ...client } })
const entry = (over: Partial<RosterEntry>): RosterEntry => ({ key: 'record:1', standing: 'booked', name: 'Ольга Смирнова', phone: '79035558317', slots: 1, ...over })
const item = (over: Partial<OutboxItem> & { phone?: string; clientId?: number }): OutboxItem => ({
  id: 'b1',
  locationId: target.locationId,
  eventId: target.eventId,
  request: { client: { name: 'Olga', surname: 'S', phone: over.phone ?? '+79035558317', email: '', gender: 0, ...(over.clientId ? { id: over.clientId } : {}) }, clients_count: 1 },
  status: 'queued',
  attempts: 0,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...over
})

describe('the same client', () => {
  it('is the same Altegio client id when both have one, whatever the phones say', () => {
    expect(sameClient({ clientId: 5, phone: '+1' }, { clientId: 5, phone: '+2' })).toBe(true)
    expect(sameClient({ clientId: 5, phone: '+79035558317' }, { clientId: 6, phone: '+79035558317' })).toBe(false)
  })

  it('is the same phone digits otherwise, with or without the plus', () => {
    expect(sameClient({ phone: '+7 903 555-83-17' }, { clientId: 9, phone: '79035558317' })).toBe(true)
    expect(sameClient({ phone: '+79035558318' }, { phone: '+79035558317' })).toBe(false)
    expect(sameClient({ phone: '' }, { phone: '' })).toBe(false)
  })
})

describe('duplicates in a class', () => {
  it('finds the client in Altegio’s roster, by id or by phone', () => {
    expect(findDuplicates(request({ id: 170000042, phone: '+79035558317' }), target, [entry({ clientId: 170000042 })], [])).toMatchObject([
      { name: 'Ольга Смирнова', standing: 'booked' }
    ])
    expect(findDuplicates(request({ phone: '+79035558317' }), target, [entry({})], [])).toHaveLength(1)
    expect(findDuplicates(request({ phone: '+79990000000' }), target, [entry({})], [])).toEqual([])
  })

  it('finds the client in the desk’s outbox for that class, not in another class or when failed or discarded', () => {
    const wanted = request({ phone: '+79035558317' })
    expect(findDuplicates(wanted, target, [], [item({ status: 'held' })])).toMatchObject([{ standing: 'held', name: 'Olga S' }])
    expect(findDuplicates(wanted, target, [], [item({ status: 'unknown' })])).toMatchObject([{ standing: 'unknown' }])
    expect(findDuplicates(wanted, target, [], [item({ status: 'sent' })])).toMatchObject([{ standing: 'booked' }])
    expect(findDuplicates(wanted, target, [], [item({ eventId: 900014 })])).toEqual([])
    expect(findDuplicates(wanted, target, [], [item({ status: 'failed' })])).toEqual([])
    expect(findDuplicates(wanted, target, [], [item({ status: 'discarded' })])).toEqual([])
  })

  it('names a booking the roster already shows once', () => {
    const found = findDuplicates(request({ phone: '+79035558317' }), target, [entry({ bookingId: 'b1', standing: 'waiting' })], [item({})])
    expect(found).toMatchObject([{ name: 'Ольга Смирнова', phone: '79035558317', standing: 'waiting', entry: { key: 'record:1', bookingId: 'b1' } }])
    expect(found).toHaveLength(1)
  })

  it('gives the row to mark arrived: the roster’s, or one for the desk’s own booking the roster does not show yet', () => {
    const wanted = request({ phone: '+79035558317' })
    expect(findDuplicates(wanted, target, [entry({ recordId: '55' })], [])[0]!.entry).toMatchObject({ key: 'record:1', recordId: '55' })
    expect(findDuplicates(wanted, target, [], [item({ status: 'queued' })])[0]!.entry).toMatchObject({ key: 'booking:b1', bookingId: 'b1', standing: 'waiting' })
    expect(findDuplicates(wanted, target, [], [item({ status: 'sent', recordId: '77' })])[0]!.entry).toMatchObject({ bookingId: 'b1', recordId: '77' })
  })

  it('is no mark or cancellation of the client, and no booking of theirs being cancelled', () => {
    const wanted = request({ phone: '+79035558317' })
    expect(findDuplicates(wanted, target, [], [item({ kind: 'mark', mark: 'arrived', recordId: '5' }), item({ id: 'c', kind: 'cancel', recordId: '5' })])).toEqual([])
    expect(findDuplicates(wanted, target, [entry({ pending: { itemId: 'c', kind: 'cancel', status: 'queued' } })], [])).toEqual([])
  })
})

describe('finding someone in the roster', () => {
  it('by the last digits of the phone, or by name ignoring case and ё', () => {
    const olga = entry({ name: 'Фёдорова Ольга' })
    expect(matchesRosterEntry(olga, '8317')).toBe(true)
    expect(matchesRosterEntry(olga, '555 83')).toBe(true)
    expect(matchesRosterEntry(olga, '9999')).toBe(false)
    expect(matchesRosterEntry(olga, 'федорова')).toBe(true)
    expect(matchesRosterEntry(olga, 'ольга ФЁД')).toBe(true)
    expect(matchesRosterEntry(olga, 'anna')).toBe(false)
    expect(matchesRosterEntry(olga, '  ')).toBe(true)
  })
})
