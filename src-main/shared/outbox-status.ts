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
 * resolving an `unknown` one. A move is offered only where the booking is certainly not in Altegio.
 */
export type StaffAction = 'retry' | 'edit' | 'move' | 'discard' | 'resolve' | 'rebook'

/** What an outbox row does in Altegio: create a booking, set a record's attendance, or delete a record. */
export const OUTBOX_KINDS = ['booking', 'mark', 'cancel'] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

/**
 * The desk's words for attendance. Altegio's `attendance` behind them: 1 arrived, -1 no-show, and
 * `not_yet` for 0 (waiting) or 2 (confirmed), whichever the record held before the desk marked it.
 */
export const MARKS = ['arrived', 'no_show', 'not_yet'] as const
export type Mark = (typeof MARKS)[number]

/** The desk's word for an attendance Altegio sent; absent or unknown values read as not yet marked. */
export function markOf(attendance: number | undefined): Mark {
  if (attendance === 1) return 'arrived'
  if (attendance === -1) return 'no_show'
  return 'not_yet'
}

/**
 * The outbox's views a status belongs to: still moving, needing a person, done, or put aside. A view
 * also decides what the retention period may delete (`sent` and `history`: nothing left to decide).
 */
export type StatusGroup = 'waiting' | 'attention' | 'sent' | 'history'

/** Who starts a transition: staff from the window, or the desk itself (the courier, its look-up, start-up). */
export type Actor = 'staff' | 'desk'

interface Transition {
  by: Actor
  /** The statuses it may start from: the outbox's SQL guards its statement with exactly these. */
  from: readonly OutboxStatus[]
  /** Where it ends; more than one where the statement decides (a move keeps a held booking held). */
  to: readonly OutboxStatus[]
  /** The kinds of row it applies to; absent: every kind. */
  kinds?: readonly OutboxKind[]
}

/**
 * The outbox's state machine: every transition, who starts it, where it may start and where it ends.
 * The SQL of outbox-table.ts guards each statement with its `from`, the core refuses staff's requests by
 * it, and the window offers staff's actions by it. A new action is a new row here.
 */
export const TRANSITIONS = {
  /** The request may leave: `sending` is on disk first. */
  claim: { by: 'desk', from: ['queued'], to: ['sending'] },
  /** Altegio answered with its record. */
  sent: { by: 'desk', from: ['sending'], to: ['sent'] },
  /** An answer safe to repeat (a 5xx, a 429, no connection): queued again, due later. */
  again: { by: 'desk', from: ['sending'], to: ['queued'] },
  /** Altegio refused the booking (422, 404, 403): a person decides. */
  failed: { by: 'desk', from: ['sending'], to: ['failed'] },
  /** Altegio refused the tokens: the booking waits for a sign-in. */
  held: { by: 'desk', from: ['sending'], to: ['held'] },
  /** No answer that says whether Altegio has it: looked up before anything is sent again. */
  unknown: { by: 'desk', from: ['sending'], to: ['unknown'] },
  /** One refused token holds every waiting booking. */
  holdAll: { by: 'desk', from: ['queued'], to: ['held'] },
  /** Someone signed in or saved tokens: held bookings queue again. */
  release: { by: 'desk', from: ['held'], to: ['queued'] },
  /** Start-up: a booking left `sending` by a stop mid-request may have reached Altegio. */
  interrupted: { by: 'desk', from: ['sending'], to: ['unknown'] },
  /** The look-up found its record. */
  found: { by: 'desk', from: ['unknown'], to: ['sent'] },
  /** The look-up showed Altegio certainly has none: sent again now. */
  absent: { by: 'desk', from: ['unknown'], to: ['queued'] },
  /** The look-up could not tell: looked up again later. */
  unclear: { by: 'desk', from: ['unknown'], to: ['unknown'] },
  /**
   * A mark or cancellation whose booking failed or was discarded: settled with its reason, never sent.
   * Also a queued mark that a later mark undid before it left ("Arrived" then "Undo": nothing to send).
   */
  settle: { by: 'desk', from: ['queued', 'held'], to: ['discarded'], kinds: ['mark', 'cancel'] },
  /** Altegio's record changed since the desk read it (deleted, or marked at another desk): staff decide, nothing overwritten. */
  conflict: { by: 'desk', from: ['sending', 'unknown'], to: ['failed'], kinds: ['mark', 'cancel'] },
  /** Staff marked again before the earlier mark left, or after a conflict: the desk folds the new intent into that row. */
  remark: { by: 'desk', from: ['queued', 'held', 'failed'], to: ['queued', 'held'], kinds: ['mark'] },
  retry: { by: 'staff', from: ['queued', 'failed', 'held'], to: ['queued'] },
  edit: { by: 'staff', from: ['queued', 'failed', 'held'], to: ['queued'], kinds: ['booking'] },
  move: { by: 'staff', from: ['queued', 'failed', 'held'], to: ['queued', 'held'], kinds: ['booking'] },
  discard: { by: 'staff', from: ['queued', 'failed', 'unknown', 'held'], to: ['discarded'] },
  /** Staff say Altegio has it (→ sent) or that it is to be sent again (→ queued). */
  resolve: { by: 'staff', from: ['unknown'], to: ['sent', 'queued'] },
  /**
   * "Book again and mark arrived": the mark's record is gone from Altegio (deleted online); the mark is put
   * aside and a new booking of the same client is queued, with the mark waiting for it.
   */
  rebook: { by: 'staff', from: ['failed'], to: ['discarded'], kinds: ['mark'] }
} as const satisfies Record<string, Transition> & Record<StaffAction, Transition & { by: 'staff' }>

