import { describe, expect, it } from 'vitest'
import { withMarks } from '../../../../src-main/core/roster/roster-marks.ts'
import type { OutboxItem } from '../../../../src-main/shared/outbox-item.ts'
import type { RosterEntry } from '../../../../src-main/shared/roster-schemas.ts'

/** What each roster row shows: staff's latest intent on its way, else Altegio's attendance as the desk knows it. */

const READ_AT = '2029-06-12T09:00:00.000Z'
const entry = (recordId: string, over: Partial<RosterEntry> = {}): RosterEntry => ({ key: `record:${recordId}`, standing: 'booked', name: 'A', phone: '', slots: 1, recordId, ...over })
const record = (recordId: string, attendance?: number) => ({ recordId, name: 'A', phone: '', slots: 1, ...(attendance !== undefined ? { attendance } : {}) })
const action = (id: string, over: Partial<OutboxItem>): OutboxItem => ({
  id,
  locationId: 1,
  eventId: 10,
  request: { client: { name: 'A', surname: '', phone: '', email: '', gender: 0 }, clients_count: 1 },
  status: 'queued',
  attempts: 0,
  createdAt: READ_AT,
  updatedAt: READ_AT,
  kind: 'mark',
  ...over
})

describe('the roster’s marks', () => {
  it('Altegio’s attendance in the desk’s words, when nothing is on its way', () => {
    const rows = withMarks([entry('1'), entry('2'), entry('3'), entry('4')], [], [record('1', 1), record('2', -1), record('3', 2), record('4')], READ_AT)
    expect(rows.map((r) => [r.mark, r.pending])).toEqual([['arrived', undefined], ['no_show', undefined], ['not_yet', undefined], [undefined, undefined]])
  })

  it('names who at this desk made the mark the row shows, and nobody for an undone or Altegio’s own mark', () => {
    const later = '2029-06-12T09:30:00.000Z'
    const rows = withMarks(
      [entry('1'), entry('2'), entry('3'), entry('4')],
      [
        action('m1', { recordId: '1', mark: 'arrived', status: 'queued', staff: { name: 'Vera' } }),
        action('m2', { recordId: '2', mark: 'no_show', status: 'sent', sentAt: later, staff: { name: 'Ivan' } }),
        action('m3', { recordId: '3', mark: 'not_yet', status: 'queued', staff: { name: 'Vera' } })
      ],
      [record('1', 0), record('2', 0), record('3', 1), record('4', 1)],
      READ_AT
    )
    expect(rows.map((r) => [r.mark, r.markedBy])).toEqual([['arrived', 'Vera'], ['no_show', 'Ivan'], ['not_yet', undefined], ['arrived', undefined]])
  })

  it('the latest action on its way is pending, and a mark shows its intent', () => {
    const rows = withMarks(
      [entry('1'), entry('2')],
      [action('m1', { recordId: '1', mark: 'arrived', status: 'sending' }), action('c2', { recordId: '2', kind: 'cancel', status: 'failed' })],
      [record('1', 0), record('2', 0)],
      READ_AT
    )
    expect(rows.map((r) => [r.mark, r.pending])).toEqual([
      ['arrived', { itemId: 'm1', kind: 'mark', status: 'sending' }],
      ['not_yet', { itemId: 'c2', kind: 'cancel', status: 'failed' }]
    ])
  })

  it('a mark sent after the roster was read shows as Altegio’s; one sent before it does not override the read', () => {
    const after = '2029-06-12T10:00:00.000Z'
    const before = '2029-06-12T08:00:00.000Z'
    const rows = withMarks(
      [entry('1'), entry('2')],
      [action('m1', { recordId: '1', mark: 'arrived', status: 'sent', sentAt: after }), action('m2', { recordId: '2', mark: 'arrived', status: 'sent', sentAt: before })],
      [record('1', 0), record('2', -1)],
      READ_AT
    )
    expect(rows.map((r) => [r.mark, r.pending])).toEqual([['arrived', undefined], ['no_show', undefined]])
  })

  it('a client whose cancellation reached Altegio is left out, also a desk booking the outbox still holds as sent', () => {
    const rows = withMarks([entry('1'), entry('2')], [action('c1', { recordId: '1', kind: 'cancel', status: 'sent', sentAt: '2029-06-12T10:00:00.000Z' })], [record('1', 0), record('2', 0)], READ_AT)
    expect(rows.map((r) => r.recordId)).toEqual(['2'])
    const desk = entry('7', { key: 'booking:b7', bookingId: 'b7' })
    const later = '2029-06-12T11:00:00.000Z'
    expect(withMarks([desk], [action('c7', { afterBookingId: 'b7', recordId: '7', kind: 'cancel', status: 'sent', sentAt: READ_AT })], [], later)).toEqual([])
  })

  it('a desk booking’s actions are found by the booking, before and after it has a record', () => {
    const rows = withMarks(
      [entry('9', { key: 'booking:b1', standing: 'waiting', recordId: undefined, bookingId: 'b1' })],
      [action('m1', { afterBookingId: 'b1', mark: 'arrived' })],
      [],
      undefined
    )
    expect(rows[0]).toMatchObject({ mark: 'arrived', pending: { itemId: 'm1' } })
  })
})
