import * as z from 'zod/mini'
import type { $ZodError } from 'zod/v4/core'
import { firstCode, says } from './error-codes.ts'
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min'

/**
 * Characters no name or note typed at a desk needs, and that can hide or disguise text: every control
 * character (Cc: NUL, ESC and so ANSI escape sequences, DEL, C1) and every format character (Cf:
 * bidirectional overrides, isolates and marks, zero-width characters, the soft hyphen, the byte order
 * mark, tag characters, interlinear annotation), the line and paragraph separators U+2028, U+2029, and
 * the blanks that render as nothing: the combining grapheme joiner U+034F and the Hangul fillers U+115F,
 * U+1160, U+3164, U+FFA0, and a lone surrogate (Cs: a string that is not well formed). Letters of
 * every script, accents, apostrophes, emoji and ordinary spaces are untouched.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\u034f\u115f\u1160\u3164\uffa0]/u

/** The same, but a tab or line break is allowed (free-form notes such as custom field values). */
const HIDDEN_IN_NOTES = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\u034f\u115f\u1160\u3164\uffa0]/u

/** The first hidden character in `value`, as `U+202E`, or undefined when it has none. */
export function hiddenCharacter(value: string, allowLineBreaks = false): string | undefined {
  const found = (allowLineBreaks ? HIDDEN_IN_NOTES : HIDDEN).exec(value)?.[0]
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}


export const hasNoHiddenCharacters = (value: string): boolean => hiddenCharacter(value) === undefined
export const noteHasNoHiddenCharacters = (value: string): boolean => hiddenCharacter(value, true) === undefined


/**
 * The body of `POST /v2/companies/{location_id}/activities/{event_id}/records`, field for field.
 *
 * One schema checks a booking twice: in the window as staff type, and again in the main process before
 * anything is stored, so the window can never put into the outbox what the desk would not send.
 * Strings are trimmed and phones normalised to E.164 in place (`overwrite` keeps the type), so the
 * parsed value is what goes on the wire and parsing it again changes nothing. Written with zod/mini, as
 * settings-schema.ts is: the window builds only what it calls (classic zod brings its JSON Schema
 * and English messages with every schema); the main process embeds these in its classic schemas.
 */

const MAX_TEXT = 255

// Field errors show under their field, so the generic ones need not name it.
const text = () => z.string(says('not_text')).check(z.trim(), z.maxLength(MAX_TEXT, says('text_too_long')), z.refine(hasNoHiddenCharacters, says('hidden_characters')))

const requiredText = () => text().check(z.minLength(1, says('required')))

const positiveId = () =>
  z.number(says('not_number')).check(z.int(says('not_whole_number')), z.positive(says('not_above_zero')), z.lte(Number.MAX_SAFE_INTEGER, says('too_large')))

/** A phone in E.164 (`+13155550175`) when it parses and is valid; undefined otherwise. */
function validE164(value: string, region: CountryCode | undefined): string | undefined {
  const parsed = parsePhoneNumberFromString(value, region)
  return parsed?.isValid() ? parsed.number : undefined
}

/**
 * A phone as staff type it. With the location's country as the default region, a national number
 * (`07911 123456` in GB) is accepted; either way the parsed value is E.164, which is what goes on the wire.
 * A number is parsed once per check: the E.164 the normalising step found valid passes the check as it
 * is (libphonenumber's parse and validation were a sixth of a submit's time on the main thread).
 */
export function phoneSchema(region?: CountryCode) {
  let lastValid: string | undefined
  return z.string(says('not_text')).check(
    z.trim(),
    z.maxLength(40, says('phone_too_long')),
    z.minLength(1, says('phone_required')),
    z.overwrite((value) => {
      const e164 = validE164(value, region)
      if (e164 !== undefined) lastValid = e164
      return e164 ?? value
    }),
    z.refine((value) => value === lastValid || validE164(value, region) !== undefined, says(region ? 'phone_invalid' : 'phone_needs_country'))
  )
}

export const PhoneSchema = phoneSchema()

export const EmailSchema = z.union([
  z.literal(''),
  z.email(says('email_invalid')).check(z.maxLength(MAX_TEXT, says('email_too_long')))
])

/** A calendar date `YYYY-MM-DD` that exists and is not in the future. */
export const BirthdaySchema = z.string(says('birthday_not_date')).check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, says('birthday_format')),
  z.refine((value) => {
    const date = new Date(`${value}T00:00:00Z`)
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
  }, says('birthday_not_real')),
  z.refine((value) => value >= '1900-01-01' && value <= new Date().toISOString().slice(0, 10), says('birthday_range'))
)

