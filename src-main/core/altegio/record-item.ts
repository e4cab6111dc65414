import { z } from 'zod'
import { AltegioIdSchema } from '../../shared/outbox-item.ts'

/**
 * One record of `GET /v1/records/{location_id}`, read by one rule for the roster and the look-up alike.
 * What says whose booking it is — its id, its class, whether it is deleted, its client's id and phone —
 * must be readable, or the whole read fails: skipping the record would hide a booked client from the
 * roster and let a look-up say "absent" past it. Anything else that cannot be read is left blank, and
 * the record stays.
 */

const id = z.union([z.number().int().positive(), AltegioIdSchema])
const text = z.string().trim().max(255).nullable().optional().catch(undefined).transform((t) => t ?? undefined)

export const RecordItemSchema = z.object({
  id: id.transform(String),
  /** 0 on a record outside any group event (the Blueprint's own example). */
  activity_id: z.union([z.number().int().nonnegative(), AltegioIdSchema]).transform(Number),
  deleted: z
    .union([z.boolean(), z.literal(0), z.literal(1), z.literal('0'), z.literal('1')])
    .optional()
    .transform((v) => v === true || v === 1 || v === '1'),
  clients_count: z.coerce.number().int().positive().optional().catch(undefined),
  attendance: z.coerce.number().int().optional().catch(undefined),
  create_date: z.string().max(40).optional().catch(undefined),
  /** `null` for a record without a client (the Blueprint's examples). */
  client: z
    .object({
      id: id.transform(Number).nullable().optional(),
      name: text,
      surname: text,
      // Altegio's newer pages show phones as numbers (`13155550179`), the Blueprint as strings.
      phone: z.union([z.string().trim().max(40), z.number().int().nonnegative().transform(String)]).nullable().optional()
    })
    .nullable()
    .optional()
})

export type RecordItem = z.infer<typeof RecordItemSchema>
