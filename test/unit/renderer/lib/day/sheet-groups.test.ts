import { describe, expect, it } from 'vitest'
import { notInAltegio, sheetGroups } from '../../../../../src-renderer/src/lib/day/sheet-groups.ts'
import { entryMark } from '../../../../../src-renderer/src/lib/booking/class-figures.ts'
import type { RosterEntry } from '../../../../../src-main/shared/roster-schemas.ts'

const entry = (key: string, over: Partial<RosterEntry> = {}): RosterEntry => ({ key, standing: 'booked', name: key, phone: '', slots: 1, ...over })

describe('the end-of-day sheet’s groups', () => {
  it('sorts by the mark the row shows: staff’s latest while on its way, else Altegio’s attendance', () => {
    expect(entryMark({ attendance: 1 })).toBe('arrived')
    expect(entryMark({ attendance: -1 })).toBe('no_show')
    expect(entryMark({ attendance: 2 })).toBe('not_yet')
    expect(entryMark({})).toBe('not_yet')
    expect(entryMark({ attendance: 1, mark: 'not_yet' })).toBe('not_yet')
    expect(entryMark({ attendance: 0, mark: 'no_show' })).toBe('no_show')
  })

  it('puts everyone in one mark group, and apart from that lists what has not reached Altegio', () => {
    const entries = [
      entry('came', { attendance: 1 }),
      entry('came-at-desk', { attendance: 0, mark: 'arrived', pending: { itemId: 'm1', kind: 'mark', status: 'queued' } }),
      entry('missed', { attendance: -1 }),
      entry('confirmed', { attendance: 2 }),
      entry('walk-in', { standing: 'waiting', bookingId: 'b1' }),
      entry('held', { standing: 'held', bookingId: 'b2', mark: 'arrived' }),
      entry('checking', { standing: 'unknown', bookingId: 'b3' }),
      entry('leaving', { attendance: 2, pending: { itemId: 'c1', kind: 'cancel', status: 'queued' } })
    ]
    const groups = sheetGroups(entries)
    const keys = (list: RosterEntry[]) => list.map((e) => e.key)
    expect(keys(groups.arrived)).toEqual(['came', 'came-at-desk', 'held'])
    expect(keys(groups.noShow)).toEqual(['missed'])
    expect(keys(groups.notMarked)).toEqual(['confirmed', 'walk-in', 'checking', 'leaving'])
    expect(keys(groups.notInAltegio)).toEqual(['came-at-desk', 'walk-in', 'held', 'checking', 'leaving'])
    expect(groups.arrived.length + groups.noShow.length + groups.notMarked.length).toBe(entries.length)
    expect(notInAltegio(entry('x'))).toBe(false)
  })
})
