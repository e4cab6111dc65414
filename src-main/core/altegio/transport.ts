import { ApiHostRefusedError, type HostVerdict } from './host-policy.ts'
import type { RateLimiter, Slot } from './rate-limiter.ts'

/** The largest answer the desk reads; a record or a page of records is well under this. */
const MAX_BODY_BYTES = 1024 * 1024

/** Connection errors that happen before any byte of the request is written: nothing reached Altegio. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  // A company proxy that refused or dropped the tunnel before it was made: nothing went past it.
  'ERR_PROXY_TUNNEL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

export interface AltegioRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Path and query after the API base, e.g. `/v1/records/41001?start_date=2026-11-24&…`. */
  path: string
  /** The whole `Authorization` header: `Bearer <partner>, User <user>`, or `Bearer <partner>` to log in. */
  authorization: string
  /** Sent as JSON. */
  body?: unknown
  /** How long this request may take; default the transport's. */
  timeoutMs?: number
}

/** One HTTP exchange with Altegio: an answer (of any status), or the reason there was none. */
export type Exchange =
  | { kind: 'answer'; status: number; retryAfter: string | null; body: string | undefined }
  | { kind: 'no_answer'; error: unknown; notSent: boolean; timedOut: boolean }

export interface AltegioTransport {
  send(request: AltegioRequest): Promise<Exchange>
  /**
   * Waits for the rate limiter and gives the caller its turn, so that it can record "sending" as late as
   * possible (and wait until it is on disk) before it sends. Undefined when the limiter closed.
   */
  takeTurn(): Promise<Turn | undefined>
}

/** A turn under the rate limit: one request sent in it, or the turn given back. */
export interface Turn {
  send(request: AltegioRequest): Promise<Exchange>
  /** Nothing is sent in this turn: the limiter gives it to the next caller. */
  cancel(): void
}

/** What `send` answers when the request never left because the desk is closing. */
export const NOT_SENT_CLOSING: Exchange = { kind: 'no_answer', error: new Error('The desk is closing'), notSent: true, timedOut: false }

export interface TransportOptions {
  apiBaseUrl: () => string
  /**
   * Whether tokens may go to this address (the API host policy). Checked before every request, so an
   * address that got past Settings some other way still receives nothing.
   */
  allowHost: (apiBaseUrl: string) => HostVerdict
  fetch: typeof fetch
  timeoutMs: number
  /** Every request waits here for its slot; a closed limiter cancels it. */
  limiter?: RateLimiter
  /** Told of every exchange, e.g. for connectivity and `Retry-After`. */
  afterSend?: (exchange: Exchange) => void
}

/**
 * Every call the desk makes to Altegio goes through here, so the rate limit, the connectivity signal and
 * the rules below hold for all of them: the API's headers, only hosts the policy allows, redirects not
 * followed (the tokens go only to the address staff configured), bodies capped, never a throw.
 */
export function createAltegioTransport(options: TransportOptions): AltegioTransport {
  const takeTurn = async (): Promise<Turn | undefined> => {
    let slot: Slot | undefined
    try {
      slot = await options.limiter?.acquire()
    } catch {
      return undefined
    }
    let used = false
    return {
      async send(request) {
        used = true
        const exchange = await exchangeOnce(options, request)
        slot?.answered()
        options.afterSend?.(exchange)
        return exchange
      },
      cancel() {
        if (!used) slot?.cancel()
      }
    }
  }
  return {
    takeTurn,
    async send(request) {
      const turn = await takeTurn()
      return turn ? turn.send(request) : NOT_SENT_CLOSING
    }
  }
}

async function exchangeOnce(options: TransportOptions, request: AltegioRequest): Promise<Exchange> {
  const timeoutMs = request.timeoutMs ?? options.timeoutMs
  // The documentation lists Content-Type as required on every call, GETs included.
  const headers: Record<string, string> = {
    Accept: 'application/vnd.api.v2+json',
    'Content-Type': 'application/json',
    Authorization: request.authorization
  }
  const base = options.apiBaseUrl()
  const verdict = options.allowHost(base)
  if (!verdict.ok) return { kind: 'no_answer', error: new ApiHostRefusedError(verdict), notSent: true, timedOut: false }
  let response: Response
  try {
    response = await options.fetch(`${base}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs)
    })
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    return { kind: 'no_answer', error, notSent: isNotSent(error), timedOut }
  }
  const body = await readCapped(response, MAX_BODY_BYTES)
  return { kind: 'answer', status: response.status, retryAfter: response.headers.get('retry-after'), body }
}

/** Whether the request certainly never left: a connect-phase failure, or fetch refusing the port. */
export function isNotSent(error: unknown): boolean {
  const code = errorCode(error)
  return (code !== undefined && NOT_SENT_CODES.has(code)) || isBadPort(error) || error instanceof ApiHostRefusedError
}

/** The request could not connect because the network (or Altegio's host) is unreachable, not a setting. */
export function isOfflineMiss(exchange: Exchange): boolean {
  return exchange.kind === 'no_answer' && exchange.notSent && !isBadPort(exchange.error) && !(exchange.error instanceof ApiHostRefusedError)
}

/** fetch refuses some ports outright, before connecting, and says so only in its cause's message. */
export function isBadPort(error: unknown): boolean {
  const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined
  return cause instanceof Error && cause.message === 'bad port'
}

/** The system error code, looked for on the error and its causes (fetch wraps the socket's error). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
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
