import { z } from 'zod'
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min'
import { hasNoHiddenCharacters, hiddenCharacterMessage, noteHasNoHiddenCharacters } from './safe-text.ts'

/**
 * The body of `POST /v2/companies/{location_id}/activities/{event_id}/records`, field for field.
 *
 * One schema checks a booking twice: in the window as staff type, and again in the main process before
 * anything is stored, so the window can never put into the outbox what the desk would not send.
 * Strings are trimmed and phones normalised to E.164 in place (`overwrite` keeps the type), so the
 * parsed value is what goes on the wire and parsing it again changes nothing.
 */

const MAX_TEXT = 255

const text = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(MAX_TEXT, { error: `${label} is longer than ${MAX_TEXT} characters` })
    .refine(hasNoHiddenCharacters, { error: hiddenCharacterMessage(label) })

const requiredText = (label: string) => text(label).min(1, { error: `${label} is required` })

const positiveId = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .positive({ error: `${label} must be above zero` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${label} is too large` })

/** Normalises a phone to E.164 (`+13155550175`) when it parses; leaves it alone for the check to reject. */
function toE164(value: string, region: CountryCode | undefined): string {
  const parsed = parsePhoneNumberFromString(value, region)
  return parsed?.isValid() ? parsed.number : value
}

/**
 * A phone as staff type it. With the location's country as the default region, a national number
 * (`07911 123456` in GB) is accepted; either way the parsed value is E.164, which is what goes on the wire.
 */
export function phoneSchema(region?: CountryCode) {
  return z
    .string({ error: 'Phone must be text' })
    .trim()
    .max(40, { error: 'Phone is too long' })
    .min(1, { error: 'Phone is required' })
    .overwrite((value) => toE164(value, region))
    .refine((value) => parsePhoneNumberFromString(value, region)?.isValid() === true, {
      error: region ? 'Enter a valid phone number' : 'Enter a valid phone with its country code, e.g. +44 7911 123456'
    })
}

export const PhoneSchema = phoneSchema()

/** A phone as people read it (`+7 903 555 83 17`); older data without the plus is international too. */
export function displayPhone(value: string): string {
  const international = /^\d{10,15}$/.test(value) ? `+${value}` : value
  return parsePhoneNumberFromString(international)?.formatInternational() ?? value
}

export const EmailSchema = z.union([
  z.literal(''),
  z.email({ error: 'Enter a valid email, or leave it empty' }).max(MAX_TEXT, { error: 'Email is too long' })
])

/** A calendar date `YYYY-MM-DD` that exists and is not in the future. */
export const BirthdaySchema = z
  .string({ error: 'Birthday must be a date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Birthday must look like 1990-01-31' })
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`)
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
    },
    { error: 'Birthday is not a real date' }
  )
  .refine((value) => value >= '1900-01-01' && value <= new Date().toISOString().slice(0, 10), {
    error: 'Birthday must be between 1900 and today'
  })

/** 0 unknown, 1 male, 2 female. */
export const GenderSchema = z.union([z.literal(0), z.literal(1), z.literal(2)], {
  error: 'Gender must be unknown, male or female'
})

/** true / false, or null for "not asked". */
const consent = z.boolean().nullable().optional()

export const AgreementsSchema = z.strictObject({
  is_personal_data_processing_allowed: consent,
  is_newsletter_allowed: consent
})

const customFieldValueOf = (text: z.ZodType<string>) =>
  z.union([text, z.number(), z.boolean(), z.null(), z.array(z.union([text, z.number()])).max(50)])
const customFieldValue = customFieldValueOf(
  z.string().max(2000).refine(noteHasNoHiddenCharacters, { error: hiddenCharacterMessage('A custom field') })
)

const clientSchema = (region?: CountryCode) =>
  z.strictObject({
  id: positiveId('Client id').optional(),
  name: requiredText('First name'),
  surname: text('Last name'),
  phone: phoneSchema(region),
  email: z.string({ error: 'Email must be text' }).trim().pipe(EmailSchema),
  gender: GenderSchema,
  patronymic: text('Middle name').optional(),
  birthday: BirthdaySchema.optional(),
  custom_field_values: z
    .record(z.string().max(100).refine(hasNoHiddenCharacters, { error: hiddenCharacterMessage('A custom field name') }), customFieldValue)
    .refine((values) => Object.keys(values).length <= 50, { error: 'Too many custom fields' })
    .optional(),
  agreements: AgreementsSchema.optional()
})

export const ClientSchema = clientSchema()

export const MAX_SLOTS = 100

/** The booking as checked for a location whose country is `region` (phones may then be national). */
export const bookingRequestSchemaFor = (country?: string | null) =>
  z.strictObject({
  client: clientSchema(country && isSupportedCountry(country) ? country : undefined),
  clients_count: z
    .number({ error: 'Slots must be a number' })
    .int({ error: 'Slots must be a whole number' })
    .min(1, { error: 'Book at least one slot' })
    .max(MAX_SLOTS, { error: `Book at most ${MAX_SLOTS} slots at once` }),
  /** Deprecated by the API in favour of `client.id`; accepted, and dropped on the wire when both are set. */
  client_id: positiveId('Client id').optional(),
  comer_id: positiveId('Visitor id').optional(),
  comer: z.strictObject({ name: text('Visitor name').optional() }).optional(),
  labels: z.array(positiveId('Tag id')).max(50, { error: 'At most 50 tags' }).optional()
})

export const BookingRequestSchema = bookingRequestSchemaFor()

/**
 * A booking as the outbox stored it: checked in full when it was written, so reading it back checks its
 * shape only. Re-validating every phone with libphonenumber on each read made the window's first list of
 * 700 bookings cost ~35 ms twice over (the store's read and the IPC answer's check).
 */
export const StoredBookingRequestSchema = BookingRequestSchema.extend({
  client: ClientSchema.extend({
    phone: z.string().max(40),
    email: z.string().max(MAX_TEXT),
    birthday: z.string().max(10).optional(),
    // Stored before hidden characters were refused: still readable, refused only if edited.
    name: z.string().max(MAX_TEXT),
    surname: z.string().max(MAX_TEXT),
    patronymic: z.string().max(MAX_TEXT).optional(),
    custom_field_values: z.record(z.string().max(100), customFieldValueOf(z.string().max(2000))).optional()
  }),
  comer: z.strictObject({ name: z.string().max(MAX_TEXT).optional() }).optional()
})

export type BookingRequest = z.infer<typeof BookingRequestSchema>
export type BookingClient = z.infer<typeof ClientSchema>

/** What is sent: the validated request, without the deprecated `client_id` when `client.id` says it. */
export function toWireBody(request: BookingRequest): BookingRequest {
  if (request.client.id === undefined || request.client_id === undefined) return request
  const { client_id: _deprecated, ...body } = request
  return body
}

/** Location and event ids travel in the URL; the same rules as every other id. */
export const LocationIdSchema = positiveId('Location id')
export const EventIdSchema = positiveId('Event id')

/**
 * Field errors keyed by the wire path (`client.phone`), the same keys Altegio's 422 uses, so the window
 * shows the server's errors and its own on the same fields.
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}
