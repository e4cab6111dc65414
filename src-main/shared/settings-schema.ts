import * as z from 'zod/mini'
import { isSupportedCountry } from 'libphonenumber-js/min'
import { LocationIdSchema, hasNoHiddenCharacters } from './booking-schema.ts'
import { says } from './error-codes.ts'

/**
 * What a desk's settings, tokens and sign-in may be: pure schemas, shared with the window through the
 * contract. Written with zod/mini, as booking-schema.ts is: the window runs these to check its forms,
 * and zod/mini leaves out of its bundle what it never calls (zod's JSON Schema, its English messages).
 */

export const DEFAULT_API_BASE = 'https://api.alteg.io/api'

/** A token as pasted: no spaces or control characters, which would break the Authorization header. */
export const TokenSchema = z
  .string(says('token_not_text'))
  .check(z.trim(), z.minLength(1, says('token_empty')), z.maxLength(4096, says('token_too_long')), z.regex(/^[\x21-\x7e]+$/, says('token_characters')))

export const SaveTokensSchema = z
  .strictObject({ partnerToken: z.optional(TokenSchema), userToken: z.optional(TokenSchema) })
  .check(z.refine((t) => t.partnerToken !== undefined || t.userToken !== undefined, says('token_none')))

/** Tokens never cross the network in clear text, except to a simulator on this very machine. */
function isSafeApiBase(value: string): boolean {
  // Runs even after the URL check failed (zod reports every issue): text that is not a URL is not safe.
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  if (url.protocol === 'https:') return true
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
}

export const ApiBaseUrlSchema = z
  .pipe(z.string(says('api_not_text')).check(z.trim(), z.maxLength(500, says('api_too_long'))), z.url({ protocol: /^https?$/, ...says('api_not_url') }))
  .check(
    z.refine(isSafeApiBase, says('api_not_https')),
    z.overwrite((value) => value.replace(/\/+$/, ''))
  )

/** ISO 3166 alpha-2, the default region for phones typed without their country code. */
export const CountrySchema = z
  .string(says('country_not_text'))
  .check(z.trim(), z.toUpperCase(), z.refine((value) => /^[A-Z]{2}$/.test(value) && isSupportedCountry(value), says('country_code')))

/** An IANA time zone the runtime knows, e.g. Europe/London: the zone Altegio's local event times are in. */
export const TimeZoneSchema = z
  .string(says('time_zone_not_text'))
  .check(z.trim(), z.maxLength(64), z.refine(isKnownTimeZone, says('time_zone_unknown')))

function isKnownTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return value.length > 0
  } catch {
    return false
  }
}

/**
 * One Altegio location (company) this desk may book into. `country` null: phones need their +code;
 * `timeZone` null: the computer's own zone (a desk normally stands in the location it serves).
 */
export const LocationSchema = z.strictObject({
  id: LocationIdSchema,
  name: z.string().check(z.trim(), z.maxLength(100, says('name_too_long')), z.refine(hasNoHiddenCharacters, says('hidden_characters'))),
  country: z.nullable(CountrySchema),
  timeZone: z.nullable(TimeZoneSchema)
})
export type Location = z.infer<typeof LocationSchema>

export const DEFAULT_CLIENT_CACHE_DAYS = 30

/** How long a sent booking, with its client's details, stays on this computer. */
export const DEFAULT_RETENTION_DAYS = 30
export const RetentionDaysSchema = z
  .number(says('retention_not_number'))
  .check(z.int(says('days_not_whole')), z.gte(1, says('retention_min')), z.lte(365, says('retention_max')))

export const SettingsSchema = z.strictObject({
  /** The active location. */
  locationId: z.nullable(LocationIdSchema),
  apiBaseUrl: ApiBaseUrlSchema,
  /** Every location this desk knows; the active one is `locationId`. */
  locations: z.array(LocationSchema).check(z.maxLength(20, says('too_many_locations'))),
  /** How long clients seen in searches stay on this computer for offline look-ups (personal data). */
  clientCacheDays: z
    .number(says('days_not_number'))
    .check(z.int(says('days_not_whole')), z.gte(1, says('client_days_min')), z.lte(365, says('client_days_max'))),
  /** How long sent and discarded bookings, with their clients' details, stay on this computer. */
  retentionDays: RetentionDaysSchema
})
export type Settings = z.infer<typeof SettingsSchema>

/** A change to the settings: any of their fields, and nothing else. */
export const SettingsChangesSchema = z.partial(SettingsSchema)

/**
 * What an administrator's policy fixes for this desk (src-main/shell/admin-policy.ts): the address
 * bookings go to, the location and its country. Staff see these values and cannot change them.
 */
export const ManagedSettingsSchema = z.strictObject({
  apiBaseUrl: z.optional(ApiBaseUrlSchema),
  locationId: z.optional(LocationIdSchema),
  country: z.optional(CountrySchema)
})
export type ManagedSettings = z.infer<typeof ManagedSettingsSchema>

/** The location the settings name, with defaults when it was set by id alone. */
export function locationOf(settings: Pick<Settings, 'locations'>, id: number): Location {
  return settings.locations.find((location) => location.id === id) ?? { id, name: '', country: null, timeZone: null }
}

/** The country of the location a raw request names, if it names a known one: the default region for its phones. */
export function countryOf(settings: Pick<Settings, 'locations'>, raw: unknown): string | null {
  const locationId = (raw as { locationId?: unknown } | null)?.locationId
  return typeof locationId === 'number' ? locationOf(settings, locationId).country : null
}

/** Staff's sign-in to Altegio, which gives the user token. */
export const LoginSchema = z.strictObject({
  login: z
    .string(says('login_not_text'))
    .check(z.trim(), z.minLength(1, says('login_required')), z.maxLength(255), z.refine(hasNoHiddenCharacters, says('hidden_characters'))),
  password: z.string(says('password_not_text')).check(z.minLength(1, says('password_required')), z.maxLength(1024))
})
export type LoginInput = z.infer<typeof LoginSchema>

/** Whether each token is saved; never the tokens themselves. */
export const TokenStatusSchema = z.strictObject({
  partner: z.boolean(),
  user: z.boolean(),
  /** Who the user token is, by the name their sign-in gave; absent for a token saved by hand. */
  staffName: z.optional(z.string().check(z.minLength(1), z.maxLength(255)))
})
export type TokenStatus = z.infer<typeof TokenStatusSchema>

/**
 * Whether the create call the desk uses, `POST /v2/companies/{location_id}/activities/{event_id}/records`
 * (Altegio's v2 pages, the seed), is documented for the configured API host. The YCLIENTS API Blueprint
 * has no v2 create call: its way into a group class is `POST /records/{company_id}` with `activity_id`.
 * On YCLIENTS' host the desk assumes the seed's path is answered, and staff are told so before a booking.
 */
const HOSTS_WITHOUT_THE_CREATE_CALL: ReadonlySet<string> = new Set(['api.yclients.com'])

export function createPathAssumed(apiBaseUrl: string): boolean {
  try {
    return HOSTS_WITHOUT_THE_CREATE_CALL.has(new URL(apiBaseUrl).hostname.toLowerCase())
  } catch {
    return false
  }
}
