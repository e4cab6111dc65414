import { z } from 'zod'
import { LocationIdSchema } from './booking-schema.ts'

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
