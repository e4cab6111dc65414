import { randomUUID } from 'node:crypto'
import type { BookingRequest } from '../../shared/booking-schema.ts'
import type { Mark } from '../../shared/roster-schemas.ts'
import type { BookedClass, DeliveryError, OutboxItem, OutboxStatus, StaffSignature } from '../../shared/outbox-item.ts'
import { ACTIVE_STATUSES, fromStatuses, sqlList } from '../../shared/outbox-status.ts'
import { iso, OutboxStatements, quoted } from './outbox-statements.ts'

/** What Altegio held instead of what the desk last read. */
export type ActionConflict = NonNullable<OutboxItem['conflict']>

/**
 * An action's turn: queued and due; no earlier action on the same record still active (one record's
 * actions go in the order staff made them, one at a time); and, for an action on this desk's own booking,
 * that booking sent with its record id. Ends in a WHERE clause over `a`.
 */
const ACTION_IN_LINE = `a.status = 'queued' AND a.kind IN ('mark', 'cancel')
  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.kind <> 'booking' AND e.target = a.target AND e.seq < a.seq
                  AND e.status IN (${sqlList(ACTIVE_STATUSES)}))
  AND (a.after_booking_id IS NULL OR EXISTS (SELECT 1 FROM outbox b WHERE b.id = a.after_booking_id AND b.kind = 'booking'
                                             AND b.status = 'sent' AND b.record_id IS NOT NULL))`

/** Named: without statistics SQLite would read every queued booking through the (status, seq) index to find the actions. */
const BY_KIND = 'INDEXED BY outbox_by_status_kind_event'

/**
 * The outbox's statements for marks and cancellations: rows of the same table as bookings (their `kind`),
 * each transition one statement guarded by TRANSITIONS like a booking's. An action names its record by
 * `target` (`booking:<outbox id>` when this desk made the booking, else `record:<id>`), so every action on
 * one record waits its turn behind the earlier ones, whichever way staff reached it.
 */
export class OutboxActionStatements extends OutboxStatements {
  insertAction(input: {
    kind: 'mark' | 'cancel'
    locationId: number
    eventId: number
    target: string
    recordId?: string
    afterBookingId?: string
    mark?: Mark
    markFrom?: Mark
    request: BookingRequest
    event?: BookedClass
    staff?: StaffSignature
    now: Date
  }): OutboxItem {
    const id = randomUUID()
    const now = iso(input.now)
    const row = this.statement(
      `INSERT INTO outbox (id, kind, location_id, event_id, request, status, created_at, updated_at, next_attempt_at, event, staff,
                           record_id, after_booking_id, target, mark, mark_from)
       VALUES (:id, :kind, :location_id, :event_id, seal('outbox.request', :id, :request), 'queued', :now, :now, :now, :event,
               seal('outbox.staff', :id, :staff), :record_id, :after_booking_id, :target, :mark, :mark_from) RETURNING seq`
    ).get({
      id,
      kind: input.kind,
      location_id: input.locationId,
      event_id: input.eventId,
      request: JSON.stringify(input.request),
      now,
      event: input.event ? JSON.stringify(input.event) : null,
      staff: input.staff ? JSON.stringify(input.staff) : null,
      record_id: input.recordId ?? null,
      after_booking_id: input.afterBookingId ?? null,
      target: input.target,
      mark: input.mark ?? null,
      mark_from: input.markFrom ?? null
    }) as { seq: number }
    return this.itemsOf([row.seq])[0]!
  }

  /** One record's actions in these statuses, oldest first. */
  actionsOf(target: string, statuses: readonly OutboxStatus[]): OutboxItem[] {
    return this.many(
      `SELECT * FROM outbox WHERE kind <> 'booking' AND target = ? AND status IN (${quoted(statuses)}) ORDER BY seq`,
      target
    )
  }

  /** One class's marks and cancellations in these statuses, oldest first. */
  actionsForEvent(locationId: number, eventId: number, statuses: readonly OutboxStatus[]): OutboxItem[] {
    return this.many(
      `SELECT * FROM outbox WHERE location_id = ? AND event_id = ? AND kind <> 'booking' AND status IN (${quoted(statuses)}) ORDER BY seq`,
      locationId,
      eventId
    )
  }

  /** This desk's booking that owns the record, if any. */
  bookingOfRecord(recordId: string): OutboxItem | undefined {
    return this.one(`SELECT * FROM outbox WHERE record_id = ? AND kind = 'booking'`, recordId)
  }

