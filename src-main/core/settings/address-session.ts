import type { DatabaseSync } from 'node:sqlite'
import { SettingsSchema, type ManagedSettings, type Settings } from '../../shared/settings-schema.ts'
import type { HostVerdict } from '../altegio/host-policy.ts'
import { DeskError } from '../base/desk-error.ts'
import { parseInput } from '../base/parse-input.ts'
import { refuseManagedChanges } from './managed-settings.ts'
import type { SettingsTable } from './settings-table.ts'

/** The API address the saved user token and the cached clients came from. */
const SESSION_ADDRESS = 'session-api-base'

/**
 * A sign-in belongs to the API address it was made at. Whenever the address in use differs from the one
 * recorded — changed in Settings, a new default from the shell, a different policy — `forget` drops the
 * user token and the cached clients, so a fresh sign-in is needed and nothing learnt from one server is
 * shown or sent as if it came from another. Called at start-up and after every settings change.
 *
 * A desk that recorded no address yet (first start, or an outbox from before this rule) just records it.
 */
export async function bindSessionToAddress(db: DatabaseSync, current: string, forget: () => Promise<void>): Promise<boolean> {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(SESSION_ADDRESS) as { value: string } | undefined
  const changed = row !== undefined && row.value !== current
  if (changed) await forget()
  if (row?.value !== current) {
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SESSION_ADDRESS, current)
  }
  return changed
}

/** Saving settings: a new API address must pass the host policy, and ends the sign-in made at the old one. */
export function settingsSaver(deps: {
  settings: SettingsTable
  check: (apiBaseUrl: string) => HostVerdict
  bindSession: () => Promise<void>
  managed: ManagedSettings
}): (changes: unknown) => Promise<Settings> {
  return async (changes) => {
    const parsed = parseInput(SettingsSchema.partial().strict(), changes)
    refuseManagedChanges(parsed, deps.managed)
    if (parsed.apiBaseUrl !== undefined) {
      const verdict = deps.check(parsed.apiBaseUrl)
      // A field error carries no params: under the field, the refusal is said without the host.
      if (!verdict.ok) throw new DeskError('invalid_input', verdict.code, verdict.params, { apiBaseUrl: [verdict.params ? 'api_host_not_allowed' : verdict.code] })
    }
    const saved = deps.settings.save(parsed)
    await deps.bindSession()
    return saved
  }
}
