import { describe, expect, it } from 'vitest'
import { BookingRequestSchema } from '../../../../src-main/shared/booking-schema.ts'
import { toWireBody } from '../../../../src-main/core/altegio/create-record.ts'
import { validateCreateRecord } from '../../../../src-main/practice/simulator/routes/validation.ts'

const valid = {
  client: { name: 'John', surname: 'Smith', phone: '+13155550175', email: 'john@example.com', gender: 1 },
  clients_count: 1
}

describe('custom fields on the wire', () => {
  it('are sent as the endpoint’s example shows them: a list of { code, value }, in the order staff gave them', () => {
    const request = BookingRequestSchema.parse({ ...valid, client: { ...valid.client, custom_field_values: { level: 'beginner', visits: 3, member: true } } })
    expect(toWireBody(request).client.custom_field_values).toEqual([
      { code: 'level', value: 'beginner' },
      { code: 'visits', value: 3 },
      { code: 'member', value: true }
    ])
  })

  it('none given, none sent', () => {
    expect(toWireBody(BookingRequestSchema.parse(valid)).client).not.toHaveProperty('custom_field_values')
  })

  it('the simulator takes the documented list and refuses a map, as a server that follows the example would', () => {
    const list = validateCreateRecord({ ...valid, client: { ...valid.client, custom_field_values: [{ code: 'level', value: 'beginner' }] } })
    expect(list.ok).toBe(true)
    const map = validateCreateRecord({ ...valid, client: { ...valid.client, custom_field_values: { level: 'beginner' } } })
    expect(map).toMatchObject({ ok: false, errors: { 'client.custom_field_values': [expect.any(String)] } })
    const noCode = validateCreateRecord({ ...valid, client: { ...valid.client, custom_field_values: [{ value: 'beginner' }] } })
    expect(noCode).toMatchObject({ ok: false, errors: { 'client.custom_field_values.0.code': [expect.any(String)] } })
  })
})

describe('toWireBody', () => {
  it('drops the deprecated client_id when client.id says the same thing', () => {
    const body = toWireBody(BookingRequestSchema.parse({ ...valid, client: { ...valid.client, id: 7 }, client_id: 7 }))
    expect(body).not.toHaveProperty('client_id')
    expect(body.client.id).toBe(7)
  })

  it('keeps client_id when it is the only id given', () => {
    expect(toWireBody(BookingRequestSchema.parse({ ...valid, client_id: 7 })).client_id).toBe(7)
  })
})
