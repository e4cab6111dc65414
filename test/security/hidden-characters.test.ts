import { describe, expect, it } from 'vitest'
import { BookingRequestSchema } from '../../src-main/shared/booking-schema.ts'
import { LoginSchema, SearchClientsSchema } from '../../src-main/shared/directory-schemas.ts'
import { LocationSchema } from '../../src-main/shared/settings-schema.ts'
import { EVENT_ID, LOCATION_ID, booking } from '../support/desk-fixtures.ts'
import { routerDeskPerTest } from '../support/router-desk.ts'

/**
 * Free text from the window is refused when it carries characters that hide or disguise text: NUL and
 * the other controls (ANSI escapes begin with one), bidi overrides and isolates, zero-width characters.
 * The check is in the shared schemas, so the window and the core refuse the same text.
 */
const HIDDEN: Record<string, string> = {
  NUL: '\u0000',
  'line feed': '\n',
  'ANSI escape': '\u001b[31m',
  DEL: '\u007f',
  'C1 control': '\u0085',
  'right-to-left override': '\u202e',
  'left-to-right embedding': '\u202a',
  'first strong isolate': '\u2068',
  'pop directional isolate': '\u2069',
  'right-to-left mark': '\u200f',
  'zero-width space': '\u200b',
  'zero-width joiner': '\u200d',
  'byte order mark': '\ufeff',
  'word joiner': '\u2060',
  'line separator': '\u2028',
  'paragraph separator': '\u2029',
  'soft hyphen': '\u00ad',
  'combining grapheme joiner': '\u034f',
  'Mongolian vowel separator': '\u180e',
  'inhibit symmetric swapping': '\u206a',
  'nominal digit shapes': '\u206f',
  'interlinear annotation anchor': '\ufff9',
  'tag letter A': '\u{e0041}',
  'Hangul filler': '\u3164',
  'Hangul choseong filler': '\u115f',
  'halfwidth Hangul filler': '\uffa0',
  'lone high surrogate': '\ud800',
  'lone low surrogate': '\udc00'
}

const ORDINARY = ['Ольга', 'Zoë', "O'Brien", 'D’Arcy', 'José María', 'Łucja-Ewa', 'Nguyễn Thị', 'Ащеулова Ёлка', 'Anne Marie', '김민준', '山田 太郎', 'Anna 🌸']

/** A booking with `text` in one free-text field. */
const BOOKING_FIELDS: Record<string, (text: string) => unknown> = {
  'client.name': (text) => booking({ name: text }),
  'client.surname': (text) => booking({ surname: text }),
  'client.patronymic': (text) => booking({ patronymic: text }),
  'comer.name': (text) => ({ ...booking(), comer: { name: text } }),
  'client.custom_field_values.note': (text) => booking({ custom_field_values: { note: text } }),
  'client.custom_field_values.tags.0': (text) => booking({ custom_field_values: { tags: [text] } })
}

describe('free text with hidden or control characters', () => {
  it('is refused in every booking field, naming the field, and ordinary names in any script pass', () => {
    for (const [field, make] of Object.entries(BOOKING_FIELDS)) {
      for (const [what, hidden] of Object.entries(HIDDEN)) {
        const lineBreakInNote = field.startsWith('client.custom_field_values') && hidden === '\n'
        const result = BookingRequestSchema.safeParse(make(`Anna${hidden}Smith`))
        if (lineBreakInNote) {
          expect(result.success, `${field}: a line break in a note is fine`).toBe(true)
          continue
        }
        expect(result.success, `${field}: ${what}`).toBe(false)
        const issue = result.error!.issues[0]!
        expect(issue.path.join('.'), `${field}: ${what}`).toBe(field)
        expect(issue.message).toBe('hidden_characters')
      }
      for (const name of ORDINARY) expect(BookingRequestSchema.safeParse(make(name)).success, `${field}: ${name}`).toBe(true)
    }
    const custom = BookingRequestSchema.safeParse(booking({ custom_field_values: { ['no\u202ete']: 'x' } }))
    expect(custom.success).toBe(false)
  })

  it('is refused in a location name, a login and a client search', () => {
    const location = { id: 1, name: 'Studio', country: null, timeZone: null }
    for (const hidden of Object.values(HIDDEN)) {
      expect(LocationSchema.safeParse({ ...location, name: `Studio${hidden}1` }).success).toBe(false)
      expect(LoginSchema.safeParse({ login: `reception${hidden}@studio.test`, password: 'x' }).success).toBe(false)
      expect(SearchClientsSchema.safeParse({ locationId: 1, query: `An${hidden}na` }).success).toBe(false)
    }
    for (const name of ORDINARY) {
      expect(LocationSchema.safeParse({ ...location, name }).success).toBe(true)
      expect(SearchClientsSchema.safeParse({ locationId: 1, query: name }).success).toBe(true)
    }
  })
})

describe('through the router', () => {
  const subject = routerDeskPerTest()

  it('refuses a booking whose name hides a bidi override, stores nothing, and says which field', async () => {
    const request = booking({ name: 'Anna\u202egnirts' })
    const result = await subject.router.handle('booking:submit', { locationId: LOCATION_ID, eventId: EVENT_ID, request }, { trustedSender: true })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fieldErrors: { 'request.client.name': ['hidden_characters'] } }
    })
    expect(await subject.desk.listBookings()).toEqual([])
    const fine = await subject.router.handle('booking:submit', { locationId: LOCATION_ID, eventId: EVENT_ID, request: booking({ name: 'Zoë', surname: "O'Brien" }) }, { trustedSender: true })
    expect(fine).toMatchObject({ ok: true, value: { request: { client: { name: 'Zoë', surname: "O'Brien" } } } })
  })
})
