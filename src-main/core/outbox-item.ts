import { z } from 'zod'
import { StoredBookingRequestSchema } from './booking-schema.ts'

/**
 * One booking in the outbox, as the core reports it to the window and the tests.
 *
 * Statuses: `queued` waits its turn; `sending` is on disk before the request leaves; `sent` carries the
 * record id; `failed` waits for staff (422, 404, 403); `held` waits for valid tokens; `unknown` may have
 * reached Altegio: it is looked up in Altegio before anything is sent again (the API has no idempotency
 * key), and a person may decide; `discarded` was put aside by staff and stays as history.
 */
export const OutboxStatusSchema = z.enum(['queued', 'sending', 'sent', 'failed', 'unknown', 'held', 'discarded'])
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>

export const ErrorKindSchema = z.enum([
  'auth',
  'forbidden',
  'not_found',
  /** Altegio answered 404 about the create call's address itself, not about the class: nothing was created. */
  'route_missing',
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
export const ReconciliationSchema = z.object({
  checkedAt: z.string(),
  verdict: z.enum(['found', 'absent', 'unclear']),
  /** In staff's words: what was looked at and what it means. */
  summary: z.string(),
  candidates: z.array(CandidateRecordSchema).max(20)
})
export type Reconciliation = z.infer<typeof ReconciliationSchema>

export const OutboxItemSchema = z.object({
  id: z.string(),
  locationId: z.number().int(),
  eventId: z.number().int(),
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
  reconciliation: ReconciliationSchema.optional(),
  nextCheckAt: z.string().optional()
})
export type OutboxItem = z.infer<typeof OutboxItemSchema>
