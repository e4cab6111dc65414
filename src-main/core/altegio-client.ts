import { ApiHostRefusedError } from './api-host-policy.ts'
import type { AltegioRequest, Exchange } from './altegio-transport.ts'
import { errorCode, isBadPort, isNotSent } from './altegio-transport.ts'
import { toWireBody, type BookingRequest } from './booking-schema.ts'
import { classifyAnswer, type Outcome } from './classify-outcome.ts'

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
    return { type: 'retry', error: { kind: 'network', message: `Not sent: ${error.message} Check the API address in Settings.` } }
  }
  if (isBadPort(error)) {
    return {
      type: 'retry',
      error: { kind: 'network', message: 'The API address uses a port the desk may not connect to. Check the API address in Settings.' }
    }
  }
  if (isNotSent(error)) {
    return {
      type: 'retry',
      error: { kind: 'network', message: `Altegio cannot be reached (${code}); the booking waits and will be sent when the network is back.` }
    }
  }
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
  const what = timedOut
    ? `No answer from Altegio within ${Math.round(timeoutMs / 1000)} s`
    : `The connection to Altegio broke before it answered${code ? ` (${code})` : ''}`
  return {
    type: 'unknown',
    error: { kind: 'network', message: `${what}. The booking may have been created: check in Altegio before sending it again.` }
  }
}
