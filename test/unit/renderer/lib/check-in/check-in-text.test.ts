import { afterEach, describe, expect, it } from 'vitest'
import type { OutboxItem, RosterEntry } from '../../../../../src-renderer/src/lib/contract.ts'
import { cancelRefusal, chipWord, classEnd, markRefusal, reachWord } from '../../../../../src-renderer/src/lib/check-in/check-in-text.ts'
import { actionLine, actionWhat, announceText, conflictText } from '../../../../../src-renderer/src/lib/check-in/action-text.ts'
import { setLanguage } from '../../../../../src-renderer/src/i18n/index.ts'

/** The roster row's check-in words, the refusals the window sees at once, and the outbox rows of marks and cancellations. */

const row = (over: Partial<RosterEntry> = {}): RosterEntry => ({ key: 'record:1', standing: 'booked', name: 'Anna Petrova', phone: '+447911123456', slots: 1, recordId: '1', ...over })
const BEFORE = { now: '2029-06-12 17:30:00', startsAt: '2029-06-12 18:00:00' }
const DURING = { now: '2029-06-12 18:10:00', startsAt: '2029-06-12 18:00:00' }

afterEach(() => setLanguage('en', false))

describe('a roster row’s mark', () => {
  it('shows the mark, and the outbox’s status word until Altegio has it', () => {
    expect(chipWord(row())).toBeNull()
    expect(chipWord(row({ attendance: 1 }))).toBe('Arrived')
    expect(chipWord(row({ attendance: -1 }))).toBe('No-show')
    expect(chipWord(row({ attendance: 1, mark: 'not_yet', pending: { itemId: 'm', kind: 'mark', status: 'queued' } }))).toBe('Not yet')
    expect(chipWord(row({ pending: { itemId: 'c', kind: 'cancel', status: 'held' } }))).toBe('Cancelled')
    expect(reachWord(row())).toBeNull()
    expect(reachWord(row({ mark: 'arrived', pending: { itemId: 'm', kind: 'mark', status: 'queued' } }))).toBe('Waiting')
    expect(reachWord(row({ mark: 'arrived', pending: { itemId: 'm', kind: 'mark', status: 'held' } }))).toBe('Held')
    expect(reachWord(row({ mark: 'arrived', pending: { itemId: 'm', kind: 'mark', status: 'sent' } }))).toBeNull()
    setLanguage('ru', false)
    expect(chipWord(row({ attendance: 1 }))).toBe('На месте')
    expect(reachWord(row({ mark: 'arrived', pending: { itemId: 'm', kind: 'mark', status: 'queued' } }))).toBe('Ожидает')
  })
})

describe('refused before anything is queued', () => {
  it('a second press of the same mark, and an undo with nothing to undo', () => {
    expect(markRefusal(row({ attendance: 1 }), 'arrived', DURING)).toBe('Anna Petrova is already marked Arrived.')
    expect(markRefusal(row({ mark: 'arrived' }), 'arrived', BEFORE)).toBe('Anna Petrova is already marked Arrived.')
    expect(markRefusal(row(), 'not_yet', DURING)).toBe('Anna Petrova has no mark to undo.')
    expect(markRefusal(row(), 'arrived', BEFORE)).toBeNull()
    expect(markRefusal(row({ attendance: 1 }), 'not_yet', BEFORE)).toBeNull()
  })

  it('a no-show before the class has started', () => {
    expect(markRefusal(row(), 'no_show', BEFORE)).toBe('The class has not started yet: mark a no-show once it has.')
    expect(markRefusal(row(), 'no_show', DURING)).toBeNull()
    setLanguage('ru', false)
    expect(markRefusal(row(), 'no_show', BEFORE)).toBe('Занятие ещё не началось: неявку можно отметить, когда оно начнётся.')
  })

  it('a cancellation of a client marked arrived, of a booking not known for certain, of a class that has ended', () => {
    const open = { now: '2029-06-12 17:30:00', endsAt: classEnd('2029-06-12 18:00:00', 3600) }
    expect(open.endsAt).toBe('2029-06-12 19:00:00')
    expect(cancelRefusal(row(), open)).toBeNull()
    expect(cancelRefusal(row({ attendance: 1 }), open)).toBe('Anna Petrova is marked arrived: undo the mark first, then cancel.')
    expect(cancelRefusal(row({ standing: 'unknown', recordId: undefined, bookingId: 'b1' }), open)).toMatch(/^Not known yet whether Altegio has the booking of Anna Petrova/)
    expect(cancelRefusal(row(), { ...open, now: '2029-06-12 19:00:00' })).toBe('The class has ended: its bookings can no longer be cancelled.')
    expect(cancelRefusal(row({ pending: { itemId: 'c', kind: 'cancel', status: 'queued' } }), open)).toBe('The booking of Anna Petrova is being cancelled.')
    expect(classEnd('2029-06-12 23:30:00', 3600)).toBe('2029-06-13 00:30:00')
  })
})

