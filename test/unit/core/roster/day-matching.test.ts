import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RecordItemSchema } from '../../../../src-main/core/altegio/day-records.ts'
import { mergeRoster } from '../../../../src-main/core/roster/class-roster.ts'
import { entryMatches, matchDay, readDayQuery } from '../../../../src-main/core/roster/day-matching.ts'
import type { RosterEntry } from '../../../../src-main/shared/roster-schemas.ts'

const entry = (over: Partial<RosterEntry> & { key: string }): RosterEntry => ({ standing: 'booked', name: '', phone: '', slots: 1, ...over })
const olga = entry({ key: 'record:1', name: 'Ольга Смирнова', phone: '+79035558317', clientId: 170000042 })
const fedor = entry({ key: 'record:2', name: 'Фёдор Ёлкин', phone: '79161234567', clientId: 5 })
const carded = entry({ key: 'record:5', name: 'Анна Карточкина', phone: '+79160001122', clientId: 6, card: '0004 6000-17' })
const chloe = entry({ key: 'booking:b1', name: 'Chloé O’Neill', phone: '+447911123456', standing: 'waiting' })

describe('reading the day search’s query', () => {
  it.each([
    ['8317', { kind: 'digits', digits: '8317' }],
    ['+7 (903) 555-83-17', { kind: 'digits', digits: '9035558317' }],
    ['555 8317', { kind: 'digits', digits: '5558317' }],
    ['1234567', { kind: 'digits', digits: '1234567' }],
    ['12345678', { kind: 'code', code: '12345678' }],
    [' 79035558317 ', { kind: 'code', code: '79035558317' }],
    ['831', { kind: 'too_short' }],
    ['+7', { kind: 'too_short' }],
    ['о', { kind: 'too_short' }],
    ['ОЛЬГА  Смир', { kind: 'name', words: ['ольга', 'смир'] }]
  ])('%j reads as %j', (query, expected) => {
    expect(readDayQuery(query)).toEqual(expected)
  })
})

describe('which roster entries a query finds', () => {
  it.each([
    ['ольга', olga, true],
    ['смирнова ольга', olga, true],
    ['ольга петрова', olga, false],
    ['федор елкин', fedor, true],
    ['ФЁДОР', fedor, true],
    ['chloe', chloe, true],
    ['8317', olga, true],
    ['5558', olga, false], // the last digits, not any digits
    ['+7 903 555-83-17', olga, true],
    ['8 903 555-83-17', olga, true], // a trunk prefix typed by hand: the national part compares
    ['79035558317', olga, true], // a code: the whole phone
    ['9035558317', olga, true], // a code: the phone without its country code
    ['035558317', olga, false], // a code is never a part of the phone
    ['170000042', olga, true], // a code: Altegio's client id
    ['17000004', olga, false],
    ['447911123456', chloe, true],
    ['0004600017', carded, true], // a code: her card number in Altegio, spaces and dashes aside
    ['00046000', carded, false]
  ])('%j finds %j: %s', (query, candidate, expected) => {
    expect(entryMatches(candidate, readDayQuery(query))).toBe(expected)
  })
})

describe('matching the day', () => {
  const morning = { eventId: 11, title: 'Morning flow', startsAt: '2029-06-12 07:00:00', lengthSeconds: 3600 }
  const evening = { eventId: 13, title: 'Evening yoga', startsAt: '2029-06-12 18:00:00', lengthSeconds: 3600 }
  const sameClientEvening = { ...olga, key: 'record:9' }
  const namesake = entry({ key: 'record:3', name: 'Ольга Смирнова', phone: '+79160000001', clientId: 77 })

  it('gives one match per client, her bookings in class order, clients in name order', () => {
    const classes = [
      { class: morning, entries: [olga, fedor, chloe] },
      { class: evening, entries: [namesake, sameClientEvening] }
    ]
    const matches = matchDay(classes, readDayQuery('смирнова'))
    expect(matches.map((m) => m.key)).toEqual(['client:170000042', 'client:77'])
    expect(matches[0]!.bookings.map((b) => [b.class.eventId, b.entry.key])).toEqual([
      [11, 'record:1'],
      [13, 'record:9']
    ])
    expect(matches[1]!.bookings.map((b) => b.entry.key)).toEqual(['record:3'])
  })

  it('keys a client Altegio has no id for by her phone, and finds the desk’s own waiting booking', () => {
    const matches = matchDay([{ class: morning, entries: [olga, chloe] }], readDayQuery('3456'))
    expect(matches).toMatchObject([{ key: 'phone:447911123456', name: 'Chloé O’Neill', bookings: [{ entry: { standing: 'waiting' } }] }])
  })

  it('finds nobody for an unknown code, and both clients for a code two share', () => {
    expect(matchDay([{ class: morning, entries: [olga, fedor] }], readDayQuery('99999999'))).toEqual([])
    const twin = entry({ key: 'record:4', name: 'Олег Смирнов', phone: '+79035558317', clientId: 99 })
    const matches = matchDay([{ class: evening, entries: [olga, twin] }], readDayQuery('79035558317'))
    expect(matches.map((m) => m.name)).toEqual(['Олег Смирнов', 'Ольга Смирнова'])
  })
})

describe('a client’s card number, from Altegio’s record to the roster', () => {
  it('is read from the record’s client as the Blueprint documents it, and a scan of it finds her', () => {
    const body = JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/altegio/record-blueprint.json'), 'utf8')) as { data: { client: { card: string } } }
    const record = RecordItemSchema.parse(body.data)
    expect(record.client?.card).toBe(body.data.client.card)
    const [row] = mergeRoster([{ recordId: record.id, name: 'Анна', phone: '+79160001122', card: '000000415', slots: 1 }], [])
    expect(row).toMatchObject({ card: '000000415' })
    expect(entryMatches(row!, readDayQuery('000000415'))).toBe(true)
    // An empty card ("card": "" in the Blueprint's examples) is no card.
    const blank = RecordItemSchema.parse({ ...body.data, client: { ...body.data.client, card: '' } })
    expect(blank.client?.card).toBe('')
  })
})
