import { SettingsChangesSchema, type ManagedSettings, type Settings } from '../../shared/settings-schema.ts'
import type { HostVerdict } from '../altegio/host-policy.ts'
import { DeskError } from '../base/desk-error.ts'
import { parseInput } from '../base/parse-input.ts'
import { refuseManagedChanges } from './managed-settings.ts'
import type { SettingsTable } from './settings-table.ts'

/** The desk's settings calls (FrontDesk): read, save, and the values an administrator's policy fixes. */
export function settingsCalls(deps: {
  settings: SettingsTable
  check: (apiBaseUrl: string) => HostVerdict
  /** A changed API address ends the sign-in made at the old one (see address-session.ts). */
  bindSession: () => Promise<void>
  managed: ManagedSettings
  /** Told after each save (the keychain's settings version, settings-version-mark.ts). */
  saved?: () => Promise<void>
}) {
  return {
    async getSettings(): Promise<Settings> {
      return deps.settings.get()
    },
    /** A new API address must pass the host policy, and ends the sign-in made at the old one. */
    async saveSettings(changes: Partial<Settings>): Promise<Settings> {
      const parsed = parseInput(SettingsChangesSchema, changes)
      refuseManagedChanges(parsed, deps.managed)
      if (parsed.apiBaseUrl !== undefined) {
        const verdict = deps.check(parsed.apiBaseUrl)
        // A field error carries no params: under the field, the refusal is said without the host.
        if (!verdict.ok) throw new DeskError('invalid_input', verdict.code, verdict.params, { apiBaseUrl: [verdict.params ? 'api_host_not_allowed' : verdict.code] })
      }
      const saved = deps.settings.save(parsed)
      await deps.saved?.()
      await deps.bindSession()
      return saved
    },
    /** The settings an administrator's policy fixes (FrontDeskOptions.managed); staff cannot change them. */
    async managedSettings(): Promise<ManagedSettings> {
      return deps.settings.managed
    }
  }
}

export type SettingsCalls = ReturnType<typeof settingsCalls>
