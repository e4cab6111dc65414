import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendError, sendJson, sendProxyHtml, statusText, type ErrorAnswer } from './http-io.ts'
import type { ReadFault, SimRequest } from './types.ts'

/** One request in flight and its log entry; every answer goes through here so the log shows the status. */
export interface SimExchange {
  req: IncomingMessage
  res: ServerResponse
  entry: SimRequest
}

export function answerJson(ex: SimExchange, status: number, body: unknown): void {
  ex.entry.status = status
  sendJson(ex.res, status, body)
}

/** Altegio's error envelope with `status`. */
export function fail(ex: SimExchange, ...answer: ErrorAnswer): void {
  ex.entry.status = answer[0]
  sendError(ex.res, ...answer)
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Answers the faults that end a request without doing its work: the same on creates and reads.
 * (`delay` is the caller's: it still does the work, later.)
 */
export function answerRefusingFault(ex: SimExchange, fault: Exclude<ReadFault, { kind: 'delay' }>): void {
  switch (fault.kind) {
    case 'status': {
      const headers = fault.retryAfter === undefined ? undefined : { 'Retry-After': fault.retryAfter }
      return fail(ex, fault.status, statusText(fault.status), undefined, headers)
    }
    case 'html':
      ex.entry.status = fault.status ?? 502
      return sendProxyHtml(ex.res, ex.entry.status)
    case 'rate_limit': {
      const headers = fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) }
      return fail(ex, 429, 'Too many requests', undefined, headers)
    }
    case 'drop_before_store':
      ex.req.socket.destroy()
      return
  }
}
