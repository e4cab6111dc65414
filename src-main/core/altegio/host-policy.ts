import { isIP } from 'node:net'
import { domainToASCII } from 'node:url'
import type { ErrorCode, ErrorParams } from '../../shared/error-codes.ts'

/**
 * Where the desk may send its tokens: Altegio's own API hosts, over https on the standard port, and
 * whatever an administrator's policy adds (a company proxy, the practice studio on this computer).
 * The window can change the API address, never this list: it comes from `createFrontDesk`'s options,
 * which the shell fills from a policy file or a command-line switch (see admin-policy.ts).
 *
 * Host names are compared in their ASCII (IDNA, punycode) form, which is what WHATWG URL parsing
 * produces, so a look-alike such as a Cyrillic "а" in "аpi.alteg.io" is a different host and is refused.
 */
export const ALTEGIO_API_HOSTS: readonly string[] = ['api.alteg.io', 'api.yclients.com']

/**
 * One extra host allowed by policy: `host:port` allows that port, `host` alone https on 443. Plain http,
 * and any port of a loopback host named without one, only for a simulator on this computer (see
 * ApiHostPolicyOptions).
 */
export interface AllowedHost {
  host: string
  port: string | undefined
}

export type HostVerdict = { ok: true } | { ok: false; code: ErrorCode; params?: ErrorParams }

export interface ApiHostPolicy {
  /** Whether tokens may be sent to this API address; a refusal says why, as an error code. */
  check(apiBaseUrl: string): HostVerdict
  /** The extra hosts the policy allows, as given (for the log and for support). */
  readonly extraHosts: readonly string[]
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host)
}

/** `host` or `host:port` as an administrator writes it, normalised like a URL's host; undefined if it is not one. */
export function parseAllowedHost(entry: string): AllowedHost | undefined {
  const trimmed = entry.trim().toLowerCase()
  if (trimmed === '' || /[/?#@\s]/.test(trimmed)) return undefined
  let url: URL
  try {
    url = new URL(`http://${trimmed}`)
  } catch {
    return undefined
  }
  if (url.hostname === '' || url.hostname.endsWith('.')) return undefined
  const explicitPort = /:(\d{1,5})$/.exec(trimmed)?.[1]
  return { host: url.hostname, port: explicitPort }
}

export interface ApiHostPolicyOptions {
  /**
   * Whether a loopback host may be reached over plain http, and on any port when named without one: a
   * simulator on this computer (the training desk, tests, development). The shell's real desk in a
   * release build passes false. Default true.
   */
  simulatorOnLoopback?: boolean
}

export function createApiHostPolicy(extraHosts: readonly string[] = [], options: ApiHostPolicyOptions = {}): ApiHostPolicy {
  const simulator = options.simulatorOnLoopback ?? true
  const extras: AllowedHost[] = []
  for (const entry of extraHosts) {
    const parsed = parseAllowedHost(entry)
    if (parsed) extras.push(parsed)
  }
  const official = new Set(ALTEGIO_API_HOSTS.map((host) => domainToASCII(host)))

  const refuse = (code: ErrorCode, params?: ErrorParams): HostVerdict => ({ ok: false, code, ...(params ? { params } : {}) })

  function check(apiBaseUrl: string): HostVerdict {
    let url: URL
    try {
      url = new URL(apiBaseUrl)
    } catch {
      return refuse('api_not_url')
    }
    if (url.username !== '' || url.password !== '') return refuse('api_has_credentials')
    if (url.search !== '' || url.hash !== '') return refuse('api_has_query')
    const host = url.hostname
    if (url.protocol === 'https:' && url.port === '' && official.has(host)) return { ok: true }

    const loopbackSimulator = simulator && isLoopback(host)
    const named = extras.filter((allowed) => allowed.host === host)
    if (named.length > 0) {
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopbackSimulator)) return refuse('api_not_https')
      const port = effectivePort(url)
      if (named.some((allowed) => (allowed.port ?? (loopbackSimulator ? port : '443')) === port)) return { ok: true }
    }
    if (official.has(host)) return refuse('api_standard_port', { host })
    const international = host.split('.').some((label) => label.startsWith('xn--'))
    if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return refuse('api_host_ip')
    return refuse(international ? 'api_host_look_alike' : 'api_host_refused', { host })
  }

  return { check, extraHosts: [...extraHosts] }
}

function effectivePort(url: URL): string {
  return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80'
}

/** Thrown by the transport in place of a request to a host the policy refuses; nothing left the desk. */
export class ApiHostRefusedError extends Error {
  override readonly name = 'ApiHostRefusedError'
  readonly verdict: { code: ErrorCode; params?: ErrorParams }

  constructor(verdict: { code: ErrorCode; params?: ErrorParams }) {
    super(verdict.code)
    this.verdict = verdict
  }
}
