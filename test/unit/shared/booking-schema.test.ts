import { describe, expect, it } from 'vitest'
import { BookingRequestSchema, fieldErrorsOf } from '../../../src-main/shared/booking-schema.ts'

const valid = {
  client: { name: 'John', surname: 'Smith', phone: '+13155550175', email: 'john@example.com', gender: 1 },
  clients_count: 1
}

function errorsOf(value: unknown): Record<string, string[]> {
  const result = BookingRequestSchema.safeParse(value)
  if (result.success) throw new Error('expected the booking to be refused')
  return fieldErrorsOf(result.error)
}

describe('BookingRequestSchema', () => {
  it('accepts the seed example and every optional field of the seed', () => {
    const full = {
      client: {
        ...valid.client,
        id: 123456,
        patronymic: 'Jr',
        birthday: '1990-01-01',
        custom_field_values: { shoe_size: 42, notes: 'front row' },
        agreements: { is_personal_data_processing_allowed: true, is_newsletter_allowed: null }
      },
      clients_count: 2,
      client_id: 123456,
      comer_id: 500,
      comer: { name: 'Guest User' },
      labels: [1, 2]
    }
    expect(BookingRequestSchema.parse(full)).toEqual(full)
  })

  it('requires the five client fields and clients_count, naming each by its wire path', () => {
    const errors = errorsOf({ client: {} })
    expect(Object.keys(errors).sort()).toEqual(
      ['client.email', 'client.gender', 'client.name', 'client.phone', 'client.surname', 'clients_count'].sort()
    )
  })

  it('normalises phones to E.164 and trims text, so what is stored is what is sent', () => {
    const parsed = BookingRequestSchema.parse({
      ...valid,
      client: { ...valid.client, name: '  John ', phone: '+1 (315) 555-0175', email: ' john@example.com ' }
    })
    expect(parsed.client).toMatchObject({ name: 'John', phone: '+13155550175', email: 'john@example.com' })
    expect(BookingRequestSchema.parse(parsed)).toEqual(parsed)
  })

  it('refuses a phone without country code, a bad email, a gender outside 0..2', () => {
    const errors = errorsOf({ ...valid, client: { ...valid.client, phone: '5550175', email: 'john@', gender: 3 } })
    expect(errors['client.phone']?.[0]).toBe('phone_needs_country')
    expect(errors['client.email']?.[0]).toBe('email_invalid')
    expect(errors['client.gender']?.[0]).toBe('gender_invalid')
  })

  it('checks each phone on its own: a valid one just before lends an invalid one nothing', () => {
    expect(BookingRequestSchema.parse(valid).client.phone).toBe('+13155550175')
    // Looks like the E.164 just accepted, one digit short: still refused.
    expect(errorsOf({ ...valid, client: { ...valid.client, phone: '+1315555017' } })['client.phone']?.[0]).toBe('phone_needs_country')
    expect(BookingRequestSchema.parse({ ...valid, client: { ...valid.client, phone: '+1 315 555 0175' } }).client.phone).toBe('+13155550175')
  })

  it('allows an empty email and surname (many walk-ins give neither)', () => {
    expect(BookingRequestSchema.safeParse({ ...valid, client: { ...valid.client, email: '', surname: '' } }).success).toBe(true)
  })

  it('refuses impossible and future birthdays', () => {
    expect(errorsOf({ ...valid, client: { ...valid.client, birthday: '1990-02-30' } })['client.birthday']).toBeDefined()
    expect(errorsOf({ ...valid, client: { ...valid.client, birthday: '2999-01-01' } })['client.birthday']).toBeDefined()
    expect(errorsOf({ ...valid, client: { ...valid.client, birthday: '01/02/1990' } })['client.birthday']).toBeDefined()
  })

  it('refuses slot counts that are not whole, positive, or are absurd', () => {
    for (const count of [0, -1, 1.5, 101, '2', Number.NaN]) {
      expect(errorsOf({ ...valid, clients_count: count })['clients_count'], String(count)).toBeDefined()
    }
  })

  it('refuses a 10 MB name with a short message, not an echo of the input', () => {
    const errors = errorsOf({ ...valid, client: { ...valid.client, name: 'x'.repeat(10 * 1024 * 1024) } })
    expect(errors['client.name']).toEqual(['text_too_long'])
  })

  it('refuses fields the API does not have, at any level', () => {
    expect(errorsOf({ ...valid, extra: 1 })).toHaveProperty('_')
    expect(Object.keys(errorsOf({ ...valid, client: { ...valid.client, password: 'x' } }))).toEqual(['client'])
  })

  it('refuses non-integer and unsafe ids', () => {
    expect(errorsOf({ ...valid, client: { ...valid.client, id: 1.5 } })['client.id']).toBeDefined()
    expect(errorsOf({ ...valid, labels: [1, -2] })['labels.1']).toBeDefined()
    expect(errorsOf({ ...valid, comer_id: 2 ** 60 })['comer_id']).toBeDefined()
  })
})