export type TransitionName = keyof typeof TRANSITIONS

/** The statuses a transition may start from. */
export const fromStatuses = (transition: TransitionName): readonly OutboxStatus[] => TRANSITIONS[transition].from

const STAFF_ACTIONS = (Object.keys(TRANSITIONS) as TransitionName[]).filter(
  (name): name is StaffAction => TRANSITIONS[name].by === 'staff'
)

const appliesTo = (transition: TransitionName, kind: OutboxKind): boolean => {
  const kinds: readonly OutboxKind[] | undefined = (TRANSITIONS[transition] as Transition).kinds
  return (kinds ?? OUTBOX_KINDS).includes(kind)
}

/**
 * Each status's view, what staff may do from it (read from TRANSITIONS, in its order), and whether the
 * booking takes a place Altegio has not counted yet (the desk subtracts those from an event's free places).
 */
export const STATUS_TABLE: Readonly<Record<OutboxStatus, { group: StatusGroup; actions: readonly StaffAction[]; takesPlace: boolean }>> = {
  queued: { group: 'waiting', actions: actionsFrom('queued'), takesPlace: true },
  sending: { group: 'waiting', actions: actionsFrom('sending'), takesPlace: true },
  sent: { group: 'sent', actions: actionsFrom('sent'), takesPlace: false },
  failed: { group: 'attention', actions: actionsFrom('failed'), takesPlace: false },
  unknown: { group: 'attention', actions: actionsFrom('unknown'), takesPlace: false },
  held: { group: 'attention', actions: actionsFrom('held'), takesPlace: true },
  discarded: { group: 'history', actions: actionsFrom('discarded'), takesPlace: false }
}

/** A booking's actions from `status` (STATUS_TABLE); other kinds: actionsFor. */
function actionsFrom(status: OutboxStatus, kind: OutboxKind = 'booking'): readonly StaffAction[] {
  return STAFF_ACTIONS.filter((action) => appliesTo(action, kind) && (TRANSITIONS[action].from as readonly OutboxStatus[]).includes(status))
}

/** What staff may do with a booking in `status`. */
export const allows = (status: OutboxStatus, action: StaffAction): boolean => STATUS_TABLE[status].actions.includes(action)

/** What staff may do with a row of `kind` (absent: a booking) in `status`, in the table's order. */
export const actionsFor = (kind: OutboxKind | undefined, status: OutboxStatus): readonly StaffAction[] =>
  kind === undefined || kind === 'booking' ? STATUS_TABLE[status].actions : actionsFrom(status, kind)

/** Whether staff may take `action` on a row of `kind` in `status`. */
export const allowsFor = (kind: OutboxKind | undefined, status: OutboxStatus, action: StaffAction): boolean => actionsFor(kind, status).includes(action)

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

/**
 * What staff may do with this row: its kind's actions from its status (above), where "Book again
 * and mark arrived" is offered only for a mark whose record Altegio no longer has.
 */
export function staffActionsOf(item: {
  kind?: OutboxKind | undefined
  status: OutboxStatus
  /** An outbox item's conflict (outbox-item.ts); only what Altegio was found to hold is read. */
  conflict?: { found: string; [detail: string]: unknown } | undefined
}): readonly StaffAction[] {
  const actions = actionsFor(item.kind, item.status)
  return item.conflict?.found === 'deleted' ? actions : actions.filter((action) => action !== 'rebook')
}

/** The most bookings one answer of `outbox:list` carries: a longer outbox is read a page at a time. */
export const OUTBOX_PAGE_MAX = 500
