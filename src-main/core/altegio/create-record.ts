import { ApiHostRefusedError } from './host-policy.ts'
import type { AltegioRequest, Exchange } from './transport.ts'
import { errorCode, isBadPort, isNotSent } from './transport.ts'
import { toWireBody, type BookingRequest } from '../../shared/booking-schema.ts'
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
