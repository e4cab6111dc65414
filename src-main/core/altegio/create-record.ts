import { ApiHostRefusedError } from './host-policy.ts'
import type { AltegioRequest, Exchange } from './transport.ts'
import { errorCode, isBadPort, isNotSent } from './transport.ts'
import type { BookingClient, BookingRequest } from '../../shared/booking-schema.ts'
import { classifyAnswer, type Outcome } from './classify-outcome.ts'
import type { DeliveryError } from '../../shared/outbox-item.ts'

/** `POST /v2/companies/{location_id}/activities/{event_id}/records` for one booking. */
export function createRecordRequest(call: {
  authorization: string
  locationId: number
  eventId: number
  request: BookingRequest
  timeoutMs: number
}): AltegioRequest {
  return {
    method: 'POST',
    path: `/v2/companies/${call.locationId}/activities/${call.eventId}/records`,
    authorization: call.authorization,
    body: toWireBody(call.request),
    timeoutMs: call.timeoutMs
  }
}

type CustomFieldValues = NonNullable<BookingClient['custom_field_values']>

/** One custom field as the create call's example payload writes it. */
export interface WireCustomField {
  code: string
  value: CustomFieldValues[string]
}

/** The create call's body: the booking, its custom fields as a list of `{code, value}`. */
export type WireBody = Omit<BookingRequest, 'client'> & {
  client: Omit<BookingClient, 'custom_field_values'> & { custom_field_values?: WireCustomField[] }
}

/**
 * What is sent: the validated request, without the deprecated `client_id` when `client.id` says it, and
 * custom fields (kept by code on the desk) as the list of `{code, value}` the endpoint's example shows.
 */
export function toWireBody(request: BookingRequest): WireBody {
  const { custom_field_values: fields, ...client } = request.client
  const wireClient = fields === undefined ? client : { ...client, custom_field_values: Object.entries(fields).map(([code, value]) => ({ code, value })) }
  const { client_id: deprecated, client: _client, ...rest } = request
  return { ...rest, client: wireClient, ...(deprecated !== undefined && request.client.id === undefined ? { client_id: deprecated } : {}) }
}

/** What one create request came to. Never throws: every failure is an Outcome. */
export function createOutcome(exchange: Exchange, timeoutMs: number, now: Date): Outcome {
  if (exchange.kind === 'no_answer') return classifyFetchError(exchange.error, timeoutMs)
  return classifyAnswer(exchange, now)
}

/** A failure before any answer: certainly unsent (retry) or possibly received (unknown). */
export function classifyFetchError(error: unknown, timeoutMs: number): Outcome {
  const code = errorCode(error)
  if (error instanceof ApiHostRefusedError) {
    return { type: 'retry', error: { kind: 'network', message: 'api_host_not_sent', params: { reason: error.verdict.code, ...error.verdict.params } } }
  }
  if (isBadPort(error)) {
    return {
      type: 'retry',
      error: { kind: 'network', message: 'bad_port' }
    }
  }
  if (isNotSent(error)) {
    return {
      type: 'retry',
      error: { kind: 'network', message: 'unreachable', params: { code: code ?? '' } }
    }
  }
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
  const lost: DeliveryError = timedOut
    ? { kind: 'network', message: 'no_answer_in_time', params: { seconds: Math.max(1, Math.round(timeoutMs / 1000)) } }
    : { kind: 'network', message: 'connection_broke', params: { code: code ? ` (${code})` : '' } }
  return { type: 'unknown', error: lost }
}
