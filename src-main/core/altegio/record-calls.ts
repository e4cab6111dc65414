import { z } from 'zod'
import { AltegioIdSchema } from '../../shared/outbox-item.ts'
import type { Outcome } from './classify-outcome.ts'
import { classifyAnswer } from './classify-outcome.ts'
import { classifyFetchError } from './create-record.ts'
import { isAltegioEnvelope, parseJson } from './responses.ts'
import { readRecords, type LookupContext } from './day-records.ts'
import type { AltegioRequest, Exchange } from './transport.ts'

/**
 * One record in Altegio, read and changed: `GET`, `PUT` and `DELETE /v1/record/{location_id}/{record_id}`
 * (the YCLIENTS API Blueprint's "Запись"). Attendance is set through the record (PUT answers 201 with the
 * whole record), which needs the record's fields: the desk reads the record first anyway, to see that
 * Altegio still holds what the desk last read.
 */

const id = z.union([z.number().int().positive(), AltegioIdSchema]).transform(String)
const optionalText = z.string().max(2000).nullable().optional().catch(undefined).transform((t) => t ?? undefined)

/** What the desk reads of a record, and sends back when it sets attendance. */
export const RecordFieldsSchema = z.object({
  id,
  activity_id: z.union([z.number().int().nonnegative(), AltegioIdSchema]).transform(Number),
  deleted: z
    .union([z.boolean(), z.literal(0), z.literal(1), z.literal('0'), z.literal('1')])
    .optional()
    .transform((v) => v === true || v === 1 || v === '1'),
  attendance: z.coerce.number().int().min(-1).max(2).optional().catch(undefined),
  clients_count: z.coerce.number().int().positive().optional().catch(undefined),
  comment: optionalText,
  client: z
    .object({
      id: z.union([z.number().int().positive(), AltegioIdSchema]).transform(Number).nullable().optional(),
      name: optionalText,
      phone: z.union([z.string().max(40), z.number().int().nonnegative().transform(String)]).nullable().optional(),
      email: optionalText
    })
    .nullable()
    .optional()
})
export type RecordFields = z.infer<typeof RecordFieldsSchema>

const RecordAnswerSchema = z.object({ data: RecordFieldsSchema })

/** What a read of one record came to. */
export type RecordRead =
  | { kind: 'record'; record: RecordFields }
  /** 404 in Altegio's words: no such record, or one deleted (see confirmDeleted). */
  | { kind: 'not_found' }
  /** Anything else: what it means for the row, as for a create (retry, held, failed, unknown). */
  | { kind: 'outcome'; outcome: Outcome }

export function readRecordRequest(authorization: string, locationId: number, recordId: string): AltegioRequest {
  return { method: 'GET', path: `/v1/record/${locationId}/${recordId}`, authorization }
}

/** A read's exchange, judged. A read changes nothing, so a lost answer is only a retry. */
export function recordRead(exchange: Exchange, timeoutMs: number, now: Date): RecordRead {
  if (exchange.kind === 'no_answer') {
    const outcome = classifyFetchError(exchange.error, timeoutMs)
    return { kind: 'outcome', outcome: outcome.type === 'unknown' ? { type: 'retry', error: outcome.error } : outcome }
  }
  const json = parseJson(exchange.body ?? '')
  if (exchange.status === 200) {
    const parsed = RecordAnswerSchema.safeParse(json)
    if (parsed.success) return { kind: 'record', record: parsed.data.data }
    return { kind: 'outcome', outcome: { type: 'retry', error: { kind: 'invalid_response', status: 200, message: 'answer_not_record', params: { status: 200 } } } }
  }
  if (exchange.status === 404 && isAltegioEnvelope(json)) return { kind: 'not_found' }
  const outcome = classifyAnswer(exchange, now)
  return { kind: 'outcome', outcome: outcome.type === 'sent' || outcome.type === 'unknown' ? { type: 'retry', error: { kind: 'invalid_response', status: exchange.status, message: 'unexpected_status', params: { status: exchange.status } } } : outcome }
}

