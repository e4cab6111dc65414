import type { DeliveryError, LookUpEvidence, OutboxItem } from '../../shared/outbox-item.ts'
import { fromStatuses, sqlList } from '../../shared/outbox-status.ts'
import { iso } from './outbox-statements.ts'
import { OutboxActionStatements } from './action-statements.ts'

/**
 * The outbox's statements for the look-up of items whose fate is unknown: how they become `unknown` (no
 * answer, or a stop mid-request), when each is due, and what a look-up's verdict writes. Each transition
 * is one statement guarded by TRANSITIONS, as every other.
 */
export class OutboxLookUpStatements extends OutboxActionStatements {
  /** sending → unknown: looked up in Altegio from `lookUpAt`, once a late answer can no longer create it. */
  markUnknown(id: string, error: DeliveryError, lookUpAt: Date, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('unknown'),
      `status = 'unknown', error = seal('outbox.error', id, :error), look_up_at = :look_up_at, look_ups = 0, last_look_up = NULL, updated_at = :now`,
      { error: JSON.stringify(error), look_up_at: iso(lookUpAt), now: iso(now) }
    )
  }

  /**
   * Items left `sending` by a process that stopped mid-request become `unknown`: the request may have
   * reached Altegio. They are looked up `checkAfterMs` after their request left.
   */
  recoverInterrupted(error: DeliveryError, now: Date, checkAfterMs: number): OutboxItem[] {
    return this.bulk(
      `status IN (${sqlList(fromStatuses('interrupted'))})`,
      `status = 'unknown', error = seal('outbox.error', id, :error), look_ups = 0, last_look_up = NULL, updated_at = :now,
       look_up_at = strftime('%Y-%m-%dT%H:%M:%fZ', COALESCE(last_attempt_at, :now), :offset)`,
      { error: JSON.stringify(error), now: iso(now), offset: `+${(checkAfterMs / 1000).toFixed(3)} seconds` }
    )
  }

  /** Unknown items whose lookup is due, oldest first; the query leaves `except` out, so no row is opened to be dropped. */
  dueForLookUp(now: Date, limit = 20, except: Iterable<string> = []): OutboxItem[] {
    const sql = `SELECT * FROM outbox WHERE status = 'unknown' AND look_up_at <= ? AND id NOT IN (SELECT value FROM json_each(?))`
    return this.many(`${sql} ORDER BY look_up_at, seq LIMIT ?`, iso(now), JSON.stringify([...except]), limit)
  }

  nextLookUpAt(): Date | undefined {
    const row = this.db.prepare(`SELECT MIN(look_up_at) AS at FROM outbox WHERE status = 'unknown'`).get() as { at: string | null }
    return row.at ? new Date(row.at) : undefined
  }

  /** Which of these record ids an outbox item already owns. */
  claimedRecordIds(recordIds: readonly string[]): Set<string> {
    if (recordIds.length === 0) return new Set()
    const rows = this.db
      .prepare(`SELECT record_id FROM outbox WHERE kind = 'booking' AND record_id IN (${recordIds.map(() => '?').join(', ')})`)
      .all(...recordIds) as { record_id: string }[]
    return new Set(rows.map((row) => row.record_id))
  }

  /**
   * unknown → sent: Altegio holds its record (found by a lookup, or staff say so). Undefined when the
   * item moved on, or when another item already owns the record (one record, one booking).
   */
  markFound(id: string, recordId: string | null, evidence: LookUpEvidence | undefined, now: Date): OutboxItem | undefined {
    try {
      return this.transition(
        id,
        fromStatuses('found'),
        `status = 'sent', record_id = :record_id, sent_at = :now, error = NULL, look_up_at = NULL,
         last_look_up = COALESCE(seal('outbox.reconciliation', id, :evidence), last_look_up), updated_at = :now`,
        { record_id: recordId, evidence: evidence ? JSON.stringify(evidence) : null, now: iso(now) }
      )
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message)) return undefined
      throw error
    }
  }

  /** unknown → queued: a lookup showed Altegio certainly has no record of it; send it again now. */
  markAbsent(id: string, evidence: LookUpEvidence, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('absent'),
      `status = 'queued', next_attempt_at = :now, error = NULL, look_up_at = NULL, last_look_up = seal('outbox.reconciliation', id, :evidence), updated_at = :now`,
      { evidence: JSON.stringify(evidence), now: iso(now) }
    )
  }

  /** unknown stays unknown: the lookup could not tell; keep its evidence and look again at `lookUpAt`. */
  markUnclear(id: string, evidence: LookUpEvidence, lookUpAt: Date, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('unclear'),
      `look_ups = look_ups + 1, look_up_at = :look_up_at, last_look_up = seal('outbox.reconciliation', id, :evidence), updated_at = :now`,
      { evidence: JSON.stringify(evidence), look_up_at: iso(lookUpAt), now: iso(now) }
    )
  }

  /** How many lookups an unknown item has had that could not tell. */
  lookUpsOf(id: string): number {
    const row = this.db.prepare('SELECT look_ups FROM outbox WHERE id = ?').get(id) as { look_ups: number } | undefined
    return row?.look_ups ?? 0
  }
}
