import type { ErrorCode } from '../../shared/error-codes.ts'
import { ErrorEnvelopeSchema, isLicenceLapsed, parseJson, saysNotSucceeded } from './responses.ts'
import type { Clock } from '../../shared/clock.ts'
import type { AltegioRequest, AltegioTransport } from './transport.ts'
import { ApiHostRefusedError } from './host-policy.ts'

/** What a part that reads Altegio for staff needs: the transport, a clock, and who is signed in. */
export interface AltegioReader {
  transport: AltegioTransport
  clock: Clock
  /** `Bearer <partner>, User <user>`, or null when not signed in. */
  authorization: () => Promise<string | null>
  /** Altegio answered 401 to this Authorization. */
  onAuthRefused: (authorization: string) => void
}

/**
 * A call whose answer the desk only reads (sign-in, event and client look-ups), reduced to what the
 * caller acts on. Never throws; reasons are error codes, and `said` is Altegio's own message, if any.
 */
export type ReadResult =
  | { kind: 'ok'; body: unknown }
  /** 401: the token (or, for sign-in, the login or password) was refused. */
  | { kind: 'auth'; said: string | undefined }
  /** No answer at all: the network or Altegio is down. */
  | { kind: 'offline'; reason: ErrorCode }
  /**
   * An answer that is not a success: 402, 403, 404, 422, 429, 5xx, a proxy's page, a body that is not
   * JSON, or any status with `success: false` (reason `altegio_said_no` when the status was 2xx).
   */
  | { kind: 'refused'; status: number; reason: ErrorCode; said: string | undefined }

export async function readAltegio(transport: AltegioTransport, request: AltegioRequest): Promise<ReadResult> {
  const exchange = await transport.send(request)
  if (exchange.kind === 'no_answer') {
    if (exchange.error instanceof ApiHostRefusedError) return { kind: 'offline', reason: 'api_host_not_sent' }
    return { kind: 'offline', reason: exchange.timedOut ? 'altegio_timeout' : 'altegio_unreachable' }
  }
  const body = parseJson(exchange.body ?? '')
  const envelope = ErrorEnvelopeSchema.safeParse(body)
  const serverMessage = envelope.success ? envelope.data.meta?.message?.trim().slice(0, 300) || undefined : undefined
  if (exchange.status === 401) return { kind: 'auth', said: serverMessage }
  const succeeded = exchange.status >= 200 && exchange.status < 300
  if (succeeded && body !== undefined && !saysNotSucceeded(body)) return { kind: 'ok', body }
  const reason: ErrorCode = succeeded
    ? body === undefined
      ? 'altegio_unreadable'
      : 'altegio_said_no'
    : isLicenceLapsed(exchange.status, serverMessage)
      ? 'licence_lapsed'
      : envelope.success
        ? 'altegio_answered'
        : 'altegio_foreign_page'
  return { kind: 'refused', status: exchange.status, reason, said: serverMessage }
}
