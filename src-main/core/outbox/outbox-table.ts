import { randomUUID } from 'node:crypto'
import type { BookingRequest } from '../../shared/booking-schema.ts'
import type { BookedClass, DeliveryError, OutboxItem, OutboxStatus, StaffSignature } from '../../shared/outbox-item.ts'
import { ACTIVE_STATUSES, OUTBOX_STATUSES, SETTLED_STATUSES, fromStatuses, sqlList } from '../../shared/outbox-status.ts'
import { iso, pageQuery, quoted, type PagePart } from './outbox-statements.ts'
import { OutboxLookUpStatements } from './look-up-statements.ts'

/**
 * Each event's first queued booking (marks and cancellations have their own line: action-statements.ts), unless an item of that event is in flight: items for one event leave
 * in submission order (the first to ask gets the last place), one at a time. Ends in a WHERE clause.
 */
// A skip-scan of the (status, location, event, seq) index: one seek per event with queued items, however
// many are queued. Asking of every queued row whether another was ahead of it read them all, each call.
const FIRST_IN_LINE = `WITH RECURSIVE head(location_id, event_id, seq) AS (
    SELECT * FROM (SELECT location_id, event_id, seq FROM outbox WHERE status = 'queued' AND kind = 'booking' ORDER BY location_id, event_id, seq LIMIT 1)
    UNION ALL
    SELECT next.location_id, next.event_id, next.seq FROM head CROSS JOIN outbox AS next ON next.seq = COALESCE(
      (SELECT seq FROM outbox WHERE status = 'queued' AND kind = 'booking' AND location_id = head.location_id AND event_id > head.event_id
       ORDER BY event_id, seq LIMIT 1),
      (SELECT seq FROM outbox WHERE status = 'queued' AND kind = 'booking' AND location_id > head.location_id ORDER BY location_id, event_id, seq LIMIT 1)))
  SELECT outbox.seq, outbox.next_attempt_at FROM head CROSS JOIN outbox ON outbox.seq = head.seq
  WHERE NOT EXISTS (
    SELECT 1 FROM outbox ahead WHERE ahead.status = 'sending' AND ahead.kind = 'booking' AND ahead.location_id = head.location_id AND ahead.event_id = head.event_id)`

/**
 * The outbox's rows and the only code that changes them.
 *
 * Every transition is one statement guarded by the statuses it may leave, as TRANSITIONS (outbox-status.ts)
 * lists them (`WHERE status IN ...`), so a change
 * that lost a race changes nothing and says so by returning undefined. Each statement commits on its
 * own, durably (see openOutboxDatabase); `claim` is durable when it resolves, `markSent` with the next
 * durable commit.
 *
 * The columns that can hold personal data (`request`, `error`, `last_look_up` (the last look-up's evidence), `staff`) are written through
 * the SQL function `seal(column, id, text)` and opened in the row reader, both from openSealing: encrypted at
 * rest, row by row. Items read back are kept in memory (OutboxStatements), so listing costs an index
 * read plus only the rows not seen before, however long the history.
 */
export class OutboxTable extends OutboxLookUpStatements {
  insert(input: { locationId: number; eventId: number; request: BookingRequest; now: Date; event?: BookedClass; staff?: StaffSignature }): OutboxItem {
    const id = randomUUID()
    const now = iso(input.now)
    const { seq } = this.statement(
      `INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at, next_attempt_at, event, staff)
       VALUES (:id, :location_id, :event_id, seal('outbox.request', :id, :request), 'queued', :now, :now, :now, :event,
               seal('outbox.staff', :id, :staff)) RETURNING seq`
    ).get({
      id,
      location_id: input.locationId,
      event_id: input.eventId,
      request: JSON.stringify(input.request),
      now,
      event: input.event ? JSON.stringify(input.event) : null,
      staff: input.staff ? JSON.stringify(input.staff) : null
    }) as { seq: number }
    // What was just written, without reading it back and opening the seal again (the submit's hot path).
    const { locationId, eventId, request, event, staff } = input
    const item: OutboxItem = {
      id, locationId, eventId, ...(event ? { event } : {}), ...(staff ? { staff } : {}), request,
      status: 'queued', attempts: 0, createdAt: now, updatedAt: now, nextAttemptAt: now
    }
    this.cache.set(seq, item)
    return item
  }