/** 0 unknown, 1 male, 2 female. */
export const GenderSchema = z.union([z.literal(0), z.literal(1), z.literal(2)], says('gender_invalid'))

/** true / false, or null for "not asked". */
const consent = z.optional(z.nullable(z.boolean()))

export const AgreementsSchema = z.strictObject({
  is_personal_data_processing_allowed: consent,
  is_newsletter_allowed: consent
})

const customFieldValueOf = (text: z.ZodMiniType<string>) =>
  z.union([text, z.number(), z.boolean(), z.null(), z.array(z.union([text, z.number()])).check(z.maxLength(50))])
const customFieldValue = customFieldValueOf(
  z.string().check(z.maxLength(2000), z.refine(noteHasNoHiddenCharacters, says('hidden_characters')))
)

const clientSchema = (region?: CountryCode) =>
  z.strictObject({
  id: z.optional(positiveId()),
  name: requiredText(),
  surname: text(),
  phone: phoneSchema(region),
  email: z.pipe(z.string(says('not_text')).check(z.trim()), EmailSchema),
  gender: GenderSchema,
  patronymic: z.optional(text()),
  birthday: z.optional(BirthdaySchema),
  custom_field_values: z.optional(
    z
      .record(z.string().check(z.maxLength(100), z.refine(hasNoHiddenCharacters, says('hidden_characters'))), customFieldValue)
      .check(z.refine((values) => Object.keys(values).length <= 50, says('too_many_custom_fields')))
  ),
  agreements: z.optional(AgreementsSchema)
})

export const ClientSchema = clientSchema()

export const MAX_SLOTS = 100

/**
 * The booking as checked for a location whose country is `country` (phones may then be national). One
 * schema per country, kept: zod compiles a schema at its first parse, which costs more than the parse.
 */
export const bookingRequestSchemaFor = (country?: string | null) => {
  const region = country && isSupportedCountry(country) ? country : undefined
  let schema = requestSchemas.get(region)
  if (!schema) requestSchemas.set(region, (schema = requestSchemaOf(region)))
  return schema
}

const requestSchemaOf = (region: CountryCode | undefined) =>
  z.strictObject({
  client: clientSchema(region),
  clients_count: z
    .number(says('slots_not_number'))
    .check(z.int(says('slots_not_whole')), z.gte(1, says('slots_min')), z.lte(MAX_SLOTS, says('slots_max'))),
  /** Deprecated by the API in favour of `client.id`; accepted, and dropped on the wire when both are set. */
  client_id: z.optional(positiveId()),
  comer_id: z.optional(positiveId()),
  comer: z.optional(z.strictObject({ name: z.optional(text()) })),
  labels: z.optional(z.array(positiveId()).check(z.maxLength(50, says('too_many_tags'))))
})

const requestSchemas = new Map<CountryCode | undefined, ReturnType<typeof requestSchemaOf>>()
export const BookingRequestSchema = bookingRequestSchemaFor()

/**
 * A booking as the outbox stored it: checked in full when it was written, so reading it back checks its
 * shape only: no phone is validated again (libphonenumber) on a read, which keeps the window's first list
 * within its bench target.
 */
const upTo = (max: number) => z.string().check(z.maxLength(max))
export const StoredBookingRequestSchema = z.extend(BookingRequestSchema, {
  client: z.extend(ClientSchema, {
    phone: upTo(40),
    email: upTo(MAX_TEXT),
    birthday: z.optional(upTo(10)),
    // Stored before hidden characters were refused: still readable, refused only if edited.
    name: upTo(MAX_TEXT),
    surname: upTo(MAX_TEXT),
    patronymic: z.optional(upTo(MAX_TEXT)),
    custom_field_values: z.optional(z.record(upTo(100), customFieldValueOf(upTo(2000))))
  }),
  comer: z.optional(z.strictObject({ name: z.optional(upTo(MAX_TEXT)) }))
})

export type BookingRequest = z.infer<typeof BookingRequestSchema>
export type BookingClient = z.infer<typeof ClientSchema>

/** Location and event ids travel in the URL; the same rules as every other id. */
export const LocationIdSchema = positiveId()
export const EventIdSchema = positiveId()

/**
 * Field errors keyed by the wire path (`client.phone`), the same keys Altegio's 422 uses, so the window
 * shows the server's errors and its own on the same fields.
 */
export function fieldErrorsOf(error: $ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_'
    ;(out[key] ??= []).push(firstCode(issue.message))
  }
  return out
}
