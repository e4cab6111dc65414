import type { IncomingHttpHeaders } from 'node:http'

/** A header check that failed: the status and message the real server would answer. */
export interface HeaderProblem {
  status: number
  message: string
}

export interface ExpectedTokens {
  partnerToken: string
  userToken: string
}

const API_MEDIA_TYPE = 'application/vnd.api.v2+json'

/** One value per header even when a client repeated it; a repeated auth header is itself a bug. */
function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined
  return value
}

/**
 * `Authorization: Bearer <partner>, User <user>`, both exact; only extra spaces after the comma are
 * forgiven, as the real server does. Anything else is 401, the same answer as a stale user token.
 */
export function checkAuthorization(headers: IncomingHttpHeaders, tokens: ExpectedTokens): HeaderProblem | undefined {
  const value = single(headers.authorization)
  if (value === undefined || value.length === 0) {
    return { status: 401, message: 'Authentication needed.' }
  }
  const match = /^Bearer ([^\s,]+), *User ([^\s,]+)$/.exec(value)
  if (!match || match[1] !== tokens.partnerToken) {
    return { status: 401, message: 'Partner authentication failed' }
  }
  if (match[2] !== tokens.userToken) {
    return { status: 401, message: 'User authentication failed' }
  }
  return undefined
}

/** The API answers only clients that ask for its media type; the newer documentation answers others 400. */
export function checkAccept(headers: IncomingHttpHeaders): HeaderProblem | undefined {
  const value = single(headers.accept)
  const types = (value ?? '').split(',').map((part) => part.split(';')[0]?.trim().toLowerCase())
  if (types.includes(API_MEDIA_TYPE)) return undefined
  return { status: 400, message: `Bad request: send Accept: ${API_MEDIA_TYPE}` }
}

/**
 * `Content-Type: application/json`, which the documentation lists as required on every call, GETs
 * included; a charset parameter is fine when it says UTF-8.
 */
export function checkContentType(headers: IncomingHttpHeaders): HeaderProblem | undefined {
  const value = single(headers['content-type'])?.trim().toLowerCase()
  if (value !== undefined && /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/.test(value)) return undefined
  return { status: 415, message: 'Unsupported media type: send Content-Type: application/json' }
}
