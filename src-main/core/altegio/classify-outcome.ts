import type { ErrorCode } from '../../shared/error-codes.ts'
import { ErrorEnvelopeSchema, RecordCreatedSchema, isAltegioEnvelope, isLicenceLapsed, parseJson, saysNotSucceeded } from './responses.ts'
import type { DeliveryError } from '../../shared/outbox-item.ts'

/**
 * What one attempt to create a record came to, and so what the outbox does next.
 *
 * - `sent`: Altegio created the record and said which.
 * - `retry`: it certainly did not (or said "try later"): safe to send again after `retryAfterMs`.
 * - `failed`: it refused for a reason that staff must fix (422, 404, 403).
 * - `held`: the tokens were refused; nothing more can go until new ones are saved.
 * - `unknown`: the request may have been created; only the look-up or a person may send it again.
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
/** A location whose licence lapsed is renewed by a person, not in seconds: look again every quarter hour. */
const LICENCE_RETRY_MS = 15 * 60 * 1000

/**
 * Altegio's words for "no free places" and "the class is over", in its two languages. Altegio documents
 * both refusals as 422 but not their wording or field keys: an assumption, named in README's per-call table.
 */
const CLASS_FULL = /(нет|недостаточно)\s+свободных\s+мест|no\s+(free|available)\s+(places|seats|spots)|(class|event|activity)\s+is\s+full/i
const CLASS_OVER = /(событие|занятие|запись).{0,20}(прошл|заверш)|(event|class|activity).{0,20}(in\s+the\s+past|has\s+(already\s+)?(ended|started|passed))/i

/** Which refusal a 4xx about the booking is, so staff read it in their own words. */
function refusalReason(message: string | undefined, fieldErrors: Record<string, string[]> | undefined): ErrorCode {
  const said = [message ?? '', ...Object.values(fieldErrors ?? {}).flat()]
  if (said.some((text) => CLASS_FULL.test(text))) return 'altegio_class_full'
  if (said.some((text) => CLASS_OVER.test(text))) return 'altegio_class_over'
  return 'altegio_rejected'
}

/** Classifies an HTTP answer. Pure: the same answer always means the same thing. */
export function classifyAnswer(answer: HttpAnswer, now: Date): Outcome {
  const { status } = answer
  if (status >= 200 && status < 300) return classifySuccess(answer)

  const json = parseJson(answer.body ?? '')
  const envelope = ErrorEnvelopeSchema.safeParse(json)
  const serverMessage = envelope.success ? clip(envelope.data.meta?.message) : undefined
  const fieldErrors = envelope.success ? clipErrors(envelope.data.meta?.errors) : undefined
  const withStatus = (kind: DeliveryError['kind'], reason: ErrorCode): DeliveryError => ({
    kind,
    status,
    message: reason,
    params: { status, ...(serverMessage ? { said: serverMessage } : {}) },
    ...(fieldErrors ? { fieldErrors } : {})
  })

  if (status === 401) {
    return { type: 'held', error: withStatus('auth', 'altegio_refused_tokens') }
  }
  if (isLicenceLapsed(status, serverMessage)) {
    return { type: 'retry', error: withStatus('licence', 'altegio_licence_expired'), retryAfterMs: LICENCE_RETRY_MS }
  }
  if (status === 403) {
    return { type: 'failed', error: withStatus('forbidden', 'altegio_forbidden') }
  }
  if (status === 404 && !isAltegioEnvelope(json)) return { type: 'failed', error: routeMissing(status) }
  if (status === 404) {
    return { type: 'failed', error: withStatus('not_found', 'altegio_not_found') }
  }
  if (status === 422 || status === 400 || status === 409) {
    return { type: 'failed', error: withStatus('validation', refusalReason(serverMessage, fieldErrors)) }
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(answer.retryAfter, now)
    return {
      type: 'retry',
      error: withStatus('rate_limited', 'altegio_slow_down'),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {})
    }
  }
  if (status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(answer.retryAfter, now)
    return { type: 'retry', error: withStatus('server', envelope.success ? 'altegio_server_problem' : 'foreign_page'), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }
  }
  if (status >= 300 && status < 400) {
    return {
      type: 'failed',
      error: { kind: 'invalid_response', status, message: 'api_redirects' }
    }
  }
  return { type: 'failed', error: withStatus('invalid_response', 'unexpected_status') }
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
    message: 'altegio_route_missing',
    params: { status }
  }
}

/**
 * A 2xx without a readable record may still have created one: never a silent success, never a resend.
 * A 2xx whose body says `success: false` in Altegio's envelope is a refusal: nothing was created.
 */
function classifySuccess(answer: HttpAnswer): Outcome {
  const json = parseJson(answer.body ?? '')
  const record = RecordCreatedSchema.safeParse(json)
  if (record.success) return { type: 'sent', recordId: record.data.data.id }
  if (saysNotSucceeded(json) && isAltegioEnvelope(json)) {
    const envelope = ErrorEnvelopeSchema.safeParse(json)
    const said = envelope.success ? clip(envelope.data.meta?.message) : undefined
    const fieldErrors = envelope.success ? clipErrors(envelope.data.meta?.errors) : undefined
    return {
      type: 'failed',
      error: {
        kind: 'validation',
        status: answer.status,
        message: 'altegio_said_no',
        params: { status: answer.status, ...(said ? { said } : {}) },
        ...(fieldErrors ? { fieldErrors } : {})
      }
    }
  }
  return {
    type: 'unknown',
    error: {
      kind: 'invalid_response',
      status: answer.status,
      message: answer.body === undefined ? 'answer_cut_off' : 'answer_not_record',
      params: { status: answer.status }
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
