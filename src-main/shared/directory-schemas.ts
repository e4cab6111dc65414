import { z } from 'zod'
import { says } from './error-codes.ts'
import { LocationIdSchema, hasNoHiddenCharacters } from './booking-schema.ts'
import { isCalendarDay } from './location-time.ts'

/**
 * What the desk tells the window about events and clients: pure schemas, shared through the contract.
 * Every list says where it came from (`live` from Altegio, or `cache` on this computer) and how old it is,
 * so the window can say so.
 */

export const DaySchema = z
  .string(says('date_not_text'))
  .refine(isCalendarDay, says('date_not_real'))

export const ListEventsSchema = z.strictObject({ locationId: LocationIdSchema, date: DaySchema })

export const SearchClientsSchema = z.strictObject({
  locationId: LocationIdSchema,
  query: z.string(says('search_not_text')).trim().max(100, says('search_too_long')).refine(hasNoHiddenCharacters, says('hidden_characters'))
})

/** A client picked from the look-up: the desk reads and saves what Altegio keeps for her before Book. */
export const ClientDetailsQuerySchema = z.strictObject({ locationId: LocationIdSchema, clientId: z.number().int().positive() })

/** Whether her stored details are now at the desk (saved, sealed), ready for a booking online or offline. */
export const ClientDetailsReadySchema = z.object({ ready: z.boolean() })

export const DeskEventSchema = z.object({
  id: z.number().int().positive(),
  locationId: z.number().int().positive(),
  /** "YYYY-MM-DD HH:MM:SS", location time, as Altegio sends it. */
  startsAt: z.string(),
  lengthSeconds: z.number().int().nonnegative(),
  title: z.string(),
  staffName: z.string(),
  capacity: z.number().int().nonnegative(),
  /** Places Altegio counted as taken when the list was fetched, plus what this desk sent since. */
  booked: z.number().int().nonnegative(),
  /** Slots in this desk's own outbox for the event that Altegio has not counted yet (queued, sending, held). */
  pendingSlots: z.number().int().nonnegative(),
  freePlaces: z.number().int().nonnegative(),
  /**
   * `freePlaces` is an upper bound: Altegio's `records_count` counts bookings, not places, so a booking
   * for several places counts once. Exact when nothing is booked or the class is full.
   */
  freePlacesApproximate: z.boolean(),
  /** When this event was last fetched from Altegio (ISO). */
  cachedAt: z.string()
})
export type DeskEvent = z.infer<typeof DeskEventSchema>

/**
 * Why a list comes from the cache, so the window can say it in staff's language: no network, not signed
 * in, Altegio refused the request (`status`), or Altegio answered something the desk cannot read.
 */
export const FallbackWhySchema = z.enum(['offline', 'auth', 'refused', 'unreadable'])
export type FallbackWhy = z.infer<typeof FallbackWhySchema>

/** Where a list of events or clients came from, and why it is not live. */
const listing = {
  source: z.enum(['live', 'cache']),
  /** When the list was last fetched from Altegio, or null when nothing is cached for it. */
  cachedAt: z.string().nullable(),
  /** Why the list is not live: an error code (error-codes.ts). */
  notice: z.string().optional(),
  why: FallbackWhySchema.optional(),
  /** The HTTP status when Altegio refused the request. */
  status: z.number().int().optional(),
  /** Altegio's own words when it refused the request, as it wrote them. */
  said: z.string().optional(),
  /** Altegio refused the user token: staff must sign in again. */
  authRequired: z.boolean()
}

export const EventListSchema = z.object({ events: z.array(DeskEventSchema), ...listing })
export type EventList = z.infer<typeof EventListSchema>

export const ClientMatchSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  surname: z.string(),
  phone: z.string(),
  email: z.string()
})
export type ClientMatch = z.infer<typeof ClientMatchSchema>

export const ClientSearchSchema = z.object({ clients: z.array(ClientMatchSchema), ...listing })
export type ClientSearch = z.infer<typeof ClientSearchSchema>

// The sign-in form's schema lives with the settings' (a form the window checks as staff type).
export { LoginSchema, type LoginInput } from './settings-schema.ts'

export const SignedInSchema = z.object({ name: z.string() })

/** Lists staff choose from by name instead of typing numbers: record categories and their locations. */

export const ListLabelsSchema = z.strictObject({ locationId: LocationIdSchema })

/** One of the location's categories for records ("labels" on the create call). */
export const RecordLabelSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  /** `#RRGGBB`, or '' when Altegio gave none a browser can use. */
  color: z.string()
})
export type RecordLabel = z.infer<typeof RecordLabelSchema>

export const LabelListSchema = z.object({
  labels: z.array(RecordLabelSchema),
  source: z.enum(['live', 'cache']),
  cachedAt: z.string().nullable(),
  authRequired: z.boolean()
})
export type LabelList = z.infer<typeof LabelListSchema>

/** A location the signed-in user may book into, from `GET /v1/companies?my=1`. */
export const MyLocationSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  /** IANA zone, when Altegio gave one this computer knows. */
  timeZone: z.string().nullable()
})
export type MyLocation = z.infer<typeof MyLocationSchema>

export const MyLocationsSchema = z.object({
  locations: z.array(MyLocationSchema),
  /** No one is signed in, or the sign-in was refused: the list needs a user's rights. */
  authRequired: z.boolean(),
  /** Why the list could not be fetched, in staff's words. */
  notice: z.string().optional()
})
export type MyLocations = z.infer<typeof MyLocationsSchema>
