import { describe, expect, it } from 'vitest'
import { parseAltegioTime, type DayRecord } from '../../../../src-main/core/altegio/day-records.ts'
import type { OutboxItem } from '../../../../src-main/shared/outbox-item.ts'
import { judge } from '../../../../src-main/core/delivery/look-up-rules.ts'

const policy = { afterMs: 60_000, clockSkewMs: 5 * 60_000 }
const now = new Date('2026-11-24T10:30:00Z')
const at = (hhmm: string) => Date.parse(`2026-11-24T${hhmm}:00Z`)

function item(overrides: Partial<OutboxItem> = {}, client: Partial<OutboxItem['request']['client']> = {}): OutboxItem {
  return {
    id: 'item-1',
    locationId: 1,
    eventId: 50,
    request: { client: { name: 'Anna', surname: '', phone: '+79161234567', email: '', gender: 2, ...client }, clients_count: 2 },
    status: 'unknown',
    attempts: 1,
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:16.000Z',
    firstAttemptAt: '2026-11-24T10:00:00.000Z',
    lastAttemptAt: '2026-11-24T10:00:00.000Z',
    ...overrides
  }
}

function record(overrides: Partial<DayRecord> = {}): DayRecord {
  return { recordId: '900', eventId: 50, phoneDigits: '79161234567', clientsCount: 2, createdAt: at('10:00'), deleted: false, ...overrides }
}

describe('judge: is this unknown booking in Altegio?', () => {
  it('finds the record of the same event and client created by the attempt', () => {
    const verdict = judge(item(), [record({ recordId: '901', eventId: 51 }), record()], new Set(), policy, now)
    expect(verdict).toMatchObject({ verdict: 'found', recordId: '900', evidence: { verdict: 'found', candidates: [{ recordId: '900' }] } })
  })

  it('matches a phone stored without its plus, as older Altegio data is', () => {
    expect(judge(item(), [record({ phoneDigits: '79161234567' })], new Set(), policy, now).verdict).toBe('found')
    expect(judge(item(), [record({ phoneDigits: '79161234568' })], new Set(), policy, now).verdict).toBe('absent')
  })

  it('matches by client id when the booking names the client, not by phone', () => {
    const named = item({}, { id: 77 })
    expect(judge(named, [record({ clientId: 77, phoneDigits: '1' })], new Set(), policy, now).verdict).toBe('found')
    expect(judge(named, [record({ clientId: 78 })], new Set(), policy, now).verdict).toBe('absent')
  })

  it('says absent when nothing matches, naming older bookings of the client it did not count', () => {
    const verdict = judge(item(), [record({ createdAt: at('09:00') })], new Set(), policy, now)
    expect(verdict.verdict).toBe('absent')
    expect(verdict.evidence).toMatchObject({ summary: 'look_up_absent_others', summaryParams: { others: 1 } })
  })

  it('allows for clock skew on both sides, and no further', () => {
    expect(judge(item(), [record({ createdAt: at('09:56') })], new Set(), policy, now).verdict).toBe('found')
    expect(judge(item(), [record({ createdAt: at('09:54') })], new Set(), policy, now).verdict).toBe('absent')
    // Last attempt 10:00 + 1 min settle + 5 min skew.
    expect(judge(item(), [record({ createdAt: at('10:05') })], new Set(), policy, now).verdict).toBe('found')
    expect(judge(item(), [record({ createdAt: at('10:07') })], new Set(), policy, now).verdict).toBe('absent')
  })

  it('never takes a record another outbox item owns: two bookings are not merged into one', () => {
    const verdict = judge(item(), [record()], new Set(['900']), policy, now)
    expect(verdict).toMatchObject({ verdict: 'absent', evidence: { candidates: [{ recordId: '900', claimed: true }] } })
  })

  it('prefers the record with the same number of places, then the earliest', () => {
    const records = [record({ recordId: '1', clientsCount: 1, createdAt: at('10:00') }), record({ recordId: '2', createdAt: at('10:01') }), record({ recordId: '3', createdAt: at('10:02') })]
    expect(judge(item(), records, new Set(), policy, now)).toMatchObject({ verdict: 'found', recordId: '2' })
  })

  it('leaves a deleted match, or one whose time cannot be read, to a person', () => {
    const deleted = judge(item(), [record({ deleted: true })], new Set(), policy, now)
    expect(deleted).toMatchObject({ verdict: 'unclear', evidence: { summary: 'look_up_deleted' } })
    const { createdAt: _unreadable, ...timeless } = record()
    expect(judge(item(), [timeless], new Set(), policy, now)).toMatchObject({ verdict: 'unclear' })
  })
})

describe('parseAltegioTime', () => {
  it('reads ISO times with an offset in either form, and refuses a time without a zone', () => {
    expect(parseAltegioTime('2026-11-24T13:00:00+03:00')).toBe(at('10:00'))
    expect(parseAltegioTime('2026-11-24T13:00:00+0300')).toBe(at('10:00'))
    expect(parseAltegioTime('2026-11-24T10:00:00Z')).toBe(at('10:00'))
    expect(parseAltegioTime('2026-11-24 10:00:00')).toBeUndefined()
    expect(parseAltegioTime('yesterday')).toBeUndefined()
  })
})
