import { randomUUID } from 'node:crypto'
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { BookingRequestSchema, type BookingRequest } from './booking-schema.ts'
import { DeliveryErrorSchema, type DeliveryError, type OutboxItem, type OutboxStatus } from './outbox-item.ts'
import type { Unseal } from './outbox-sealing.ts'

interface Row {
  seq: number
  id: string
  location_id: number
  event_id: number
  request: string
  status: OutboxStatus
  attempts: number
  created_at: string
  updated_at: string
  next_attempt_at: string | null
  first_attempt_at: string | null
  record_id: string | null
  error: string | null
}

/** Statuses from which staff may ask for another attempt, or edit the booking. */
export const RETRYABLE_BY_STAFF: readonly OutboxStatus[] = ['failed', 'unknown', 'held', 'queued']
export const EDITABLE_BY_STAFF: readonly OutboxStatus[] = ['failed', 'held', 'queued']
/** Statuses whose rows the retention period removes: done with, nothing left to decide. */
export const PURGEABLE: readonly OutboxStatus[] = ['sent']

/**
 * The outbox's rows and the only code that changes them.
 *
 * Every transition is one UPDATE guarded by the status it leaves (`WHERE status = ...`), so a change
 * that lost a race changes nothing and says so by returning undefined. Each statement commits on its
 * own, durably (see openOutboxDatabase).
 *
 * The columns that can hold personal data (`request`, `error`) are written through the SQL function
 * `seal(id, json)` and read through `unseal`, both from openSealing: encrypted at rest, row by row.
 */
export class OutboxStore {
  readonly #db: DatabaseSync
  readonly #unseal: Unseal
  readonly #unreadable = new Set<string>()

  constructor(db: DatabaseSync, unseal: Unseal) {
    this.#db = db
    this.#unseal = unseal
  }

