import { z } from 'zod'
import { isSupportedCountry } from 'libphonenumber-js/min'
import { LocationIdSchema } from './booking-schema.ts'
import { hasNoHiddenCharacters, hiddenCharacterMessage } from './safe-text.ts'

/** What a desk's settings and tokens may be: pure schemas, shared with the window through the contract. */

export const DEFAULT_API_BASE = 'https://api.alteg.io/api'

/** A token as pasted: no spaces or control characters, which would break the Authorization header. */
export const TokenSchema = z
  .string({ error: 'Token must be text' })
  .trim()
  .min(1, { error: 'Token is empty' })
  .max(4096, { error: 'Token is too long' })
  .regex(/^[\x21-\x7e]+$/, { error: 'Token has spaces or characters a token cannot have' })

export const SaveTokensSchema = z
  .strictObject({ partnerToken: TokenSchema.optional(), userToken: TokenSchema.optional() })
  .refine((t) => t.partnerToken !== undefined || t.userToken !== undefined, { error: 'Enter a token to save' })

/** Tokens never cross the network in clear text, except to a simulator on this very machine. */
function isSafeApiBase(value: string): boolean {
  const url = new URL(value)
  if (url.protocol === 'https:') return true
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
}

export const ApiBaseUrlSchema = z
  .string({ error: 'API address must be text' })
  .trim()
  .max(500, { error: 'API address is too long' })
  .pipe(z.url({ protocol: /^https?$/, error: 'API address must be a web address like https://api.alteg.io/api' }))
  .refine(isSafeApiBase, { error: 'API address must use https (plain http is allowed only for this computer)' })
  .overwrite((value) => value.replace(/\/+$/, ''))

/** ISO 3166 alpha-2, the default region for phones typed without their country code. */
export const CountrySchema = z
  .string({ error: 'Country must be text' })
  .trim()
  .toUpperCase()
  .refine((value) => /^[A-Z]{2}$/.test(value) && isSupportedCountry(value), {
    error: 'Country must be a two-letter code such as GB, DE or RU'
  })

/** An IANA time zone the runtime knows, e.g. Europe/London: the zone Altegio's local event times are in. */
export const TimeZoneSchema = z
  .string({ error: 'Time zone must be text' })
  .trim()
  .max(64)
  .refine(isKnownTimeZone, { error: 'Time zone must be like Europe/London' })

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
  name: z.string().trim().max(100, { error: 'Name is too long' }).refine(hasNoHiddenCharacters, { error: hiddenCharacterMessage('Name') }),
  country: CountrySchema.nullable(),
  timeZone: TimeZoneSchema.nullable()
})
export type Location = z.infer<typeof LocationSchema>

export const DEFAULT_CLIENT_CACHE_DAYS = 30

/** How long a sent booking, with its client's details, stays on this computer. */
export const DEFAULT_RETENTION_DAYS = 30
export const RetentionDaysSchema = z
  .number({ error: 'Keep sent bookings for a number of days' })
  .int({ error: 'Days must be a whole number' })
  .min(1, { error: 'Keep sent bookings for at least 1 day' })
  .max(365, { error: 'Keep sent bookings for at most 365 days' })

export const SettingsSchema = z.strictObject({
  /** The active location. */
  locationId: LocationIdSchema.nullable(),
  apiBaseUrl: ApiBaseUrlSchema,
  /** Every location this desk knows; the active one is `locationId`. */
  locations: z.array(LocationSchema).max(20, { error: 'At most 20 locations' }),
  /** How long clients seen in searches stay on this computer for offline look-ups (personal data). */
  clientCacheDays: z
    .number({ error: 'Days must be a number' })
    .int({ error: 'Days must be a whole number' })
    .min(1, { error: 'Keep clients at least 1 day' })
    .max(365, { error: 'Keep clients at most 365 days' }),
  /** How long sent and discarded bookings, with their clients' details, stay on this computer. */
  retentionDays: RetentionDaysSchema
})
export type Settings = z.infer<typeof SettingsSchema>

/** The location the settings name, with defaults when it was set by id alone. */
export function locationOf(settings: Pick<Settings, 'locations'>, id: number): Location {
  return settings.locations.find((location) => location.id === id) ?? { id, name: '', country: null, timeZone: null }
}
