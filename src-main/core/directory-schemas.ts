import { z } from 'zod'
import { LocationIdSchema } from './booking-schema.ts'
import { isCalendarDay } from './location-time.ts'
import { hasNoHiddenCharacters, hiddenCharacterMessage } from './safe-text.ts'

/**
 * What the desk tells the window about events and clients: pure schemas, shared through the contract.
 * Every list says where it came from (`live` from Altegio, or `cache` on this computer) and how old it is,
 * so the window can say so.
 */

export const DaySchema = z
  .string({ error: 'Date must be text' })
  .refine(isCalendarDay, { error: 'Date must be a real day like 2026-11-24' })

export const ListEventsSchema = z.strictObject({ locationId: LocationIdSchema, date: DaySchema })

export const SearchClientsSchema = z.strictObject({
  locationId: LocationIdSchema,
  query: z
    .string({ error: 'Search must be text' })
    .trim()
    .max(100, { error: 'Search is too long' })
    .refine(hasNoHiddenCharacters, { error: hiddenCharacterMessage('Search') })
})

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

const SourceSchema = z.enum(['live', 'cache'])

/**
 * Why a list comes from the cache, so the window can say it in staff's language: no network, not signed
 * in, Altegio refused the request (`status`), or Altegio answered something the desk cannot read.
 */
export const FallbackWhySchema = z.enum(['offline', 'auth', 'refused', 'unreadable'])
export type FallbackWhy = z.infer<typeof FallbackWhySchema>

export const EventListSchema = z.object({
  events: z.array(DeskEventSchema),
  source: SourceSchema,
  /** When the list was last fetched from Altegio, or null when nothing is cached for the day. */
  cachedAt: z.string().nullable(),
  /** Why the list is not live, in staff's words. */
  notice: z.string().optional(),
  why: FallbackWhySchema.optional(),
  /** The HTTP status when Altegio refused the request. */
  status: z.number().int().optional(),
  /** Altegio refused the user token: staff must sign in again. */
  authRequired: z.boolean()
})
export type EventList = z.infer<typeof EventListSchema>

export const ClientMatchSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  surname: z.string(),
  phone: z.string(),
  email: z.string()
})
export type ClientMatch = z.infer<typeof ClientMatchSchema>

export const ClientSearchSchema = z.object({
  clients: z.array(ClientMatchSchema),
  source: SourceSchema,
  cachedAt: z.string().nullable(),
  notice: z.string().optional(),
  why: FallbackWhySchema.optional(),
  status: z.number().int().optional(),
  authRequired: z.boolean()
})
export type ClientSearch = z.infer<typeof ClientSearchSchema>

export const LoginSchema = z.strictObject({
  login: z
    .string({ error: 'Login must be text' })
    .trim()
    .min(1, { error: 'Enter your login (phone or email)' })
    .max(255)
    .refine(hasNoHiddenCharacters, { error: hiddenCharacterMessage('Login') }),
  password: z.string({ error: 'Password must be text' }).min(1, { error: 'Enter your password' }).max(1024)
})
export type LoginInput = z.infer<typeof LoginSchema>

export const SignedInSchema = z.object({ name: z.string() })
