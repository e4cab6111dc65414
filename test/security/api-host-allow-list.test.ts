import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { domainToASCII } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiHostPolicy } from '../../src-main/core/altegio/host-policy.ts'
import { singleDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import { createIpcRouter } from '../../src-main/ipc/router.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { RECEPTIONIST, RETURNING_DIGITS, seedStudio } from '../simulator/seed-studio.ts'
import {
  EVENT_ID,
  LOCATION_ID,
  PARTNER_TOKEN,
  USER_TOKEN,
  booking,
  memoryKeychain,
  openDesk,
  savedTokens,
  tempDir
} from '../support/desk-fixtures.ts'

/**
 * The tokens go to Altegio's own API hosts and to nothing else unless an administrator's policy (an
 * option the window cannot reach) allows another. Every address is tried through the real IPC router
 * and core; a recording fetch stands in for the network and proves what was, and was not, sent.
 */

const trusted = { trustedSender: true }
const CYRILLIC_A = '\u0430'

/** Addresses a stolen window, or someone at an unlocked desk, might save to collect the tokens. */
const HOSTILE_ADDRESSES = [
  'https://evil.example/api',
  'https://api.alteg.io.evil.example/api',
  'https://evil.example/api.alteg.io',
  'https://203.0.113.7/api',
  'https://[2001:db8::1]/api',
  `https://${CYRILLIC_A}pi.alteg.io/api`, // a Cyrillic "а" in place of the Latin one
  'https://xn--pi-6kc.alteg.io/api', // the same look-alike, typed as punycode
  `https://api.yclients.com.${CYRILLIC_A}.example/api`,
  'https://api.alteg.io./api',
  'https://api.alteg.io:8443/api',
  'http://api.alteg.io/api',
  'https://user:secret@api.alteg.io/api',
  'https://api.alteg.io/api?x=1',
  'https://alteg.io/api',
  'https://localhost/api',
  'http://127.0.0.1:9/api', // this computer, which only the policy may allow
  'http://[::1]:9/api'
]

interface Sent {
  url: string
  authorization: string | null
}

/** A fetch that records every request and answers a plain Altegio error, so nothing leaves this process. */
function recordingFetch(): { fetch: typeof globalThis.fetch; sent: Sent[] } {
  const sent: Sent[] = []
  const fetch: typeof globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers)
    sent.push({ url: String(input), authorization: headers.get('authorization') })
    return new Response(JSON.stringify({ success: false, meta: { message: 'test' } }), { status: 503 })
  }) as typeof globalThis.fetch
  return { fetch, sent }
}

const dirs: ReturnType<typeof tempDir>[] = []
const desks: FrontDesk[] = []
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close()
  for (const dir of dirs.splice(0)) dir.remove()
})

async function deskWith(options: Parameters<typeof openDesk>[1] extends infer O ? Partial<O> : never): Promise<FrontDesk> {
  const dir = tempDir()
  dirs.push(dir)
  const desk = await openDesk(undefined, { dataDir: dir.path, allowedApiHosts: [], ...options })
  desks.push(desk)
  return desk
}

