import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { companyProxyFrom, proxiedFetch, proxyForLog, type CompanyProxy } from '../../src-main/core/altegio/company-proxy.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENT_ID, LOCATION_ID, booking, openDesk, startSimulator, tempDir } from '../support/desk-fixtures.ts'

/**
 * A desk behind a company proxy: Altegio (the simulator, behind a loopback TLS front with its own root,
 * as a TLS-inspecting proxy's would be) is reached only through an HTTP CONNECT proxy on loopback. The
 * outcome of a failed request stays exact: a refused tunnel is not sent, a reset after the request
 * left is unknown.
 */
const TLS = join(import.meta.dirname, '../fixtures/tls')
const cert = readFileSync(join(TLS, 'localhost-cert.pem'), 'utf8')
const key = readFileSync(join(TLS, 'localhost-key.pem'), 'utf8')

type ProxyMode = 'tunnel' | 'refuse'
type FrontMode = 'forward' | 'reset after the request'

let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk | undefined
let proxyMode: ProxyMode
let frontMode: FrontMode
let tunnels: string[]
let proxy: http.Server
let front: https.Server
const sockets = new Set<net.Socket>()

const listen = async (server: http.Server | https.Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

beforeEach(async () => {
  sim = await startSimulator()
  dir = tempDir()
  proxyMode = 'tunnel'
  frontMode = 'forward'
  tunnels = []
  // Altegio's side: TLS in front of the simulator.
  front = https.createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (frontMode === 'reset after the request' && req.method === 'POST') {
        req.socket.destroy() // the request arrived whole; the connection breaks before any answer
        return
      }
      const upstream = http.request(`${sim.baseUrl.replace(/\/api$/, '')}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      upstream.end(Buffer.concat(chunks))
    })
  })
  front.on('secureConnection', (socket) => sockets.add(socket))
  // The company's proxy: CONNECT only.
  proxy = http.createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client)
    tunnels.push(req.url ?? '')
    if (proxyMode === 'refuse') {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const [host, port] = (req.url ?? '').split(':')
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
})

afterEach(async () => {
  await desk?.close()
  desk = undefined
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  await new Promise((resolve) => proxy.close(resolve))
  await new Promise((resolve) => front.close(resolve))
  await sim.stop()
  dir.remove()
})

/** A desk whose API address is the TLS front, reached only through the proxy. */
async function deskBehindProxy(): Promise<FrontDesk> {
  const frontPort = await listen(front)
  const proxyPort = await listen(proxy)
  const company: CompanyProxy = { url: `http://127.0.0.1:${proxyPort}` }
  desk = await openDesk(sim, {
    dataDir: dir.path,
    apiBaseUrl: `https://localhost:${frontPort}/api`,
    allowedApiHosts: [`localhost:${frontPort}`],
    proxy: company,
    // The company's root, as IT installs it in the system's store.
    fetch: proxiedFetch(company, { extraRoots: [cert] })
  })
  return desk
}

describe('a company proxy', () => {
  it('takes the policy’s proxy first, else HTTPS_PROXY and NO_PROXY, and logs it without its password', () => {
    expect(companyProxyFrom({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'localhost' })).toEqual({ url: 'http://proxy.corp:3128', noProxy: 'localhost' })
    expect(companyProxyFrom({ https_proxy: 'http://proxy.corp:3128' })).toEqual({ url: 'http://proxy.corp:3128' })
    expect(companyProxyFrom({ HTTPS_PROXY: 'http://proxy.corp:3128' }, { url: 'http://policy.corp:8080' })).toEqual({ url: 'http://policy.corp:8080' })
    expect(companyProxyFrom({})).toBeUndefined()
    expect(companyProxyFrom({ HTTPS_PROXY: 'not a url' })).toBeUndefined()
    expect(proxyForLog({ url: 'http://desk:s3cret@proxy.corp:3128' })).toBe('http://proxy.corp:3128')
  })

  it('carries a booking to Altegio through a CONNECT tunnel, trusting the company’s root', async () => {
    const desk = await deskBehindProxy()
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.deliverNow()
    const after = (await desk.listBookings()).find((i) => i.id === item.id)!
    expect(after.status).toBe('sent')
    expect(sim.records()).toHaveLength(1)
    expect(tunnels.length).toBeGreaterThan(0)
    expect(new Set(tunnels)).toEqual(new Set([`localhost:${(front.address() as AddressInfo).port}`]))
  })

  it('a tunnel the proxy refuses: not sent, the booking waits to be sent again', async () => {
    const desk = await deskBehindProxy()
    proxyMode = 'refuse'
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.deliverNow()
    const after = (await desk.listBookings()).find((i) => i.id === item.id)!
    expect(after.status).toBe('queued')
    expect(after.attempts).toBeGreaterThan(0)
    expect(sim.records()).toEqual([])
  })

  it('a connection reset after the request went through the tunnel: unknown, to be looked up', async () => {
    const desk = await deskBehindProxy()
    frontMode = 'reset after the request'
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.deliverNow()
    const after = (await desk.listBookings()).find((i) => i.id === item.id)!
    expect(after.status).toBe('unknown')
  })
})
