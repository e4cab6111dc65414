import type { AltegioTransport } from './altegio-transport.ts'
import { errorCode, isBadPort, isNotSent } from './altegio-transport.ts'
import { toWireBody, type BookingRequest } from './booking-schema.ts'
import { classifyAnswer, type Outcome } from './classify-outcome.ts'

export interface CreateRecordCall {
  transport: AltegioTransport
  authorization: string
  locationId: number
  eventId: number
  request: BookingRequest
  timeoutMs: number
  now: () => Date
}

/**
 * `POST /v2/companies/{location_id}/activities/{event_id}/records`, once, and what came of it.
 *
 * Never throws: every failure is an Outcome.
 */
export async function createRecord(call: CreateRecordCall): Promise<Outcome> {
  const exchange = await call.transport.send({
    method: 'POST',
    path: `/v2/companies/${call.locationId}/activities/${call.eventId}/records`,
    authorization: call.authorization,
    body: toWireBody(call.request),
    timeoutMs: call.timeoutMs
  })
  if (exchange.kind === 'no_answer') return classifyFetchError(exchange.error, call.timeoutMs)
  return classifyAnswer(exchange, call.now())
}

/** A failure before any answer: certainly unsent (retry) or possibly received (unknown). */
export function classifyFetchError(error: unknown, timeoutMs: number): Outcome {
  const code = errorCode(error)
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
