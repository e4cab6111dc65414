import { z } from 'zod'
import { LocationIdSchema } from './booking-schema.ts'

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

/** How long a sent booking, with its client's details, stays on this computer. */
export const DEFAULT_RETENTION_DAYS = 30
export const RetentionDaysSchema = z
  .number({ error: 'Keep sent bookings for a number of days' })
  .int({ error: 'Days must be a whole number' })
  .min(1, { error: 'Keep sent bookings for at least 1 day' })
  .max(365, { error: 'Keep sent bookings for at most 365 days' })

export const SettingsSchema = z.strictObject({
  locationId: LocationIdSchema.nullable(),
  apiBaseUrl: ApiBaseUrlSchema,
  retentionDays: RetentionDaysSchema
})
export type Settings = z.infer<typeof SettingsSchema>
