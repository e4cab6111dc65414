import type { DatabaseSync } from 'node:sqlite'
import { LocationIdSchema } from '../../shared/booking-schema.ts'
import { ApiBaseUrlSchema, DEFAULT_CLIENT_CACHE_DAYS, DEFAULT_RETENTION_DAYS, RetentionDaysSchema, SettingsSchema, type Settings } from '../../shared/settings-schema.ts'

/**
 * The desk's settings, in the outbox database beside the bookings they belong to. Not secret: tokens
 * are in the keychain. A stored value that no longer passes its schema falls back to the default.
 */
export class SettingsTable {
  readonly #db: DatabaseSync
  readonly #defaults: Settings

  constructor(db: DatabaseSync, defaultApiBaseUrl: string) {
    this.#db = db
    this.#defaults = {
      locationId: null,
      apiBaseUrl: ApiBaseUrlSchema.parse(defaultApiBaseUrl),
      locations: [],
      clientCacheDays: DEFAULT_CLIENT_CACHE_DAYS,
      retentionDays: DEFAULT_RETENTION_DAYS
    }
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
    const locations = SettingsSchema.shape.locations.safeParse(stored.locations)
    if (locations.success) settings.locations = locations.data
    const days = SettingsSchema.shape.clientCacheDays.safeParse(stored.clientCacheDays)
    if (days.success) settings.clientCacheDays = days.data
    const retention = RetentionDaysSchema.safeParse(stored.retentionDays)
    if (retention.success) settings.retentionDays = retention.data
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
