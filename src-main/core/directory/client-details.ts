import { z } from 'zod'
import { readAltegio } from '../altegio/read-altegio.ts'
import type { AltegioTransport } from '../altegio/transport.ts'

/** What Altegio keeps for one client, as the one-client read gives it: what a booking for her sends. */
export interface StoredClient {
  id: number
  name: string
  surname: string
  phone: string
  email: string
  gender: 0 | 1 | 2
}

export const StoredClientSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  surname: z.string(),
  phone: z.string(),
  email: z.string(),
  gender: z.union([z.literal(0), z.literal(1), z.literal(2)])
})

/** A booking waits no longer than this for her details before the saved ones answer. */
export const DETAILS_TIMEOUT_MS = 3_000

const text = z.string().trim().max(255).nullable().optional().catch('').transform((t) => t ?? '')
/**
 * `sex` in words in the Blueprint's example, `sex_id` (0 unknown, 1 male, 2 female) in its client editing;
 * Altegio's pages write `gender` in words ("unknown", "Male") and `gender_id` with the same numbers.
 */
const SEX_WORDS: Record<string, 0 | 1 | 2> = { мужской: 1, женский: 2, male: 1, female: 2 }
const genderId = z.coerce.number().int().min(0).max(2).optional().catch(undefined)

/**
 * `GET /v1/client/{location_id}/{id}`: `{success, data: {id, name, phone, email, sex, birth_date, ...}}`
 * in the Blueprint; `surname` and `sex_id` are read when present. The id must be the one asked for.
 */
const ClientAnswerSchema = z.object({
  data: z.object({
    id: z.coerce.number().int().positive(),
    name: text,
    surname: text,
    phone: z.union([z.string().trim().max(40), z.number().int().nonnegative().transform(String)]).nullable().optional().catch('').transform((p) => p ?? ''),
    email: text,
    sex_id: genderId,
    gender_id: genderId,
    sex: z.string().optional().catch(undefined),
    gender: z.string().optional().catch(undefined)
  })
})

/** Her stored details, live; `auth` when the token was refused; undefined when Altegio could not say. */
export async function readStoredClient(
  transport: AltegioTransport,
  authorization: string,
  locationId: number,
  clientId: number
): Promise<StoredClient | 'auth' | undefined> {
  const result = await readAltegio(transport, { method: 'GET', path: `/v1/client/${locationId}/${clientId}`, authorization, timeoutMs: DETAILS_TIMEOUT_MS })
  if (result.kind === 'auth') return 'auth'
  if (result.kind !== 'ok') return undefined
  const answer = ClientAnswerSchema.safeParse(result.body)
  if (!answer.success || answer.data.data.id !== clientId) return undefined
  const { id, name, surname, phone, email } = answer.data.data
  const { sex_id: sexId, gender_id: genderNumber, sex, gender: genderWords } = answer.data.data
  const inWords = SEX_WORDS[(sex ?? genderWords ?? '').trim().toLowerCase()]
  const gender = (sexId ?? genderNumber ?? inWords ?? 0) as 0 | 1 | 2
  return { id, name, surname, phone, email, gender }
}

interface ClientFields {
  name: string
  surname: string
  phone: string
  email: string
  gender: number
}

/**
 * The booking's client with her stored details where the booking has none: a blank surname, phone or
 * e-mail, an unknown gender, and the search's "name surname" for a name. What staff typed stays.
 */
export function withStoredDetails<C extends ClientFields>(client: C, stored: StoredClient): C {
  const shownName = [stored.name, stored.surname].filter((part) => part !== '').join(' ')
  const blank = (value: string) => value.trim() === ''
  return {
    ...client,
    name: blank(client.name) || (client.name.trim() === shownName && blank(client.surname)) ? stored.name || client.name : client.name,
    surname: blank(client.surname) ? stored.surname : client.surname,
    phone: blank(client.phone) ? stored.phone : client.phone,
    email: blank(client.email) ? stored.email : client.email,
    gender: client.gender === 0 ? stored.gender : client.gender
  }
}

const ReturningBookingSchema = z
  .object({
    locationId: z.number().int().positive(),
    request: z.object({ client: z.object({ id: z.number().int().positive(), name: z.string(), surname: z.string(), phone: z.string(), email: z.string(), gender: z.number() }).passthrough() }).passthrough()
  })
  .passthrough()

/**
 * A booking (not yet checked) for a client Altegio already has, or undefined: the shape checked here is
 * only what filling her details needs; the booking itself is checked as every other one.
 */
export function returningClientOf(booking: unknown): { locationId: number; clientId: number; booking: z.infer<typeof ReturningBookingSchema> } | undefined {
  // A walk-in (no client id) is answered without the schema, whose refusal builds an error: a third of the booking's own check.
  if (typeof (booking as { request?: { client?: { id?: unknown } } } | null | undefined)?.request?.client?.id !== 'number') return undefined
  const parsed = ReturningBookingSchema.safeParse(booking)
  if (!parsed.success) return undefined
  return { locationId: parsed.data.locationId, clientId: parsed.data.request.client.id, booking: parsed.data }
}
