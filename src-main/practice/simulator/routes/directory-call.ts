import type { IncomingHttpHeaders } from 'node:http'
import { checkAccept, checkAuthorization, checkContentType, type ExpectedTokens, type HeaderProblem } from '../headers.ts'
import type { SimState } from '../state.ts'
import type { DocumentedExamples, SimUser } from '../types.ts'

/** A call around a booking (signing in, searches, lists): what it receives, and what it answers. */
export interface DirectoryRequest {
  method: string
  /** Path and query as received. */
  path: string
  headers: IncomingHttpHeaders
  /** The body parsed as JSON, when it was. */
  json: { ok: true; value: unknown } | { ok: false } | undefined
}

export interface DirectoryContext {
  store: SimState
  tokens: ExpectedTokens
  users: readonly SimUser[]
  now: Date
  examples: DocumentedExamples
}

/** What to answer: a success body, or the error envelope's message (and field errors). */
export type DirectoryAnswer =
  | { status: number; body: unknown }
  | { status: number; message: string; errors?: Record<string, string[]>; headers?: Record<string, string> }

/** The route's one method, or 405 with `Allow`. */
export function only(method: string, req: DirectoryRequest, answer: () => DirectoryAnswer): DirectoryAnswer {
  if (req.method !== method) return { status: 405, message: 'Method not allowed', headers: { Allow: method } }
  return answer()
}

export const problem = (p: HeaderProblem): DirectoryAnswer => ({ status: p.status, message: p.message })

/** A call on a location's data: the user's token, the headers, a known location the user may see. */
export function checkUserCall(req: DirectoryRequest, ctx: DirectoryContext, locationId: number): DirectoryAnswer | undefined {
  const header = checkAuthorization(req.headers, ctx.tokens) ?? checkAccept(req.headers) ?? checkContentType(req.headers)
  if (header) return problem(header)
  if (!ctx.store.hasLocation(locationId)) return { status: 404, message: 'Not found' }
  if (ctx.store.isDenied(locationId)) return { status: 403, message: 'Access denied' }
  return undefined
}