  /** One class's bookings in these statuses, oldest first (through the per-event index); not its marks or cancellations. */
  listForEvent(locationId: number, eventId: number, statuses: readonly OutboxStatus[]): OutboxItem[] {
    return this.many(
      `SELECT * FROM outbox WHERE location_id = ? AND event_id = ? AND status IN (${quoted(statuses)}) AND kind = 'booking' ORDER BY seq`,
      locationId,
      eventId
    )
  }

  get(id: string): OutboxItem | undefined {
    return this.one('SELECT * FROM outbox WHERE id = ?', id)
  }

  /** Newest first, as the window shows them; `limit` newest of the given statuses. */
  list(filter: { statuses?: readonly OutboxStatus[]; limit?: number } = {}): OutboxItem[] {
    const statuses = filter.statuses ?? OUTBOX_STATUSES
    // Which rows, from the (status, seq) index alone; only those not opened before are read and opened.
    return this.bySeq(`SELECT seq FROM outbox WHERE status IN (${quoted(statuses)}) ORDER BY seq DESC LIMIT ?`, filter.limit ?? -1)
  }

  /**
   * One page of the list, newest first by `seq`: at most `limit` rows of `parts` below the cursor
   * `before`, and the cursor the next page starts from (null when no row remains).
   */
  page(parts: readonly PagePart[], before: number | undefined, limit: number): { items: OutboxItem[]; next: number | null } {
    const rows = this.statement(pageQuery(parts)).all({ before: before ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 }) as { seq: number }[]
    const seqs = rows.slice(0, limit).map((row) => row.seq)
    return { items: this.itemsOf(seqs), next: rows.length > limit ? seqs[seqs.length - 1]! : null }
  }