describe('the API address: tokens go only to Altegio', () => {
  it('refuses every address that is not Altegio’s API through the router, with a clear message, and sends nothing there', async () => {
    const { fetch, sent } = recordingFetch()
    const desk = await deskWith({ fetch, probe: async () => true })
    const router = createIpcRouter(singleDesk(desk))
    for (const apiBaseUrl of HOSTILE_ADDRESSES) {
      const result = await router.handle('settings:save', { apiBaseUrl }, trusted)
      expect(result, apiBaseUrl).toMatchObject({ ok: false, error: { code: 'invalid_input', fieldErrors: { apiBaseUrl: [expect.any(String)] } } })
      expect(!result.ok && result.error.message, apiBaseUrl).toMatch(/^api_/)
    }
    expect((await desk.getSettings()).apiBaseUrl).toBe('https://api.alteg.io/api')

    // Every call that carries a token, after all those attempts: each went to Altegio, none elsewhere.
    await router.handle('settings:save', { locationId: LOCATION_ID }, trusted)
    await router.handle('events:list', { locationId: LOCATION_ID, date: '2026-11-24' }, trusted)
    await router.handle('clients:search', { locationId: LOCATION_ID, query: 'Anna' }, trusted)
    await router.handle('booking:submit', { locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() }, trusted)
    await desk.deliverNow()
    await desk.logout()
    await router.handle('auth:login', { login: RECEPTIONIST.login, password: RECEPTIONIST.password }, trusted)
    expect(sent.length).toBeGreaterThanOrEqual(4)
    expect(sent.map((request) => new URL(request.url).origin)).toEqual(sent.map(() => 'https://api.alteg.io'))
  })

  it('accepts Altegio’s and YCLIENTS’ API hosts, in any letter case', async () => {
    const desk = await deskWith({})
    const router = createIpcRouter(singleDesk(desk))
    for (const [typed, stored] of [
      ['https://api.yclients.com/api', 'https://api.yclients.com/api'],
      ['https://API.ALTEG.IO/api/', 'https://API.ALTEG.IO/api'],
      ['https://api.alteg.io:443/api', 'https://api.alteg.io:443/api']
    ]) {
      expect(await router.handle('settings:save', { apiBaseUrl: typed }, trusted), typed).toMatchObject({ ok: true, value: { apiBaseUrl: stored } })
    }
  })

  it('allows another host only by the administrator’s policy, compared in its IDNA form, https unless on this computer', () => {
    const policy = createApiHostPolicy(['altegio-proxy.example.com', 'прокси.example', '127.0.0.1', 'proxy.example.net:8443'])
    expect(policy.check('https://altegio-proxy.example.com/api')).toEqual({ ok: true })
    expect(policy.check(`https://${domainToASCII('прокси.example')}/api`)).toEqual({ ok: true })
    expect(policy.check('https://ПРОКСИ.example/api')).toEqual({ ok: true })
    expect(policy.check('http://127.0.0.1:8123/api')).toEqual({ ok: true })
    expect(policy.check('https://proxy.example.net:8443/api')).toEqual({ ok: true })
    expect(policy.check('http://altegio-proxy.example.com/api')).toMatchObject({ ok: false, code: 'api_not_https' })
    expect(policy.check('https://proxy.example.net/api')).toMatchObject({ ok: false })
    expect(policy.check('https://altegio-proxy.example.com.evil.example/api')).toMatchObject({ ok: false })
    expect(policy.check('https://evil.example/api')).toMatchObject({ ok: false, code: 'api_host_refused', params: { host: 'evil.example' } })
    expect(createApiHostPolicy(['evil.example/path', 'a b', '']).check('https://evil.example/api')).toMatchObject({ ok: false })
  })

  it('a host named without a port allows https on 443 only; plain http and other ports on this computer only for a simulator (development and test builds)', () => {
    const release = createApiHostPolicy(['altegio-proxy.example.com', 'localhost', '127.0.0.1:8123'], { simulatorOnLoopback: false })
    expect(release.check('https://altegio-proxy.example.com/api')).toEqual({ ok: true })
    expect(release.check('https://altegio-proxy.example.com:443/api')).toEqual({ ok: true })
    expect(release.check('https://altegio-proxy.example.com:8443/api')).toMatchObject({ ok: false })
    expect(release.check('https://localhost/api')).toEqual({ ok: true })
    expect(release.check('https://localhost:9000/api')).toMatchObject({ ok: false })
    expect(release.check('http://localhost/api')).toMatchObject({ ok: false, code: 'api_not_https' })
    expect(release.check('http://127.0.0.1:8123/api')).toMatchObject({ ok: false, code: 'api_not_https' })
    expect(release.check('https://127.0.0.1:8123/api')).toEqual({ ok: true })
    const development = createApiHostPolicy(['altegio-proxy.example.com', 'localhost'], { simulatorOnLoopback: true })
    expect(development.check('http://localhost:9000/api')).toEqual({ ok: true })
    expect(development.check('https://altegio-proxy.example.com:8443/api')).toMatchObject({ ok: false })
    expect(development.check('http://altegio-proxy.example.com/api')).toMatchObject({ ok: false, code: 'api_not_https' })
  })

  it('refuses to start on a default address the policy does not allow', async () => {
    await expect(deskWith({ apiBaseUrl: 'https://evil.example/api' })).rejects.toMatchObject({ code: 'not_allowed', reason: 'startup_api_refused', params: { address: 'https://evil.example/api' } })
  })

  it('sends nothing to a saved address the policy no longer allows (the transport checks every request)', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const first = await openDesk(undefined, { dataDir: dir.path, allowedApiHosts: ['proxy.example.com'] })
    await first.saveSettings({ apiBaseUrl: 'https://proxy.example.com/api' })
    await first.close()

    // The administrator withdrew the proxy: the saved address stays, but no token goes there.
    const { fetch, sent } = recordingFetch()
    const desk = await openDesk(undefined, { dataDir: dir.path, allowedApiHosts: [], fetch, probe: async () => true })
    desks.push(desk)
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.deliverNow()
    const events = await desk.listEvents({ locationId: LOCATION_ID, date: '2026-11-24' })
    expect(sent).toEqual([])
    const after = (await desk.listBookings()).find((i) => i.id === item.id)!
    expect(after.status).toBe('queued')
    expect(after.error).toMatchObject({ message: 'api_host_not_sent', params: { reason: 'api_host_refused', host: 'proxy.example.com' } })
    expect(events).toMatchObject({ source: 'cache', notice: 'api_host_not_sent' })
  })
})