/**
 * `PUT /v1/record/{location_id}/{record_id}` with the record's own fields and the new attendance. For a group
 * event `activity_id` is required; `client`, `save_if_busy` and `send_sms` are listed as required. The
 * record already holds its place, so it is saved even if the class is full, and no SMS is sent for a mark.
 */
export function setAttendanceRequest(call: {
  authorization: string
  locationId: number
  record: RecordFields
  attendance: number
  timeoutMs: number
}): AltegioRequest {
  const { record } = call
  return {
    method: 'PUT',
    path: `/v1/record/${call.locationId}/${record.id}`,
    authorization: call.authorization,
    body: {
      activity_id: record.activity_id,
      client: { phone: record.client?.phone ?? '', name: record.client?.name ?? '', email: record.client?.email ?? '' },
      ...(record.clients_count !== undefined ? { clients_count: record.clients_count } : {}),
      ...(record.comment !== undefined ? { comment: record.comment } : {}),
      attendance: call.attendance,
      save_if_busy: true,
      send_sms: false
    },
    timeoutMs: call.timeoutMs
  }
}

/** `DELETE /v1/record/{location_id}/{record_id}`: 204 when deleted. */
export function deleteRecordRequest(authorization: string, locationId: number, recordId: string, timeoutMs: number): AltegioRequest {
  return { method: 'DELETE', path: `/v1/record/${locationId}/${recordId}`, authorization, timeoutMs }
}

/** What a write (PUT or DELETE) came to. */
export type WriteResult =
  | { kind: 'done'; attendance?: number }
  /** 404 in Altegio's words: the record is gone (or never was): confirmDeleted decides. */
  | { kind: 'not_found' }
  | { kind: 'outcome'; outcome: Outcome }

/** A write's exchange, judged: a lost answer is `unknown` (the record is read back before anything more). */
export function writeResult(exchange: Exchange, timeoutMs: number, now: Date): WriteResult {
  if (exchange.kind === 'no_answer') return { kind: 'outcome', outcome: classifyFetchError(exchange.error, timeoutMs) }
  const json = parseJson(exchange.body ?? '')
  if (exchange.status >= 200 && exchange.status < 300) {
    if (exchange.status === 204) return { kind: 'done' }
    const parsed = RecordAnswerSchema.safeParse(json)
    if (parsed.success) return { kind: 'done', ...(parsed.data.data.attendance !== undefined ? { attendance: parsed.data.data.attendance } : {}) }
    if (typeof json === 'object' && json !== null && (json as { success?: unknown }).success === false) {
      return { kind: 'outcome', outcome: classifyAnswer(exchange, now) }
    }
    // Altegio's envelope saying it succeeded, with less than a whole record (Altegio's own client takes
    // `success: true` as done, whatever `data` holds).
    if (typeof json === 'object' && json !== null && (json as { success?: unknown }).success === true) return { kind: 'done' }
    // A 2xx the desk cannot read: it may have been done; the record is read back before anything is sent again.
    return { kind: 'outcome', outcome: { type: 'unknown', error: { kind: 'invalid_response', status: exchange.status, message: 'answer_not_record', params: { status: exchange.status } } } }
  }
  if (exchange.status === 404 && isAltegioEnvelope(json)) return { kind: 'not_found' }
  return { kind: 'outcome', outcome: classifyAnswer(exchange, now) }
}

/** Whether a record the single read did not find is deleted, absent, or could not be told. */
export type DeletedCheck = 'deleted' | 'listed' | 'absent' | 'unclear'

/**
 * A record the single read answered 404 for: the day's records list with `with_deleted=1` (deleted
 * records show only so) decides whether it was deleted or never was. Narrowed to its client when known.
 */
export async function confirmDeleted(ctx: LookupContext, locationId: number, recordId: string, day: string, clientId?: number): Promise<DeletedCheck> {
  const read = await readRecords(ctx, { locationId, from: day, till: day, withDeleted: true, ...(clientId !== undefined ? { clientId } : {}) })
  if (!read.ok) return 'unclear'
  const record = read.value.find((candidate) => candidate.recordId === recordId)
  if (!record) return 'absent'
  return record.deleted ? 'deleted' : 'listed'
}
