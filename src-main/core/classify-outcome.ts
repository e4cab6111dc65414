import { ErrorEnvelopeSchema, RecordCreatedSchema, isAltegioEnvelope, parseJson } from './altegio-responses.ts'
import type { DeliveryError } from './outbox-item.ts'

/**
 * What one attempt to create a record came to, and so what the outbox does next.
 *
 * - `sent`: Altegio created the record and said which.
 * - `retry`: it certainly did not (or said "try later"): safe to send again after `retryAfterMs`.
 * - `failed`: it refused for a reason that staff must fix (422, 404, 403).
 * - `held`: the tokens were refused; nothing more can go until new ones are saved.
 * - `unknown`: the request may have been created; only reconciliation or a person may send it again.
 */
export type Outcome =
  | { type: 'sent'; recordId: string }
  | { type: 'retry'; error: DeliveryError; retryAfterMs?: number }
  | { type: 'failed'; error: DeliveryError }
  | { type: 'held'; error: DeliveryError }
  | { type: 'unknown'; error: DeliveryError }

export interface HttpAnswer {
  status: number
  /** The `Retry-After` header, if any. */
  retryAfter?: string | null
  /** The body as text, or undefined when it could not be read in full. */
  body: string | undefined
}

const MAX_MESSAGE = 500

/** Classifies an HTTP answer. Pure: the same answer always means the same thing. */
export function classifyAnswer(answer: HttpAnswer, now: Date): Outcome {
  const { status } = answer
  if (status >= 200 && status < 300) return classifySuccess(answer)

  const json = parseJson(answer.body ?? '')
  const envelope = ErrorEnvelopeSchema.safeParse(json)
  const serverMessage = envelope.success ? clip(envelope.data.meta?.message) : undefined
  const fieldErrors = envelope.success ? clipErrors(envelope.data.meta?.errors) : undefined
  const withStatus = (kind: DeliveryError['kind'], fallback: string): DeliveryError => ({
    kind,
    status,
    message: serverMessage || fallback,
    ...(fieldErrors ? { fieldErrors } : {})
  })

  if (status === 401) {
    return { type: 'held', error: withStatus('auth', 'Altegio refused the tokens. Save a new user token in Settings.') }
  }
  if (status === 403) {
    return { type: 'failed', error: withStatus('forbidden', 'This user may not book at this location.') }
  }
  if (status === 404 && !isAltegioEnvelope(json)) return { type: 'failed', error: routeMissing(status) }
  if (status === 404) {
    return { type: 'failed', error: withStatus('not_found', 'Altegio has no such location or event.') }
  }
  if (status === 422 || status === 400 || status === 409) {
    return { type: 'failed', error: withStatus('validation', 'Altegio did not accept this booking.') }
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(answer.retryAfter, now)
    return {
      type: 'retry',
      error: withStatus('rate_limited', 'Altegio asked the desk to slow down; it will try again shortly.'),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {})
    }
  }
  if (status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(answer.retryAfter, now)
    const fallback = envelope.success
      ? `Altegio had a problem (${status}); the desk will try again.`
      : `The server answered ${status} with a page that is not Altegio's; the desk will try again.`
    return { type: 'retry', error: withStatus('server', fallback), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }
  }
  if (status >= 300 && status < 400) {
    return {
      type: 'failed',
      error: { kind: 'invalid_response', status, message: 'The API address redirects elsewhere. Check the API address in Settings.' }
    }
  }
  return { type: 'failed', error: withStatus('invalid_response', `Altegio answered with an unexpected status ${status}.`) }
}

/**
 * Altegio answered 404 to the create call's address while the class exists (or with a page that is not
 * its own): the address itself is gone — Altegio's newer pages describe the call under
 * `/v2/locations/{location_id}/events/{event_id}/appointments`. A 404 stores nothing, so the booking is kept,
 * failed, for staff to retry once the desk is updated; it is never re-sent on its own.
 */
export function routeMissing(status = 404): DeliveryError {
  return {
    kind: 'route_missing',
    status,
    message:
      'Altegio no longer accepts bookings at the address this desk uses (it answered 404, not about the class). ' +
      'Nothing was created and the booking is kept here: update the desk, then press Retry.'
  }
}

/** A 2xx without a readable record may still have created one: never a silent success, never a resend. */
function classifySuccess(answer: HttpAnswer): Outcome {
  const record = RecordCreatedSchema.safeParse(parseJson(answer.body ?? ''))
  if (record.success) return { type: 'sent', recordId: record.data.data.id }
  const why = answer.body === undefined ? 'its answer was cut off' : 'its answer is not a booking record'
  return {
    type: 'unknown',
    error: {
      kind: 'invalid_response',
      status: answer.status,
      message: `Altegio answered ${answer.status}, but ${why}. The booking was probably created: check in Altegio before sending it again.`
    }
  }
}

/** Seconds or an HTTP date; capped at an hour so a hostile header cannot park the queue for days. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined
  const trimmed = header.trim()
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now.getTime()
  if (!Number.isFinite(ms)) return undefined
  return Math.min(Math.max(ms, 0), 60 * 60 * 1000)
}

function clip(message: string | undefined): string | undefined {
  const trimmed = message?.trim()
  if (!trimmed) return undefined
  return trimmed.length > MAX_MESSAGE ? `${trimmed.slice(0, MAX_MESSAGE)}…` : trimmed
}

function clipErrors(errors: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (!errors) return undefined
  const entries = Object.entries(errors)
    .slice(0, 50)
    .map(([field, list]) => [field.slice(0, 100), list.slice(0, 10).map((m) => clip(m) ?? '')] as const)
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}