  insert(input: { locationId: number; eventId: number; request: BookingRequest; status: 'queued' | 'held'; now: Date; error?: DeliveryError }): OutboxItem {
    const id = randomUUID()
    const now = input.now.toISOString()
    this.#run(
      `INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at, next_attempt_at, error)
       VALUES (:id, :location_id, :event_id, seal(:id, :request), :status, :now, :now, :next, seal(:id, :error))`,
      {
        id,
        location_id: input.locationId,
        event_id: input.eventId,
        request: JSON.stringify(input.request),
        status: input.status,
        now,
        next: input.status === 'queued' ? now : null,
        error: input.error ? JSON.stringify(input.error) : null
      }
    )
    return this.get(id)!
  }

  get(id: string): OutboxItem | undefined {
    const row = this.#db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined
    return row ? this.#toItem(row) : undefined
  }

  /** Newest first, as the window shows them. */
  list(): OutboxItem[] {
    const rows = this.#db.prepare('SELECT * FROM outbox ORDER BY seq DESC').all() as unknown as Row[]
    return rows.map((row) => this.#toItem(row)).filter((item) => item !== undefined)
  }

  /** Queued items whose time has come, in submission order. */
  due(now: Date, limit = 100): OutboxItem[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM outbox WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY seq LIMIT ?`
      )
      .all(now.toISOString(), limit) as unknown as Row[]
    return rows.map((row) => this.#toItem(row)).filter((item) => item !== undefined)
  }

  /** When the earliest waiting item becomes due, if any is waiting. */
  nextDueAt(): Date | undefined {
    const row = this.#db
      .prepare(`SELECT MIN(COALESCE(next_attempt_at, created_at)) AS at FROM outbox WHERE status = 'queued'`)
      .get() as { at: string | null }
    return row.at ? new Date(row.at) : undefined
  }

  countByStatus(status: OutboxStatus): number {
    const row = this.#db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE status = ?').get(status) as { n: number }
    return row.n
  }

  /** queued → sending, written before the request leaves: a crash after this point leaves evidence. */
  claimForSending(id: string, now: Date): OutboxItem | undefined {
    const at = now.toISOString()
    return this.#transition(
      id,
      ['queued'],
      `status = 'sending', attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, :now),
       next_attempt_at = NULL, error = NULL, updated_at = :now`,
      { now: at }
    )
  }

  markSent(id: string, recordId: string, now: Date): OutboxItem | undefined {
    return this.#transition(id, ['sending'], `status = 'sent', record_id = :record_id, error = NULL, updated_at = :now`, {
      record_id: recordId,
      now: now.toISOString()
    })
  }

  /** sending → queued again, due at `nextAttemptAt`, for outcomes that are safe to repeat. */
  markRetry(id: string, error: DeliveryError, nextAttemptAt: Date, now: Date): OutboxItem | undefined {
    return this.#transition(id, ['sending'], `status = 'queued', error = seal(id, :error), next_attempt_at = :next, updated_at = :now`, {
      error: JSON.stringify(error),
      next: nextAttemptAt.toISOString(),
      now: now.toISOString()
    })
  }

  /** sending → failed / unknown / held: each waits for a person or for new tokens. */
  markSettled(id: string, status: 'failed' | 'unknown' | 'held', error: DeliveryError, now: Date): OutboxItem | undefined {
    return this.#transition(id, ['sending'], `status = :status, error = seal(id, :error), updated_at = :now`, {
      status,
      error: JSON.stringify(error),
      now: now.toISOString()
    })
  }

  /** Every waiting item is held: one refused token stops the queue instead of failing each booking. */
  holdAllQueued(error: DeliveryError, now: Date): OutboxItem[] {
    return this.#bulk(`status = 'queued'`, `status = 'held', next_attempt_at = NULL, error = seal(id, :error), updated_at = :now`, {
      error: JSON.stringify(error),
      now: now.toISOString()
    })
  }

  /** New tokens: held items go back to the queue, due at once. */
  releaseHeld(now: Date): OutboxItem[] {
    const at = now.toISOString()
    return this.#bulk(`status = 'held'`, `status = 'queued', next_attempt_at = :now, error = NULL, updated_at = :now`, { now: at })
  }

  /**
   * Items left `sending` by a process that stopped mid-request become `unknown`: the request may have
   * reached Altegio, and re-sending blindly could book the client twice.
   */
  recoverInterrupted(error: DeliveryError, now: Date): OutboxItem[] {
    return this.#bulk(`status = 'sending'`, `status = 'unknown', error = seal(id, :error), updated_at = :now`, {
      error: JSON.stringify(error),
      now: now.toISOString()
    })
  }

  /** Staff asked for another attempt now. */
  requeue(id: string, now: Date): OutboxItem | undefined {
    const at = now.toISOString()
    return this.#transition(id, RETRYABLE_BY_STAFF, `status = 'queued', next_attempt_at = :now, error = NULL, updated_at = :now`, { now: at })
  }

  /** Staff corrected the booking; it goes back to the queue as the new request. */
  replaceRequest(id: string, request: BookingRequest, now: Date): OutboxItem | undefined {
    const at = now.toISOString()
    return this.#transition(
      id,
      EDITABLE_BY_STAFF,
      `status = 'queued', request = seal(id, :request), next_attempt_at = :now, error = NULL, updated_at = :now`,
      { request: JSON.stringify(request), now: at }
    )
  }

  /** Removes an item that never reached Altegio for certain; `sending` and `sent` stay. */
  discard(id: string): boolean {
    const result = this.#db.prepare(`DELETE FROM outbox WHERE id = ? AND status NOT IN ('sending', 'sent')`).run(id)
    return result.changes === 1
  }

  /**
   * Deletes bookings settled longer ago than `before` (sent, with their record id in Altegio), and the
   * client's details with them; returns how many went. Anything still waiting or unsure stays.
   */
  purgeSettled(before: Date): number {
    const statuses = PURGEABLE.map((s) => `'${s}'`).join(', ')
    return Number(this.#db.prepare(`DELETE FROM outbox WHERE status IN (${statuses}) AND updated_at < ?`).run(before.toISOString()).changes)
  }

  /** Ids of rows on disk that could not be read back; kept untouched, never deleted. */
  unreadableIds(): string[] {
    return [...this.#unreadable]
  }

  #transition(id: string, from: readonly OutboxStatus[], set: string, params: Record<string, SQLInputValue>): OutboxItem | undefined {
    const allowed = from.map((s) => `'${s}'`).join(', ')
    const result = this.#run(`UPDATE outbox SET ${set} WHERE id = :id AND status IN (${allowed})`, { ...params, id })
    return result.changes === 1 ? this.get(id) : undefined
  }

  #bulk(where: string, set: string, params: Record<string, SQLInputValue>): OutboxItem[] {
    const rows = this.#db.prepare(`UPDATE outbox SET ${set} WHERE ${where} RETURNING *`).all(params) as unknown as Row[]
    return rows.map((row) => this.#toItem(row)).filter((item) => item !== undefined)
  }

  #run(sql: string, params: Record<string, SQLInputValue>) {
    return this.#db.prepare(sql).run(params)
  }

  /** A row that no longer parses (edited by hand, written by a broken build) is skipped, not lost. */
  #toItem(row: Row): OutboxItem | undefined {
    try {
      const request = BookingRequestSchema.parse(JSON.parse(this.#unseal(row.request, row.id)))
      const error = row.error === null ? undefined : DeliveryErrorSchema.parse(JSON.parse(this.#unseal(row.error, row.id)))
      this.#unreadable.delete(row.id)
      return {
        id: row.id,
        locationId: row.location_id,
        eventId: row.event_id,
        request,
        status: row.status,
        attempts: row.attempts,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        ...(row.next_attempt_at !== null && row.status === 'queued' ? { nextAttemptAt: row.next_attempt_at } : {}),
        ...(row.record_id !== null ? { recordId: row.record_id } : {}),
        ...(error ? { error } : {})
      }
    } catch {
      this.#unreadable.add(row.id)
      return undefined
    }
  }
}
