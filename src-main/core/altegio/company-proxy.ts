import http from 'node:http'
import https from 'node:https'
import { Readable } from 'node:stream'
import { getCACertificates } from 'node:tls'

/**
 * A company network: requests to Altegio through the company's proxy (an HTTP proxy that tunnels https
 * with CONNECT), trusting the system's certificate store besides Node's own roots, so a desk behind a
 * TLS-inspecting proxy, whose root IT installed on the computer, works.
 *
 * The classification of a failed request stays exact through the proxy (transport.ts): a proxy that
 * cannot be reached or refuses the tunnel (ECONNREFUSED, ERR_PROXY_TUNNEL) means nothing reached
 * Altegio — not sent; a connection reset after the request went through the tunnel is `unknown`, as
 * it is without a proxy.
 */
export interface CompanyProxy {
  /** `http://proxy.example:3128`, or with `user:password@` when the proxy asks for them. */
  url: string
  /** Hosts reached directly, as in NO_PROXY: `localhost,.example.org`. */
  noProxy?: string
}

/** The administrator's proxy first; else HTTPS_PROXY (or https_proxy) and NO_PROXY from the environment. */
export function companyProxyFrom(env: NodeJS.ProcessEnv, fromPolicy?: CompanyProxy): CompanyProxy | undefined {
  if (fromPolicy) return fromPolicy
  const url = env['HTTPS_PROXY'] ?? env['https_proxy']
  if (!url || !URL.canParse(url)) return undefined
  const noProxy = env['NO_PROXY'] ?? env['no_proxy']
  return { url, ...(noProxy ? { noProxy } : {}) }
}

/** The proxy as the log may show it: its address without a user name or password. */
export function proxyForLog(proxy: CompanyProxy): string {
  const url = new URL(proxy.url)
  return `${url.protocol}//${url.host}${proxy.noProxy ? ` (not for ${proxy.noProxy})` : ''}`
}

/** Node's own roots, NODE_EXTRA_CA_CERTS and the system's store, and any given. */
function trustedRoots(extra: readonly string[]): string[] {
  let system: readonly string[] = []
  try {
    system = getCACertificates('system')
  } catch {
    // a platform without a readable store: Node's roots stand
  }
  return [...new Set([...getCACertificates('default'), ...system, ...extra])]
}

/**
 * A `fetch` for the transport's requests (method, headers, a text body, a timeout signal; redirects are
 * never followed) that goes through `proxy`, or directly when the host is in its `noProxy`.
 */
export function proxiedFetch(proxy: CompanyProxy, options: { extraRoots?: readonly string[] } = {}): typeof fetch {
  const proxyEnv = { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, ...(proxy.noProxy ? { NO_PROXY: proxy.noProxy } : {}) }
  const ca = trustedRoots(options.extraRoots ?? [])
  const httpsAgent = new https.Agent({ keepAlive: true, ca, proxyEnv } as https.AgentOptions)
  const httpAgent = new http.Agent({ keepAlive: true, proxyEnv } as http.AgentOptions)

  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      const secure = url.protocol === 'https:'
      const headers = Object.fromEntries(new Headers(init.headers).entries())
      const request = (secure ? https : http).request(
        url,
        { method: init.method ?? 'GET', headers, agent: secure ? httpsAgent : httpAgent, ...(init.signal ? { signal: init.signal } : {}) },
        (response) => {
          const status = response.statusCode ?? 0
          const answerHeaders = new Headers()
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answerHeaders.append(name, one)
          }
          if (status < 200 || status > 599) {
            response.destroy()
            reject(new Error(`an answer with status ${status}`))
            return
          }
          const empty = status === 204 || status === 205 || status === 304 || init.method === 'HEAD'
          if (empty) response.resume()
          resolve(new Response(empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), { status, headers: answerHeaders }))
        }
      )
      request.once('error', reject)
      if (typeof init.body === 'string') request.write(init.body)
      request.end()
    })) as typeof fetch
}
