import type { DatabaseSync } from 'node:sqlite'
import { z } from 'zod'
import { LocationIdSchema } from './booking-schema.ts'

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

export const SettingsSchema = z.strictObject({
  locationId: LocationIdSchema.nullable(),
  apiBaseUrl: ApiBaseUrlSchema
})
export type Settings = z.infer<typeof SettingsSchema>

/**
 * The desk's settings, in the outbox database beside the bookings they belong to. Not secret: tokens
 * are in the keychain. A stored value that no longer passes its schema falls back to the default.
 */
export class SettingsStore {
  readonly #db: DatabaseSync
  readonly #defaults: Settings

  constructor(db: DatabaseSync, defaultApiBaseUrl: string) {
    this.#db = db
    this.#defaults = { locationId: null, apiBaseUrl: ApiBaseUrlSchema.parse(defaultApiBaseUrl) }
  }

  get(): Settings {
    const rows = this.#db.prepare('SELECT key, value FROM settings').all() as unknown as { key: string; value: string }[]
    const stored: Record<string, unknown> = {}
    for (const { key, value } of rows) {
      try {
        stored[key] = JSON.parse(value)
      } catch {
        // unreadable value: the default stands
      }
    }
    const settings = { ...this.#defaults }
    const location = LocationIdSchema.nullable().safeParse(stored.locationId)
    if (location.success) settings.locationId = location.data
    const base = ApiBaseUrlSchema.safeParse(stored.apiBaseUrl)
    if (base.success) settings.apiBaseUrl = base.data
    return settings
  }

  save(changes: Partial<Settings>): Settings {
    const upsert = this.#db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    )
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value))
    }
    return this.get()
  }
}