describe('changing the API address ends the sign-in', () => {
  it('forgets the user token and the cached clients when the address is saved, and keeps the partner token', async () => {
    const sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN })
    try {
      seedStudio(sim, LOCATION_ID, new Date('2026-11-24T09:00:00'))
      const dir = tempDir()
      dirs.push(dir)
      const secrets = memoryKeychain(savedTokens())
      const desk = await openDesk(sim, { dataDir: dir.path, secrets, allowedApiHosts: ['127.0.0.1', 'proxy.example.com'] })
      desks.push(desk)
      const found = await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
      expect(found.source).toBe('live')
      expect(found.clients.length).toBeGreaterThan(0)
      expect(cachedClients(dir.path)).toBeGreaterThan(0)

      await desk.saveSettings({ apiBaseUrl: sim.baseUrl }) // the same address: nothing forgotten
      expect(await desk.tokenStatus()).toEqual({ partner: true, user: true })

      await desk.saveSettings({ apiBaseUrl: 'https://proxy.example.com/api' })
      expect(await desk.tokenStatus()).toEqual({ partner: true, user: false })
      expect(secrets.values.has('user-token')).toBe(false)
      expect(cachedClients(dir.path)).toBe(0)
    } finally {
      await sim.stop()
    }
  })

  it('does the same when the address changes by another route (a new default from the shell)', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const secrets = memoryKeychain(savedTokens())
    await (await openDesk(undefined, { dataDir: dir.path, secrets, apiBaseUrl: 'http://127.0.0.1:9/api' })).close()
    expect(secrets.values.get('user-token')).toBe(USER_TOKEN)
    await (await openDesk(undefined, { dataDir: dir.path, secrets, apiBaseUrl: 'http://127.0.0.1:9/api' })).close()
    expect(secrets.values.get('user-token')).toBe(USER_TOKEN)
    const moved = await openDesk(undefined, { dataDir: dir.path, secrets, apiBaseUrl: 'https://api.yclients.com/api' })
    desks.push(moved)
    expect(await moved.tokenStatus()).toEqual({ partner: true, user: false })
  })
})

function cachedClients(dataDir: string): number {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM client_cache').get() as { n: number }).n
  } finally {
    db.close()
  }
}