  /** Actions whose turn has come, oldest first. */
  dueActions(now: Date, limit: number): OutboxItem[] {
    return this.bySeq(`SELECT a.seq FROM outbox a ${BY_KIND} WHERE ${ACTION_IN_LINE} AND a.next_attempt_at <= ? ORDER BY a.seq LIMIT ?`, iso(now), limit)
  }

  /** When the earliest action in line becomes due; actions waiting for their booking are not counted. */
  nextActionDueAt(): Date | undefined {
    const row = this.statement(`SELECT MIN(a.next_attempt_at) AS at FROM outbox a ${BY_KIND} WHERE ${ACTION_IN_LINE}`).get() as { at: string | null }
    return row.at ? new Date(row.at) : undefined
  }

  /**
   * queued → sending for an action, on disk before its first request: an action on this desk's booking
   * takes that booking's record id now.
   */
  claimAction(id: string, now: Date): Promise<OutboxItem | undefined> {
    return this.durableOffThread(() =>
      this.transition(
        id,
        fromStatuses('claim'),
        `status = 'sending', attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, :now),
         last_attempt_at = :now, next_attempt_at = NULL, error = NULL, updated_at = :now,
         record_id = COALESCE(record_id, (SELECT b.record_id FROM outbox b WHERE b.id = outbox.after_booking_id AND b.kind = 'booking'))`,
        { now: iso(now) }
      )
    )
  }

  /** A later mark folded into a row not yet sent: queued again (a held row stays held), with the new intent. */
  remark(id: string, mark: Mark, markFrom: Mark | undefined, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('remark'),
      `mark = :mark, mark_from = COALESCE(:mark_from, mark_from), conflict = NULL, next_attempt_at = :now, updated_at = :now,
       error = CASE status WHEN 'held' THEN error ELSE NULL END,
       status = CASE status WHEN 'held' THEN 'held' ELSE 'queued' END`,
      { mark, mark_from: markFrom ?? null, now: iso(now) }
    )
  }

  /** queued / held → discarded by the desk, with the reason: never sent. */
  settleAction(id: string, reason: DeliveryError, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('settle'),
      `status = 'discarded', next_attempt_at = NULL, error = seal('outbox.error', id, :error), updated_at = :now`,
      { error: JSON.stringify(reason), now: iso(now) }
    )
  }

  /** Every waiting action whose booking failed, was discarded or is gone: settled, never sent. */
  settleOrphanedActions(reason: DeliveryError, now: Date): OutboxItem[] {
    return this.bulk(
      `kind <> 'booking' AND status IN (${sqlList(fromStatuses('settle'))}) AND after_booking_id IS NOT NULL AND record_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.id = outbox.after_booking_id AND b.kind = 'booking'
                       AND b.status NOT IN ('failed', 'discarded'))`,
      `status = 'discarded', next_attempt_at = NULL, error = seal('outbox.error', id, :error), updated_at = :now`,
      { error: JSON.stringify(reason), now: iso(now) }
    )
  }

  /** sending / unknown → failed: Altegio's record changed since the desk read it; nothing was written. */
  markConflict(id: string, conflict: ActionConflict, error: DeliveryError, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('conflict'),
      `status = 'failed', conflict = :conflict, error = seal('outbox.error', id, :error), look_up_at = NULL, updated_at = :now`,
      { conflict: JSON.stringify(conflict), error: JSON.stringify(error), now: iso(now) }
    )
  }

  /** A sent mark's note of the attendance it replaced, so that Undo restores it (waiting, or confirmed). */
  noteAttendanceBefore(id: string, attendance: number): void {
    this.statement(`UPDATE outbox SET attendance_before = ? WHERE id = ? AND kind = 'mark'`).run(attendance, id)
  }

  /** The attendance the record held before this desk first marked it (0 or 2), if a sent mark noted it. */
  attendanceBeforeMarks(id: string): number | undefined {
    const row = this.statement(
      `SELECT attendance_before AS n FROM outbox WHERE kind = 'mark' AND status = 'sent' AND attendance_before IS NOT NULL
       AND target = (SELECT target FROM outbox WHERE id = ?) ORDER BY seq DESC LIMIT 1`
    ).get(id) as { n: number } | undefined
    return row?.n
  }

  /** failed → discarded by staff's "Book again and mark arrived": the new booking and its mark carry on. */
  rebookAction(id: string, now: Date): OutboxItem | undefined {
    return this.transition(id, fromStatuses('rebook'), `status = 'discarded', next_attempt_at = NULL, updated_at = :now`, { now: iso(now) })
  }
}
