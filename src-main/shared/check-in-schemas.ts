import { z } from 'zod'
import { EventIdSchema, LocationIdSchema } from './booking-schema.ts'
import { AltegioIdSchema, OutboxIdSchema, OutboxItemSchema } from './outbox-item.ts'
import { MarkSchema, RosterEntrySchema } from './roster-schemas.ts'

export { MarkSchema, markOf, type Mark } from './roster-schemas.ts'
export { OutboxKindSchema } from './outbox-item.ts'
export { type OutboxKind } from './outbox-status.ts'

/**
 * Check-in at the desk: marks (arrived, no-show, not yet), cancellations, the day's search and the
 * end-of-day sheet. Pure schemas, shared through the contract.
 *
 * A mark or a cancellation is a row of the same outbox as a booking (its `kind`), with the same statuses
 * and staff controls; these schemas are what the window asks for and what it is shown.
 */

/**
 * Which booking staff act on: Altegio's record, or this desk's booking still in the outbox (the action
 * then waits until that booking is sent and its record id is known).
 */
export const BookingRefSchema = z.union([
  z.strictObject({ recordId: AltegioIdSchema }),
  z.strictObject({ bookingId: OutboxIdSchema })
])
export type BookingRef = z.infer<typeof BookingRefSchema>

export const MarkAttendanceSchema = z.strictObject({
  locationId: LocationIdSchema,
  eventId: EventIdSchema,
  target: BookingRefSchema,
  mark: MarkSchema
})
export type MarkAttendance = z.infer<typeof MarkAttendanceSchema>

export const CancelBookingSchema = z.strictObject({
  locationId: LocationIdSchema,
  eventId: EventIdSchema,
  target: BookingRefSchema
})
export type CancelBooking = z.infer<typeof CancelBookingSchema>

/**
 * "Book again and mark arrived": a mark whose record Altegio no longer has (cancelled online) becomes a new
 * booking of the same client in the same class, with the mark waiting for it.
 */
export const RebookSchema = z.strictObject({ id: OutboxIdSchema })
export type Rebook = z.infer<typeof RebookSchema>
export const RebookedSchema = z.object({ booking: OutboxItemSchema, mark: OutboxItemSchema })
export type Rebooked = z.infer<typeof RebookedSchema>

/** A day, in the location's time: "YYYY-MM-DD". */
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/**
 * "Am I booked?": a name, the last digits of a phone, or what a barcode scanner typed, over the whole
 * day's classes. Never books anyone.
 */
export const DaySearchSchema = z.strictObject({
  locationId: LocationIdSchema,
  day: DaySchema,
  query: z.string().trim().min(1).max(100)
})
export type DaySearch = z.infer<typeof DaySearchSchema>

/** One class of the day as the search and the sheet list it. */
export const DayClassSchema = z.object({
  eventId: z.number().int().positive(),
  title: z.string(),
  /** "YYYY-MM-DD HH:MM:SS", location time. */
  startsAt: z.string(),
  /** How long it lasts: a booking can be cancelled until it ends. */
  lengthSeconds: z.number().int().nonnegative()
})
export type DayClass = z.infer<typeof DayClassSchema>

/** One client the search found, with her bookings of the day (each a roster entry of its class). */
export const DayMatchSchema = z.object({
  /** Stable across searches: `client:<id>`, or the phone's digits for a client Altegio has no id for yet. */
  key: z.string(),
  name: z.string(),
  phone: z.string(),
  bookings: z.array(z.object({ class: DayClassSchema, entry: RosterEntrySchema }))
})
export type DayMatch = z.infer<typeof DayMatchSchema>

export const DaySearchResultSchema = z.object({
  matches: z.array(DayMatchSchema),
  /** `scan`: the query looked like a scanner's code (all digits, long): it matched exactly or not at all. */
  read: z.enum(['text', 'scan']),
  /** `cache`: some classes were read from what this computer saved (Altegio out of reach). */
  source: z.enum(['live', 'cache'])
})
export type DaySearchResult = z.infer<typeof DaySearchResultSchema>

/** The end-of-day sheet: per class, who arrived, the no-shows, who is not marked, and what has not reached Altegio. */
export const DaySheetQuerySchema = z.strictObject({ locationId: LocationIdSchema, day: DaySchema })
export type DaySheetQuery = z.infer<typeof DaySheetQuerySchema>

export const DaySheetSchema = z.object({
  day: z.string(),
  /** When the sheet was made (ISO), by the desk's clock. */
  madeAt: z.string(),
  source: z.enum(['live', 'cache']),
  classes: z.array(
    z.object({
      class: DayClassSchema,
      capacity: z.number().int().nonnegative().optional(),
      entries: z.array(RosterEntrySchema)
    })
  )
})
export type DaySheet = z.infer<typeof DaySheetSchema>
