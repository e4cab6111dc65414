import { z } from 'zod'
import { AltegioIdSchema } from '../../shared/outbox-item.ts'

/**
 * What Altegio answers, as far as the desk relies on it. Anything else (HTML from a proxy, a cut-off
 * body, a 201 without a record) fails these schemas and becomes an `invalid_response` error.
 */

/** 201 of the create call: JSON:API with the record id; attributes may grow, `meta` is `[]` or `{}`. */
export const RecordCreatedSchema = z.object({
  data: z.object({
    type: z.literal('record'),
    id: z.union([AltegioIdSchema, z.number().int().positive()]).transform(String),
    attributes: z.record(z.string(), z.unknown()).optional()
  })
})

const messages = z.union([z.array(z.string()), z.string().transform((s) => [s])])

/**
 * The shared error envelope: `{success: false, data: null, meta: {message, errors}}`. Each part is
 * read on its own, so a malformed `errors` does not cost staff the server's message.
 */
export const ErrorEnvelopeSchema = z.object({
  meta: z
    .object({
      message: z.string().optional().catch(undefined),
      errors: z.record(z.string(), messages).optional().catch(undefined)
    })
    .nullable()
    .optional()
})

export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>

/** Parses a body as JSON, or returns undefined: a body is never trusted to be JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Whether a body is Altegio's own error envelope (`success: false` and a `meta` object). A 404 that is
 * not — a framework's or a proxy's page — is about the address, not about a location or an event.
 */
export function isAltegioEnvelope(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  const { success, meta } = body as { success?: unknown; meta?: unknown }
  return success === false && typeof meta === 'object' && meta !== null && !Array.isArray(meta)
}

/**
 * Refusals Altegio documents in words rather than by status alone. The Blueprint answers a lapsed
 * licence with 402 on most calls and with 403 on some, always with the same message; Altegio's own
 * client treats `success: false` as a refusal whatever the status.
 */

/** "Необходимо продлить лицензию в филиале с id: …", and its English form. */
const LICENCE_WORDS = /продлить\s+лицензию|licen[cs]e\s+(has\s+)?(expired|lapsed)|renew\s+(the\s+)?licen[cs]e/i

/** A lapsed licence: 402, or a 403 in the licence's documented words. */
export function isLicenceLapsed(status: number, said: string | undefined): boolean {
  return status === 402 || (status === 403 && said !== undefined && LICENCE_WORDS.test(said))
}

/** A body that says, in Altegio's envelope, that the call did not succeed. */
export function saysNotSucceeded(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as { success?: unknown }).success === false
}
