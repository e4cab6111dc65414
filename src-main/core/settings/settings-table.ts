import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { safeParse, type $ZodType } from 'zod/v4/core'
import type { SettingsGuard } from './settings-integrity.ts'
import { ApiBaseUrlSchema, DEFAULT_CLIENT_CACHE_DAYS, DEFAULT_RETENTION_DAYS, RetentionDaysSchema, SettingsSchema, type ManagedSettings, type Settings } from '../../shared/settings-schema.ts'
import { withManaged } from './managed-settings.ts'
import { inTransaction } from '../base/transaction.ts'

/**
 * The desk's settings, in the outbox database beside the bookings they belong to. Not secret: tokens
 * are in the keychain. A stored value that no longer passes its schema falls back to the default.
 * With a guard, each row is authenticated (settings-integrity.ts): one changed outside the app is
 * refused, its default used, and named by `refusedKeys()`. What `managed` (the administrator's policy)
 * fixes is read as the policy says, whatever is stored.
 */
export class SettingsTable {
  readonly #db: DatabaseSync
  readonly #defaults: Settings
  readonly #guard: SettingsGuard | undefined
  readonly #refused = new Set<string>()
  /** Compiled once: every submit reads the settings (the location's country, for the phone). */
  #rows: StatementSync | undefined

  readonly managed: ManagedSettings

  constructor(db: DatabaseSync, defaultApiBaseUrl: string, guard?: SettingsGuard, managed: ManagedSettings = {}) {
    this.#db = db
    this.managed = managed
    this.#guard = guard
    this.#defaults = {
      locationId: null,
      apiBaseUrl: ApiBaseUrlSchema.parse(defaultApiBaseUrl),
      locations: [],
      clientCacheDays: DEFAULT_CLIENT_CACHE_DAYS,
      retentionDays: DEFAULT_RETENTION_DAYS
    }
  }

  get(): Settings {
    this.#rows ??= this.#db.prepare('SELECT key, value FROM settings')
    const rows = this.#rows.all() as unknown as { key: string; value: string }[]
    const stored: Record<string, unknown> = {}
    this.#refused.clear()
    for (const { key, value } of rows) {
      if (this.#guard && !this.#guard.verify(key, value)) {
        this.#refused.add(key)
        continue
      }
      try {
        stored[key] = JSON.parse(value)
      } catch {
        // unreadable value: the default stands
      }
    }
    const settings = { ...this.#defaults }
    const location = storedValue(SettingsSchema.shape.locationId, stored.locationId)
    if (location !== undefined) settings.locationId = location
    const base = storedValue(ApiBaseUrlSchema, stored.apiBaseUrl)
    if (base !== undefined) settings.apiBaseUrl = base
    const locations = storedValue(SettingsSchema.shape.locations, stored.locations)
    if (locations !== undefined) settings.locations = locations
    const days = storedValue(SettingsSchema.shape.clientCacheDays, stored.clientCacheDays)
    if (days !== undefined) settings.clientCacheDays = days
    const retention = storedValue(RetentionDaysSchema, stored.retentionDays)
    if (retention !== undefined) settings.retentionDays = retention
    return withManaged(settings, this.managed)
  }

  save(changes: Partial<Settings>): Settings {
    const upsert = this.#db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    )
    inTransaction(this.#db, () => {
      const written: Record<string, string> = {}
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) continue
        written[key] = JSON.stringify(value)
        upsert.run(key, written[key])
      }
      this.#guard?.write(written)
    })
    return this.get()
  }

  /** Settings rows changed outside the app (their MAC does not match), ignored at the last read. */
  refusedKeys(): string[] {
    return [...this.#refused]
  }
}

/**
 * A stored value that passes `schema`, or undefined: the default then stands. A setting never saved is
 * not put through its schema (none accepts undefined), so no refusal is built for it: every submit reads
 * the settings, and a refusal built to be thrown away would cost each of them.
 */
function storedValue<T>(schema: $ZodType<T>, value: unknown): T | undefined {
  if (value === undefined) return undefined
  const parsed = safeParse(schema, value)
  return parsed.success ? parsed.data : undefined
}
