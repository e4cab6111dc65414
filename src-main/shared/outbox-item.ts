import { z } from 'zod'
import { EventIdSchema, LocationIdSchema, StoredBookingRequestSchema, bookingRequestSchemaFor } from './booking-schema.ts'
import { says, type ErrorCode } from './error-codes.ts'
import { OUTBOX_KINDS, OUTBOX_PAGE_MAX, OUTBOX_STATUSES } from './outbox-status.ts'
import { MarkSchema } from './roster-schemas.ts'

export type { OutboxStatus } from './outbox-status.ts'
export { OUTBOX_PAGE_MAX, staffActionsOf } from './outbox-status.ts'

/** What an outbox row does (outbox-status.ts): a booking, or a mark or cancellation of one. */
export const OutboxKindSchema = z.enum(OUTBOX_KINDS)

/** A booking's status (see outbox-status.ts for what each means and allows). */
export const OutboxStatusSchema = z.enum(OUTBOX_STATUSES)

export const ErrorKindSchema = z.enum([
  'auth',
  'forbidden',
  'not_found',
  /** Altegio answered 404 about the create call's address itself, not about the class: nothing was created. */
  'route_missing',
  'validation',
  /** Altegio refused for want of a paid licence (402): nothing was created; it is sent once renewed. */
  'licence',
  'rate_limited',
  'server',
  'network',
  'invalid_response'
])
export type ErrorKind = z.infer<typeof ErrorKindSchema>

export const DeliveryErrorSchema = z.object({
  kind: ErrorKindSchema,
  status: z.number().int().optional(),
  /** An error code (error-codes.ts); rows written before codes hold English words, shown as they are. */
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional()
})
export type DeliveryError = z.infer<typeof DeliveryErrorSchema> & { message: ErrorCode | (string & {}) }

/** What the window's status bar and title badge show: the line, the queue, the last success. */
export const DeliveryStatusSchema = z.object({
  network: z.enum(['online', 'offline', 'unknown']),
  counts: z.record(OutboxStatusSchema, z.number().int().nonnegative()),
  /** The statuses of the `waiting` group (outbox-status.ts). */
  waiting: z.number().int().nonnegative(),
  /** The `attention` group: a person is needed (or, for unknown, a look-up is under way). */
  needsAttention: z.number().int().nonnegative(),
  lastSentAt: z.string().nullable(),
  /** When sending resumes, while Altegio asked the desk to wait or is failing. */
  pausedUntil: z.string().nullable()
})
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>

/** A record Altegio holds that could be this booking, as a lookup saw it (no personal data). */
export const CandidateRecordSchema = z.object({
  recordId: z.string(),
  createdAt: z.string().optional(),
  clientsCount: z.number().int().optional(),
  deleted: z.boolean(),
  /** Another outbox item already owns this record. */
  claimed: z.boolean()
})
export type CandidateRecord = z.infer<typeof CandidateRecordSchema>

/** What the last lookup of an `unknown` booking in Altegio found: the evidence staff are shown. */
export const LookUpEvidenceSchema = z.object({
  checkedAt: z.string(),
  verdict: z.enum(['found', 'absent', 'unclear']),
  /** What was looked at and what it means: an error code with its params (older rows: English words). */
  summary: z.string(),
  summaryParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  candidates: z.array(CandidateRecordSchema).max(20)
})
export type LookUpEvidence = z.infer<typeof LookUpEvidenceSchema>

/** One booking in the outbox, as the core reports it to the window and the tests. */
/** The class a booking is for, as the day view showed it when staff booked: rows read as classes, offline too. */
export const BookedClassSchema = z.object({
  title: z.string().max(200),
  /** "YYYY-MM-DD HH:MM:SS", location time, as Altegio sends it. */
  startsAt: z.string().max(40)
})
export type BookedClass = z.infer<typeof BookedClassSchema>

/**
 * The staff member who did something at the desk, by the name Altegio gave at their sign-in. Personal
 * data: sealed at rest, never logged. Absent when nobody was signed in by name (tokens saved by hand,
 * or Altegio refused the sign-in): then nothing is said rather than a guess. Every action staff take
 * (a booking now; a check-in mark or a cancellation as they come) carries it under the same key, `staff`.
 */
export const StaffSignatureSchema = z.object({ name: z.string().min(1).max(255) })
export type StaffSignature = z.infer<typeof StaffSignatureSchema>