  /**
   * Queued items whose time has come, in submission order: bookings first in line for their event, and
   * marks and cancellations whose turn has come on their record (dueActions).
   */
  due(now: Date, limit = 100): OutboxItem[] {
    const bookings = this.bySeq(`${FIRST_IN_LINE} AND outbox.next_attempt_at <= ? ORDER BY outbox.seq LIMIT ?`, iso(now), limit)
    const actions = this.dueActions(now, limit)
    if (actions.length === 0) return bookings
    return [...bookings, ...actions].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)).slice(0, limit)
  }

  /** When the earliest item in line becomes due, if any is waiting. */
  nextDueAt(): Date | undefined {
    const row = this.statement(`SELECT MIN(next_attempt_at) AS at FROM (${FIRST_IN_LINE})`).get() as { at: string | null }
    const actions = this.nextActionDueAt()
    const bookings = row.at ? new Date(row.at) : undefined
    if (!actions || !bookings) return actions ?? bookings
    return actions < bookings ? actions : bookings
  }

  /** Active statuses counted through the index (few rows); sent and discarded kept as they change. */
  counts(): Record<OutboxStatus, number> {
    const out = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>
    const rows = this.db
      .prepare(`SELECT status, COUNT(*) AS n FROM outbox WHERE status IN (${quoted(ACTIVE_STATUSES)}) GROUP BY status`)
      .all() as { status: OutboxStatus; n: number }[]
    for (const { status, n } of rows) out[status] = n
    return { ...out, ...this.settled.get() }
  }

  countByStatus(status: OutboxStatus): number {
    return this.counts()[status]
  }

  /** When Altegio last confirmed a booking of this desk, if ever. */
  lastSentAt(): string | undefined {
    // Among the latest sent by order, through the (status, seq) index: no scan of a long history.
    const row = this.db
      .prepare(`SELECT MAX(sent_at) AS at FROM (SELECT sent_at FROM outbox WHERE status = 'sent' ORDER BY seq DESC LIMIT 1000)`)
      .get() as { at: string | null }
    return row.at ?? undefined
  }

  /** queued → sending, written before the request leaves: a crash after this point leaves evidence. */
  claimForSending(id: string, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('claim'),
      `status = 'sending', attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, :now),
       last_attempt_at = :now, next_attempt_at = NULL, error = NULL, updated_at = :now`,
      { now: iso(now) }
    )
  }

  /** claimForSending, resolved once `sending` is on disk, its fsync off the main thread: the request waits for it. */
  claim(id: string, now: Date): Promise<OutboxItem | undefined> {
    return this.durableOffThread(() => this.claimForSending(id, now))
  }

  /**
   * sending → sent, on disk with the next durable commit or the idle checkpoint. Lost to a power cut, the
   * row is `sending` at start-up, then `unknown`, and the look-up finds the record: never a second one.
   */
  markSent(id: string, recordId: string, now: Date): OutboxItem | undefined {
    return this.withoutFsync(() =>
      this.transition(id, fromStatuses('sent'), `status = 'sent', record_id = :record_id, sent_at = :now, error = NULL, updated_at = :now`, {
        record_id: recordId,
        now: iso(now)
      })
    )
  }

  /** sending → queued again, due at `nextAttemptAt`, for outcomes that are safe to repeat. */
  markRetry(id: string, error: DeliveryError, nextAttemptAt: Date, now: Date): OutboxItem | undefined {
    return this.transition(id, fromStatuses('again'), `status = 'queued', error = seal('outbox.error', id, :error), next_attempt_at = :next, updated_at = :now`, {
      error: JSON.stringify(error),
      next: iso(nextAttemptAt),
      now: iso(now)
    })
  }

  /** sending → failed / held: each waits for a person or for new tokens. */
  markRefused(id: string, status: 'failed' | 'held', error: DeliveryError, now: Date): OutboxItem | undefined {
    return this.transition(id, fromStatuses(status), `status = :status, error = seal('outbox.error', id, :error), updated_at = :now`, {
      status,
      error: JSON.stringify(error),
      now: iso(now)
    })
  }

  /** Every waiting item is held: one refused token stops the queue instead of failing each booking. */
  holdAllQueued(error: DeliveryError, now: Date): OutboxItem[] {
    return this.bulk(`status IN (${sqlList(fromStatuses('holdAll'))})`, `status = 'held', next_attempt_at = NULL, error = seal('outbox.error', id, :error), updated_at = :now`, {
      error: JSON.stringify(error),
      now: iso(now)
    })
  }

  /** New tokens: held items go back to the queue, due at once. */
  releaseHeld(now: Date): OutboxItem[] {
    return this.bulk(`status IN (${sqlList(fromStatuses('release'))})`, `status = 'queued', next_attempt_at = :now, error = NULL, updated_at = :now`, { now: iso(now) })
  }

  /** Staff asked for another attempt now (of an unknown booking: having decided it is not in Altegio). */
  requeue(id: string, now: Date, from: readonly OutboxStatus[] = fromStatuses('retry')): OutboxItem | undefined {
    return this.transition(
      id,
      from,
      `status = 'queued', next_attempt_at = :now, error = NULL, look_up_at = NULL, updated_at = :now`,
      { now: iso(now) }
    )
  }

  /** Staff corrected the booking; it goes back to the queue as the new request. */
  replaceRequest(id: string, request: BookingRequest, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('edit'),
      `status = 'queued', request = seal('outbox.request', id, :request), next_attempt_at = :now, error = NULL, updated_at = :now`,
      { request: JSON.stringify(request), now: iso(now) }
    )
  }

  /**
   * Staff moved the booking to another class of its location. It keeps its place in time (`seq`), so in
   * its new class's line it goes in the order it was made; it is sent at once unless held, and a held
   * booking stays held: a move signs no one in.
   */
  moveToClass(id: string, move: { eventId: number; event?: BookedClass; now: Date }): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('move'),
      `event_id = :event_id, event = :event, next_attempt_at = :now, updated_at = :now,
       error = CASE status WHEN 'held' THEN error ELSE NULL END,
       status = CASE status WHEN 'held' THEN 'held' ELSE 'queued' END`,
      { event_id: move.eventId, event: move.event ? JSON.stringify(move.event) : null, now: iso(move.now) }
    )
  }

  /** Staff put aside an item that never reached Altegio for certain; it stays as history. */
  discard(id: string, now: Date): OutboxItem | undefined {
    return this.transition(
      id,
      fromStatuses('discard'),
      `status = 'discarded', next_attempt_at = NULL, look_up_at = NULL, updated_at = :now`,
      { now: iso(now) }
    )
  }

  /**
   * Deletes bookings settled longer ago than `before` (sent, with their record id in Altegio, or
   * discarded by staff), and the client's details with them; returns how many went. Anything still
   * waiting or unsure stays, however old.
   */
  purgeSettled(before: Date): number {
    const gone = this.db
      // Named: without statistics SQLite would walk every settled row through the (status, seq) index.
      .prepare(`DELETE FROM outbox INDEXED BY outbox_settled_by_age WHERE status IN (${sqlList(SETTLED_STATUSES)}) AND updated_at < ? RETURNING seq, status`)
      .all(iso(before)) as { seq: number; status: OutboxStatus }[]
    for (const { seq, status } of gone) {
      this.cache.delete(seq)
      this.settled.removed(status)
    }
    return gone.length
  }
}
