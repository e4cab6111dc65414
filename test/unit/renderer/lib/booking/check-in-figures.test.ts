import { afterEach, describe, expect, it } from 'vitest'
import type { OutboxItem, RosterEntry } from '../../../../../src-renderer/src/lib/contract.ts'
import { checkInFigures, checkInText, classFigures, entryMark } from '../../../../../src-renderer/src/lib/booking/class-figures.ts'
import { setLanguage } from '../../../../../src-renderer/src/i18n/index.ts'

/** Who came to a class: the roster's header and the class's card count it once, from the roster's rows. */

let serial = 0
function row(over: Partial<RosterEntry> = {}): RosterEntry {
  serial += 1
  return { key: `record:${serial}`, standing: 'booked', name: 'Anna', phone: '+447911123456', slots: 1, recordId: String(serial), ...over }
}
const rows = (n: number, over: Partial<RosterEntry> = {}) => Array.from({ length: n }, () => row(over))

afterEach(() => setLanguage('en', false))

describe('check-in figures', () => {
  it('counts places by the mark each row shows: staff’s latest over Altegio’s attendance', () => {
    const entries = [
      ...rows(5, { attendance: 1 }),
      row({ attendance: 2, mark: 'arrived', pending: { itemId: 'm1', kind: 'mark', status: 'queued' } }),
      row({ attendance: 1, mark: 'not_yet', pending: { itemId: 'm2', kind: 'mark', status: 'queued' } }),
      row({ attendance: 0 }),
      row({ attendance: -1 }),
      row({ attendance: 2, slots: 1 })
    ]
    expect(checkInFigures(entries)).toEqual({ expected: 10, arrived: 6, notYet: 3, noShow: 1 })
    expect(checkInText(checkInFigures(entries))).toBe('6 of 10 arrived · 3 not yet · 1 no-show')
  })

  it('counts a booking for several places as that many people', () => {
    expect(checkInFigures([row({ slots: 3, attendance: 1 }), row({ slots: 2 })])).toEqual({ expected: 5, arrived: 3, notYet: 2, noShow: 0 })
  })

  it('leaves out a booking being cancelled, and counts it again once the cancellation failed or was put aside', () => {
    const cancelling = row({ pending: { itemId: 'c1', kind: 'cancel', status: 'queued' } })
    expect(checkInFigures([row(), cancelling])).toMatchObject({ expected: 1, notYet: 1 })
    expect(checkInFigures([row(), { ...cancelling, pending: { itemId: 'c1', kind: 'cancel', status: 'failed' } }])).toMatchObject({ expected: 2 })
    expect(checkInFigures([row(), { ...cancelling, pending: { itemId: 'c1', kind: 'cancel', status: 'discarded' } }])).toMatchObject({ expected: 2 })
  })

  it('reads Altegio’s attendance as the desk’s marks, and says nothing for an empty class', () => {
    expect([1, -1, 0, 2, undefined].map((attendance) => entryMark({ attendance }))).toEqual(['arrived', 'no_show', 'not_yet', 'not_yet', 'not_yet'])
    expect(checkInText(checkInFigures([]))).toBe('')
    expect(checkInText(checkInFigures(rows(4)))).toBe('0 of 4 arrived · 4 not yet')
    expect(checkInText(checkInFigures(rows(4, { attendance: 1 })))).toBe('4 of 4 arrived')
    expect(checkInText(checkInFigures([...rows(1, { attendance: 1 }), ...rows(2, { attendance: -1 })]))).toBe('1 of 3 arrived · 2 no-shows')
  })

  it('says it in Russian with Russian plural forms', () => {
    setLanguage('ru', false)
    const text = (arrived: number, notYet: number, noShow: number) =>
      checkInText(checkInFigures([...rows(arrived, { attendance: 1 }), ...rows(notYet), ...rows(noShow, { attendance: -1 })]))
    expect(text(6, 2, 1)).toBe('На месте 6 из 9 · ждём 2 · 1 неявка')
    expect(text(1, 0, 2)).toBe('На месте 1 из 3 · 2 неявки')
    expect(text(0, 0, 5)).toBe('На месте 0 из 5 · 5 неявок')
    expect(text(0, 0, 21)).toBe('На месте 0 из 21 · 21 неявка')
    expect(text(0, 0, 11)).toBe('На месте 0 из 11 · 11 неявок')
  })

  it('counts no mark or cancellation as a booking of the class', () => {
    const base = { locationId: 41001, eventId: 7, attempts: 0, createdAt: '2029-06-12T09:00:00.000Z', updatedAt: '2029-06-12T09:00:00.000Z' }
    const request = { client: { name: 'Anna', surname: '', phone: '+447911123456', email: '', gender: 0 as const }, clients_count: 2 }
    const items: OutboxItem[] = [
      { ...base, id: 'b1', request, status: 'queued' },
      { ...base, id: 'm1', request, status: 'queued', kind: 'mark', mark: 'arrived', recordId: '5' },
      { ...base, id: 'c1', request, status: 'held', kind: 'cancel', recordId: '6' },
      { ...base, id: 'b2', request, status: 'held', kind: 'booking' }
    ]
    expect(classFigures({ id: 7, capacity: 10, booked: 0 }, items)).toMatchObject({ waiting: 1, held: 1, free: 6 })
  })
})
