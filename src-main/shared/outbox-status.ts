/**
 * The outbox's statuses and what staff may do from each: the one table the SQL schema, the core and the
 * window all read, so the window's buttons cannot drift from what the core allows.
 *
 * `queued` waits its turn; `sending` is on disk before the request leaves; `sent` carries the record id;
 * `failed` waits for staff (422, 404, 403); `held` waits for valid tokens; `unknown` may have reached
 * Altegio: it is looked up in Altegio before anything is sent again (the API has no idempotency key),
 * and a person may decide; `discarded` was put aside by staff and stays as history.
 */
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'unknown', 'held', 'discarded'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/**
 * What staff may ask of a booking: another attempt, an edit, a move to another class, putting it aside,
 * settling an `unknown` one. A move is offered only where the booking is certainly not in Altegio.
 */
export type StaffAction = 'retry' | 'edit' | 'move' | 'discard' | 'resolve'

/**
 * The outbox's views a status belongs to: still moving, needing a person, done, or put aside. A view
 * also decides what the retention period may delete (`sent` and `history`: nothing left to decide).
 */
export type StatusGroup = 'waiting' | 'attention' | 'sent' | 'history'

/**
 * Each status's view, what staff may do from it, and whether the booking takes a place Altegio has not
 * counted yet (the desk subtracts those from an event's free places).
 */
export const STATUS_TABLE: Readonly<Record<OutboxStatus, { group: StatusGroup; actions: readonly StaffAction[]; takesPlace: boolean }>> = {
  queued: { group: 'waiting', actions: ['retry', 'edit', 'move', 'discard'], takesPlace: true },
  sending: { group: 'waiting', actions: [], takesPlace: true },
  sent: { group: 'sent', actions: [], takesPlace: false },
  failed: { group: 'attention', actions: ['retry', 'edit', 'move', 'discard'], takesPlace: false },
  unknown: { group: 'attention', actions: ['discard', 'resolve'], takesPlace: false },
  held: { group: 'attention', actions: ['retry', 'edit', 'move', 'discard'], takesPlace: true },
  discarded: { group: 'history', actions: [], takesPlace: false }
}

export const allows = (status: OutboxStatus, action: StaffAction): boolean => STATUS_TABLE[status].actions.includes(action)

/** The statuses from which staff may take this action, in the table's order. */
export const statusesAllowing = (action: StaffAction): readonly OutboxStatus[] => OUTBOX_STATUSES.filter((status) => allows(status, action))

/** The statuses of these groups, in the table's order. */
export const statusesIn = (...groups: StatusGroup[]): readonly OutboxStatus[] =>
  OUTBOX_STATUSES.filter((status) => groups.includes(STATUS_TABLE[status].group))

/** Not settled yet: the desk or a person still has something to do. */
export const ACTIVE_STATUSES = statusesIn('waiting', 'attention')
/** Done with: what the retention period deletes. */
export const SETTLED_STATUSES = statusesIn('sent', 'history')

/** Bookings Altegio has not counted yet: they take places in the desk's view of free places. */
export const PLACE_TAKING_STATUSES = OUTBOX_STATUSES.filter((status) => STATUS_TABLE[status].takesPlace)

/** `status IN (…)` for SQL, from the table (the statuses are fixed words, never input). */
export const sqlList = (statuses: readonly OutboxStatus[]): string => statuses.map((status) => `'${status}'`).join(',')
