import type { Clock } from '../../shared/clock.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import type { SettingsTable } from '../settings/settings-table.ts'

/**
 * Sent and discarded bookings past the retention period go, and their clients' details with them: once
 * now, then every `everyMs`. Returns the stop.
 */
export function startRetention(deps: { outbox: OutboxTable; settings: SettingsTable; clock: Clock; log: (m: string) => void; everyMs: number }): () => void {
  const { outbox, settings, clock, log } = deps
  const purgeExpired = (): void => {
    try {
      const days = settings.get().retentionDays
      const removed = outbox.purgeSettled(new Date(clock.now().getTime() - days * 86_400_000))
      if (removed > 0) log(`${removed} sent or discarded booking(s) older than ${days} days deleted with their clients' details`)
    } catch (error) {
      log(`retention sweep failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  purgeExpired()
  const sweeper = setInterval(purgeExpired, deps.everyMs)
  sweeper.unref()
  return () => clearInterval(sweeper)
}
