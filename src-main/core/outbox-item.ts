import { z } from 'zod'
import { BookingRequestSchema } from './booking-schema.ts'

/**
 * One booking in the outbox, as the core reports it to the window and the tests.
 *
 * Statuses: `queued` waits its turn; `sending` is on disk before the request leaves; `sent` carries the
 * record id; `failed` waits for staff (422, 404, 403); `held` waits for valid tokens; `unknown` may have
 * reached Altegio and is never re-sent without a person deciding, because the API has no idempotency key.
 */
export const OutboxStatusSchema = z.enum(['queued', 'sending', 'sent', 'failed', 'unknown', 'held'])
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>

export const ErrorKindSchema = z.enum([
  'auth',
  'forbidden',
  'not_found',
  'validation',
  'rate_limited',
  'server',
  'network',
  'invalid_response'
])
export type ErrorKind = z.infer<typeof ErrorKindSchema>

export const DeliveryErrorSchema = z.object({
  kind: ErrorKindSchema,
  status: z.number().int().optional(),
  message: z.string(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional()
})
export type DeliveryError = z.infer<typeof DeliveryErrorSchema>

export const OutboxItemSchema = z.object({
  id: z.string(),
  locationId: z.number().int(),
  eventId: z.number().int(),
  request: BookingRequestSchema,
  status: OutboxStatusSchema,
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  nextAttemptAt: z.string().optional(),
  recordId: z.string().optional(),
  error: DeliveryErrorSchema.optional()
})
export type OutboxItem = z.infer<typeof OutboxItemSchema>
