import { toWireBody, type BookingRequest } from './booking-schema.ts'
import { classifyAnswer, type Outcome } from './classify-outcome.ts'

/** The largest answer the desk reads; a record is a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024

/** Connection errors that happen before any byte of the request is written: safe to send again. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

export interface CreateRecordCall {
  apiBaseUrl: string
  authorization: string
  locationId: number
  eventId: number
  request: BookingRequest
  timeoutMs: number
  fetch: typeof fetch
  now: () => Date
}

/**
 * `POST /v2/companies/{location_id}/activities/{event_id}/records`, once, and what came of it.
 *
 * Never throws: every failure is an Outcome. Redirects are not followed, so the tokens go only to the
 * address staff configured.
 */
export async function createRecord(call: CreateRecordCall): Promise<Outcome> {
  const url = `${call.apiBaseUrl}/v2/companies/${call.locationId}/activities/${call.eventId}/records`
  const signal = AbortSignal.timeout(call.timeoutMs)
  let response: Response
  try {
    response = await call.fetch(url, {
      method: 'POST',
      headers: {
        Accept: 'application/vnd.api.v2+json',
        'Content-Type': 'application/json',
        Authorization: call.authorization
      },
      body: JSON.stringify(toWireBody(call.request)),
      redirect: 'manual',
      signal
    })
  } catch (error) {
    return classifyFetchError(error, call.timeoutMs)
  }
  const body = await readCapped(response, MAX_BODY_BYTES)
  return classifyAnswer({ status: response.status, retryAfter: response.headers.get('retry-after'), body }, call.now())
}

/** A failure before any answer: certainly unsent (retry) or possibly received (unknown). */
export function classifyFetchError(error: unknown, timeoutMs: number): Outcome {
  const code = errorCode(error)
  if (causeMessage(error) === 'bad port') {
    return {
      type: 'retry',
      error: { kind: 'network', message: 'The API address uses a port the desk may not connect to. Check the API address in Settings.' }
    }
  }
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
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

/** The system error code, looked for on the error and its causes (fetch wraps the socket's error). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** fetch refuses some ports outright, before connecting, and says so only in its cause's message. */
function causeMessage(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined
  return cause instanceof Error ? cause.message : undefined
}

/** The body as text, or undefined if it broke off or exceeded `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel().catch(() => {})
        return undefined
      }
      chunks.push(value)
    }
  } catch {
    return undefined
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}
