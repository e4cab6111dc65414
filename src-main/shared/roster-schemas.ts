import { z } from 'zod'
import { EventIdSchema, LocationIdSchema } from './booking-schema.ts'
import { MARKS, OUTBOX_STATUSES } from './outbox-status.ts'

/**
 * Who is booked in one class, as the window shows it: Altegio's records merged with this desk's own
 * bookings that Altegio does not list yet. Pure schemas, shared through the contract.
 */

/** The desk's words for attendance (outbox-status.ts: a mark row sets one). */
export const MarkSchema = z.enum(MARKS)
export { markOf, type Mark } from './outbox-status.ts'

export const ClassRosterQuerySchema = z.strictObject({
  locationId: LocationIdSchema,
  eventId: EventIdSchema,
  /** false: merge with the records saved on this computer, without asking Altegio (after an outbox change). */
  live: z.boolean().optional()
})
export type ClassRosterQuery = z.infer<typeof ClassRosterQuerySchema>

/**
 * Where a person in the class stands: `booked` Altegio holds the record (listed, or this desk's booking
 * confirmed); `waiting` in this desk's outbox; `held` waiting for a sign-in; `unknown` may have reached
 * Altegio, being checked.
 */
export const RosterStandingSchema = z.enum(['booked', 'waiting', 'held', 'unknown'])
export type RosterStanding = z.infer<typeof RosterStandingSchema>

export const RosterEntrySchema = z.object({
  /** Stable across refreshes: `record:<id>` or `booking:<outbox id>`. */
  key: z.string(),
  standing: RosterStandingSchema,
  name: z.string(),
  phone: z.string(),
  clientId: z.number().int().positive().optional(),
  /** The client's card number in Altegio, when her record carries one: what a scanned card matches. */
  card: z.string().optional(),
  slots: z.number().int().positive(),
  /** Altegio's record id, when Altegio holds it. */
  recordId: z.string().optional(),
  /** This desk's outbox item, when the desk made the booking. */
  bookingId: z.string().optional(),
  /** Who at this desk booked it, when someone was signed in by name. */
  bookedBy: z.string().optional(),
  /** Who at this desk made the mark the row shows (arrived or no-show), when someone was signed in by name. */
  markedBy: z.string().optional(),
  /** Altegio's attendance: 1 came, 2 confirmed, 0 expected, -1 did not come. */
  attendance: z.number().int().optional(),
  /** When Altegio created the record (ISO 8601), when its answer says. */
  createdAt: z.string().optional(),
  /**
   * The mark the row shows: staff's latest at this desk while it is on its way, else Altegio's
   * (`attendance` above). Absent while the desk has not read it.
   */
  mark: MarkSchema.optional(),
  /**
   * A mark or cancellation of this booking still in the outbox (not yet in Altegio): its outbox row's
   * id, kind and status. Absent once Altegio has it, or when none was made.
   */
  pending: z
    .object({
      itemId: z.string(),
      kind: z.enum(['mark', 'cancel']),
      status: z.enum(OUTBOX_STATUSES)
    })
    .optional()
})
export type RosterEntry = z.infer<typeof RosterEntrySchema>

export const ClassRosterSchema = z.object({
  eventId: z.number().int().positive(),
  entries: z.array(RosterEntrySchema),
  /** `live`: Altegio answered just now; `cache`: its last answer saved on this computer (or none). */
  source: z.enum(['live', 'cache']),
  /** When Altegio's part was fetched (ISO), or null when it never was. */
  cachedAt: z.string().nullable(),
  notice: z.string().optional(),
  /** No one is signed in, or Altegio refused the sign-in: only the saved list and the outbox are shown. */
  authRequired: z.boolean()
})
export type ClassRoster = z.infer<typeof ClassRosterSchema>
