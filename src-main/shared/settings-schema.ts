import { z } from 'zod'
import { isSupportedCountry } from 'libphonenumber-js/min'
import { LocationIdSchema, hasNoHiddenCharacters } from './booking-schema.ts'
import { says } from './error-codes.ts'

/** What a desk's settings and tokens may be: pure schemas, shared with the window through the contract. */

export const DEFAULT_API_BASE = 'https://api.alteg.io/api'

/** A token as pasted: no spaces or control characters, which would break the Authorization header. */
export const TokenSchema = z
  .string(says('token_not_text'))
  .trim()
  .min(1, says('token_empty'))
  .max(4096, says('token_too_long'))
  .regex(/^[\x21-\x7e]+$/, says('token_characters'))

export const SaveTokensSchema = z
  .strictObject({ partnerToken: TokenSchema.optional(), userToken: TokenSchema.optional() })
  .refine((t) => t.partnerToken !== undefined || t.userToken !== undefined, says('token_none'))

/** Tokens never cross the network in clear text, except to a simulator on this very machine. */
function isSafeApiBase(value: string): boolean {
  // Runs even after the URL check failed (zod reports every issue): text that is not a URL is not safe.
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  if (url.protocol === 'https:') return true
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
}

export const ApiBaseUrlSchema = z
  .string(says('api_not_text'))
  .trim()
  .max(500, says('api_too_long'))
  .pipe(z.url({ protocol: /^https?$/, ...says('api_not_url') }))
  .refine(isSafeApiBase, says('api_not_https'))
  .overwrite((value) => value.replace(/\/+$/, ''))

/** ISO 3166 alpha-2, the default region for phones typed without their country code. */
export const CountrySchema = z
  .string(says('country_not_text'))
  .trim()
  .toUpperCase()
  .refine((value) => /^[A-Z]{2}$/.test(value) && isSupportedCountry(value), says('country_code'))

/** An IANA time zone the runtime knows, e.g. Europe/London: the zone Altegio's local event times are in. */
export const TimeZoneSchema = z
  .string(says('time_zone_not_text'))
  .trim()
  .max(64)
  .refine(isKnownTimeZone, says('time_zone_unknown'))

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
  name: z.string().trim().max(100, says('name_too_long')).refine(hasNoHiddenCharacters, says('hidden_characters')),
  country: CountrySchema.nullable(),
  timeZone: TimeZoneSchema.nullable()
})
export type Location = z.infer<typeof LocationSchema>

export const DEFAULT_CLIENT_CACHE_DAYS = 30

/** How long a sent booking, with its client's details, stays on this computer. */
export const DEFAULT_RETENTION_DAYS = 30
export const RetentionDaysSchema = z
  .number(says('retention_not_number'))
  .int(says('days_not_whole'))
  .min(1, says('retention_min'))
  .max(365, says('retention_max'))

export const SettingsSchema = z.strictObject({
  /** The active location. */
  locationId: LocationIdSchema.nullable(),
  apiBaseUrl: ApiBaseUrlSchema,
  /** Every location this desk knows; the active one is `locationId`. */
  locations: z.array(LocationSchema).max(20, says('too_many_locations')),
  /** How long clients seen in searches stay on this computer for offline look-ups (personal data). */
  clientCacheDays: z
    .number(says('days_not_number'))
    .int(says('days_not_whole'))
    .min(1, says('client_days_min'))
    .max(365, says('client_days_max')),
  /** How long sent and discarded bookings, with their clients' details, stay on this computer. */
  retentionDays: RetentionDaysSchema
})
export type Settings = z.infer<typeof SettingsSchema>

/**
 * What an administrator's policy fixes for this desk (src-main/shell/admin-policy.ts): the address
 * bookings go to, the location and its country. Staff see these values and cannot change them.
 */
export const ManagedSettingsSchema = z.strictObject({
  apiBaseUrl: ApiBaseUrlSchema.optional(),
  locationId: LocationIdSchema.optional(),
  country: CountrySchema.optional()
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

/** Whether each token is saved; never the tokens themselves. */
export const TokenStatusSchema = z.strictObject({
  partner: z.boolean(),
  user: z.boolean(),
  /** Who the user token is, by the name their sign-in gave; absent for a token saved by hand. */
  staffName: z.string().min(1).max(255).optional()
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
