import { describe, expect, it } from 'vitest'
import { checkDraft, emptyDraft, formKey, normaliseErrors, requestToDraft } from '../../../../../src-renderer/src/lib/booking/booking-draft.ts'

/** The window's form logic: what staff typed becomes the wire request, and errors find their fields. */
describe('booking draft', () => {
  const typed = { ...emptyDraft('777001'), name: ' Anna ', phone: '+44 7911 123456', slots: '2', labels: '12, 40' }

  it('turns a typed draft into the wire request, omitting what was left empty', () => {
    const { request, eventId, errors } = checkDraft(typed, undefined, true)
    expect(errors).toEqual({})
    expect(eventId).toBe(777001)
    expect(request).toEqual({
      client: { name: 'Anna', surname: '', phone: '+447911123456', email: '', gender: 0 },
      clients_count: 2,
      labels: [12, 40]
    })
  })

  it("accepts a national phone with the location's country and turns it into E.164", () => {
    const national = { ...typed, phone: '07911 123456' }
    expect(checkDraft(national, undefined, true, 'GB').request?.client.phone).toBe('+447911123456')
    expect(checkDraft(national, undefined, true, null).errors['client.phone']).toEqual([expect.stringMatching(/country code/)])
  })

  it('sends consent only when it was asked', () => {
    const { request } = checkDraft({ ...typed, personalData: 'yes', newsletter: 'no' }, undefined, true)
    expect(request?.client.agreements).toEqual({ is_personal_data_processing_allowed: true, is_newsletter_allowed: false })
  })

  it('puts the schema errors on the form fields, and requires an event', () => {
    const { errors, request } = checkDraft({ ...emptyDraft(), phone: '123', slots: '', labels: '1, x' }, undefined, true)
    expect(request).toBeUndefined()
    expect(Object.keys(errors).sort()).toEqual(['client.name', 'client.phone', 'clients_count', 'eventId', 'labels'])
  })

  it('round-trips a booking through the form for editing, keeping what the form does not show', () => {
    const { request } = checkDraft(typed, undefined, true)
    const base = { ...request!, comer_id: 500, client: { ...request!.client, custom_field_values: { shoe: 42 } } }
    const again = checkDraft(requestToDraft(base, 777001), base, false)
    expect(again.request).toEqual(base)
  })

  it.each([
    ['phone', 'client.phone'],
    ['client.phone', 'client.phone'],
    ['client[phone]', 'client.phone'],
    ['request.client.email', 'client.email'],
    ['client_id', 'client.id'],
    ['labels.2', 'labels'],
    ['clients_count', 'clients_count'],
    ['agreements.is_newsletter_allowed', 'client.agreements.is_newsletter_allowed']
  ])("Altegio's error key %s lands on the form's %s", (key, field) => {
    expect(formKey(key)).toBe(field)
  })

  it("merges messages that land on one field, without repeats, each led by the desk's words", () => {
    expect(normaliseErrors({ phone: ['Неверный формат телефона'], 'client.phone': ['Неверный формат телефона', 'Too short'] })).toEqual({
      'client.phone': ['Altegio did not accept this: “Неверный формат телефона”', 'Altegio did not accept this: “Too short”']
    })
  })
})