export const OutboxItemSchema = z.object({
  id: z.string(),
  locationId: z.number().int(),
  eventId: z.number().int(),
  /** Absent for bookings made before the desk kept it, or for a class the day view did not hold. */
  event: BookedClassSchema.optional(),
  /** Who booked it, when someone was signed in by name. */
  staff: StaffSignatureSchema.optional(),
  request: StoredBookingRequestSchema,
  status: OutboxStatusSchema,
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  nextAttemptAt: z.string().optional(),
  firstAttemptAt: z.string().optional(),
  lastAttemptAt: z.string().optional(),
  sentAt: z.string().optional(),
  recordId: z.string().optional(),
  error: DeliveryErrorSchema.optional(),
  /** For `unknown` items: the last lookup in Altegio, and when the next one is due. */
  lastLookUp: LookUpEvidenceSchema.optional(),
  nextLookUpAt: z.string().optional(),
  /**
   * What the row does; absent: a booking (its `request` is what is booked). Else a mark or cancellation of a
   * booking (its `request` names the client, for the row's words; `recordId` is the record acted on).
   */
  kind: OutboxKindSchema.optional(),
  /** For a mark: the attendance staff set. */
  mark: MarkSchema.optional(),
  /**
   * For a mark or cancellation: the attendance the desk last read of the record (or last set there itself).
   * Altegio must still hold it for the action to be written; anything else is a conflict.
   */
  markFrom: MarkSchema.optional(),
  /** For a mark or cancellation of a booking still in the outbox: that booking's id, which it waits for. */
  afterBookingId: z.string().optional(),
  /** For a mark or cancellation: what Altegio held that differs from what the desk last read. */
  conflict: z
    .object({ found: z.enum(['deleted', 'other_mark']), altegioMark: MarkSchema.optional(), checkedAt: z.string() })
    .optional()
})
export type OutboxItem = z.infer<typeof OutboxItemSchema>

/** An outbox item's id, as the window sends it back. */
export const OutboxIdSchema = z.string().min(1).max(64)

/** Altegio's ids as text: digits only (a record id as staff copy it from Altegio, ids in Altegio's answers). */
export const AltegioIdSchema = z.string().regex(/^\d{1,20}$/, says('record_id_digits'))

/** A booking for the outbox, checked for its location's country (phones may then be national). */
const submitSchemaOf = (request: ReturnType<typeof bookingRequestSchemaFor>) =>
  z.strictObject({ locationId: LocationIdSchema, eventId: EventIdSchema, request })
/** Kept per request schema (one per country), as that one is: a fresh schema pays zod's compile at its first parse. */
export const submitBookingSchemaFor = (country?: string | null) => {
  const request = bookingRequestSchemaFor(country)
  let schema = submitSchemas.get(request)
  if (!schema) submitSchemas.set(request, (schema = submitSchemaOf(request)))
  return schema
}
const submitSchemas = new WeakMap<ReturnType<typeof bookingRequestSchemaFor>, ReturnType<typeof submitSchemaOf>>()
export const SubmitBookingSchema = submitBookingSchemaFor()
export type SubmitBooking = z.infer<typeof SubmitBookingSchema>

/** Staff resolve an `unknown` booking: Altegio has it ("created", with its record id if known), or send it again. */
export const ResolutionSchema = z.discriminatedUnion('resolution', [
  z.strictObject({ id: OutboxIdSchema, resolution: z.literal('created'), recordId: AltegioIdSchema.optional() }),
  z.strictObject({ id: OutboxIdSchema, resolution: z.literal('send_again') })
])
export type Resolution = z.infer<typeof ResolutionSchema>

/**
 * Items the outbox table built through OutboxItemSchema and froze, deep: they cannot have changed since, so the
 * IPC router's answer check need not parse them again: a list's answer is checked by what it holds, not row by row.
 */
const vouched = new WeakSet<object>()

/** Freezes `item` and everything in it, and remembers it as checked; only for what OutboxItemSchema produced. */
export function vouchForItem(item: OutboxItem): OutboxItem {
  deepFreeze(item)
  vouched.add(item)
  return item
}

export function isVouchedItem(value: unknown): boolean {
  return typeof value === 'object' && value !== null && vouched.has(value)
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  for (const inner of Object.values(value)) deepFreeze(inner)
  Object.freeze(value)
}

/** Staff move a booking that is certainly not in Altegio to another class of its location. */
export const MoveBookingSchema = z.strictObject({ id: OutboxIdSchema, eventId: EventIdSchema })
export type MoveBooking = z.infer<typeof MoveBookingSchema>


/**
 * Where a page of the outbox list ends: the position, newest first, of its last booking. Opaque to the
 * window, which hands it back as `before` to read the next page.
 */
export const OutboxCursorSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

/**
 * A page of the outbox list, newest first: bookings in `statuses` (without: every booking not yet
 * settled, and the latest sent and discarded ones), after the cursor `before`, at most `limit`.
 */
export const OutboxPageRequestSchema = z
  .strictObject({
    statuses: z.array(OutboxStatusSchema).min(1).max(OutboxStatusSchema.options.length).optional(),
    before: OutboxCursorSchema.optional(),
    limit: z.number().int().min(1).max(OUTBOX_PAGE_MAX).optional()
  })
  .optional()
export type OutboxPageRequest = z.infer<typeof OutboxPageRequestSchema>

/** A page and where the next begins: `next` is null when no booking remains after this page. */
export const OutboxPageSchema = z.strictObject({
  items: z.array(OutboxItemSchema).max(OUTBOX_PAGE_MAX),
  next: OutboxCursorSchema.nullable()
})
export type OutboxPage = z.infer<typeof OutboxPageSchema>