describe('an outbox row that marks or cancels', () => {
  const base: OutboxItem = {
    id: 'm1',
    locationId: 41001,
    eventId: 7,
    event: { title: 'Evening yoga', startsAt: '2029-06-12 18:00:00' },
    request: { client: { name: 'Anna', surname: 'Petrova', phone: '+447911123456', email: '', gender: 0 }, clients_count: 1 },
    status: 'queued',
    attempts: 0,
    createdAt: '2029-06-12T15:00:00.000Z',
    updatedAt: '2029-06-12T15:00:00.000Z',
    kind: 'mark',
    mark: 'arrived',
    recordId: '5'
  }

  it('reads as what it does, with the same status words', () => {
    expect(actionWhat(base)).toBe('Arrived')
    expect(actionWhat({ ...base, mark: 'not_yet' })).toBe('Mark taken back')
    expect(actionWhat({ ...base, kind: 'cancel', mark: undefined })).toBe('Cancellation')
    expect(actionWhat({ ...base, kind: undefined })).toBeNull()
    expect(actionLine({ ...base, status: 'sent' })).toBe('Sent — marked Arrived in Altegio')
    expect(actionLine({ ...base, kind: 'cancel', status: 'sent' })).toBe('Sent — the booking is cancelled in Altegio')
    expect(actionLine({ ...base, recordId: undefined, afterBookingId: 'b1' })).toBe('Waiting — goes once the booking itself has reached Altegio')
    expect(actionLine(base)).toBeUndefined()
    expect(announceText({ ...base, status: 'sent' })).toBe('Arrived: Anna Petrova, in Altegio')
    expect(announceText({ ...base, kind: undefined, status: 'sent' })).toBe('Booking for Anna sent')
    setLanguage('ru', false)
    expect(actionWhat({ ...base, kind: 'cancel' })).toBe('Отмена записи')
    expect(announceText({ ...base, status: 'queued' })).toBe('На месте: Anna Petrova, ожидает отправки')
  })

  it('shows both sides of a conflict: what Altegio holds and what the desk asked for', () => {
    expect(conflictText(base)).toBeNull()
    const deleted = conflictText({ ...base, conflict: { found: 'deleted', checkedAt: '2029-06-12T15:52:00.000Z' } })!
    expect(deleted.altegio).toBe('Altegio: the booking was deleted there (cancelled online or at another desk)')
    expect(deleted.desk).toBe('This desk: Arrived')
    const other = conflictText({ ...base, mark: 'no_show', conflict: { found: 'other_mark', altegioMark: 'arrived', checkedAt: '2029-06-12T15:52:00.000Z' } })!
    expect(other.altegio).toBe('Altegio: marked Arrived elsewhere')
    expect(other.desk).toBe('This desk: No-show')
    expect(actionLine({ ...base, conflict: { found: 'deleted', checkedAt: '2029-06-12T15:52:00.000Z' } })).toMatch(/^Waits for you/)
  })
})
