import type { Sealing } from '../outbox/sealing.ts'
import type { SettingsTable } from '../settings/settings-table.ts'

/** What the desk found on disk that it did not write, and so will not trust: said once, at start-up, for support. */
export function reportRefusals(log: (message: string) => void, refused: Sealing['refused'], settings: SettingsTable): void {
  if (refused.outboxRows.length > 0) {
    log(`refused ${refused.outboxRows.length} outbox row(s) not sealed by this desk (kept aside, never sent): ${refused.outboxRows.join(', ')}`)
  }
  if (refused.cachedClients > 0) log(`refused ${refused.cachedClients} cached client row(s) not sealed by this desk`)
  settings.get()
  const keys = settings.refusedKeys()
  if (keys.length > 0) log(`refused settings changed outside the app (their defaults are used until saved again): ${keys.join(', ')}`)
}
