import { ErrorEnvelopeSchema, parseJson } from './altegio-responses.ts'
import type { AltegioRequest, AltegioTransport } from './altegio-transport.ts'
import { ApiHostRefusedError } from './api-host-policy.ts'

/**
 * A call whose answer the desk only reads (sign-in, event and client look-ups), reduced to what the
 * caller acts on. Never throws; messages are for staff and carry no tokens or personal data.
 */
export type ReadResult =
  | { kind: 'ok'; body: unknown }
  /** 401: the token (or, for sign-in, the login or password) was refused. */
  | { kind: 'auth'; message: string | undefined }
  /** No answer at all: the network or Altegio is down. */
  | { kind: 'offline'; message: string }
  /** An answer that is not a success: 403, 404, 422, 429, 5xx, a proxy's page, a body that is not JSON. */
  | { kind: 'refused'; status: number; message: string }

export async function readAltegio(transport: AltegioTransport, request: AltegioRequest): Promise<ReadResult> {
  const exchange = await transport.send(request)
  if (exchange.kind === 'no_answer') {
    if (exchange.error instanceof ApiHostRefusedError) return { kind: 'offline', message: exchange.error.message }
    const message = exchange.timedOut ? 'Altegio did not answer in time.' : 'Altegio cannot be reached.'
    return { kind: 'offline', message }
  }
  const body = parseJson(exchange.body ?? '')
  const envelope = ErrorEnvelopeSchema.safeParse(body)
  const serverMessage = envelope.success ? envelope.data.meta?.message?.trim().slice(0, 300) || undefined : undefined
  if (exchange.status === 401) return { kind: 'auth', message: serverMessage }
  if (exchange.status >= 200 && exchange.status < 300 && body !== undefined) return { kind: 'ok', body }
  const fallback =
    exchange.status >= 200 && exchange.status < 300
      ? 'Altegio sent an answer the desk cannot read.'
      : `Altegio answered ${exchange.status}${envelope.success ? '' : ' with a page that is not Altegio’s'}.`
  return { kind: 'refused', status: exchange.status, message: serverMessage ?? fallback }
}
