import { describe, expect, it } from 'vitest'
import { bookingRequestSchemaFor, BookingRequestSchema } from '../../../../src-main/shared/booking-schema.ts'
import { matchesClient } from '../../../../src-main/core/directory/client-match.ts'
import { addDays, isCalendarDay, localDateTime, localDay } from '../../../../src-main/shared/location-time.ts'
import { CountrySchema, LocationSchema, locationOf } from '../../../../src-main/shared/settings-schema.ts'

const olga = { id: 1, name: 'Ольга', surname: 'Смирнова', phone: '+79035558317', email: 'olga@example.ru' }
const chloe = { id: 2, name: 'Chloé', surname: "O'Neill", phone: '447911123456', email: '' }
const request = (phone: string) => ({ client: { name: 'A', surname: '', phone, email: '', gender: 0 as const }, clients_count: 1 })

describe('finding a cached client', () => {
  it.each([
    ['8317', olga, true],
    ['903 555-83', olga, true],
    ['+7 (903) 555-83-17', olga, true],
    ['1234', olga, false],
    ['ольга', olga, true],
    ['ОЛЬГА СМИР', olga, true],
    ['смирнова ольга', olga, true],
    ['ольга петрова', olga, false],
    ['chloe', chloe, true],
    ["o'neill", chloe, true],
    ['911123', chloe, true],
    ['olga@ex', olga, true],
    ['', olga, false]
  ])('%j in %j: %s', (query, client, expected) => {
    expect(matchesClient(client, query)).toBe(expected)
  })

  it('treats ё as е', () => {
    expect(matchesClient({ ...olga, name: 'Фёдор' }, 'федор')).toBe(true)
  })
})

describe('location time', () => {
  it('formats an instant on the location’s wall clock, comparable with Altegio’s dates', () => {
    const instant = new Date('2026-03-29T00:30:00Z')
    expect(localDateTime(instant, 'Europe/Moscow')).toBe('2026-03-29 03:30:00')
    expect(localDateTime(instant, 'America/New_York')).toBe('2026-03-28 20:30:00')
    expect(localDay(instant, 'Asia/Tokyo')).toBe('2026-03-29')
  })

  it('adds calendar days across months, years and DST changes', () => {
    expect(addDays('2026-12-29', 6)).toBe('2027-01-04')
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })

  it('knows real days', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true)
    expect(isCalendarDay('2026-02-29')).toBe(false)
    expect(isCalendarDay('2026-1-01')).toBe(false)
  })
})

describe('phones with the location’s country', () => {
  it('accepts a national number given the region and stores E.164', () => {
    expect(bookingRequestSchemaFor('GB').parse(request('07911 123456')).client.phone).toBe('+447911123456')
    expect(bookingRequestSchemaFor('RU').parse(request('8 916 123-45-67')).client.phone).toBe('+79161234567')
    expect(bookingRequestSchemaFor('DE').parse(request('+44 7911 123456')).client.phone).toBe('+447911123456')
  })

  it('without a region still needs the country code', () => {
    expect(BookingRequestSchema.safeParse(request('07911 123456')).success).toBe(false)
    expect(bookingRequestSchemaFor('GB').safeParse(request('12345')).success).toBe(false)
  })

  it('a parsed national number parses again unchanged without the region (the outbox re-reads it)', () => {
    const parsed = bookingRequestSchemaFor('GB').parse(request('07911 123456'))
    expect(BookingRequestSchema.parse(parsed)).toEqual(parsed)
  })
})

describe('locations', () => {
  it('checks country codes and time zones', () => {
    expect(CountrySchema.parse(' gb ')).toBe('GB')
    expect(CountrySchema.safeParse('XX').success).toBe(false)
    expect(LocationSchema.safeParse({ id: 1, name: '', country: null, timeZone: 'Mars/Olympus' }).success).toBe(false)
    expect(LocationSchema.parse({ id: 1, name: 'Studio', country: 'de', timeZone: 'Europe/Berlin' })).toMatchObject({ country: 'DE' })
  })

  it('a location set by id alone has no country and the computer’s zone', () => {
    expect(locationOf({ locations: [] }, 5)).toEqual({ id: 5, name: '', country: null, timeZone: null })
  })
})
