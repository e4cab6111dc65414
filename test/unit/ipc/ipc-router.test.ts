import { describe, expect, it } from 'vitest'
import { channels } from '../../../src-main/shared/contract.ts'
import { createIpcRouter } from '../../../src-main/ipc/router.ts'
import { isAppUrl } from '../../../src-main/ipc/trusted-sender.ts'
import { singleDesk } from '../../../src-main/core/index.ts'
import { EVENT_ID, LOCATION_ID, booking, memoryKeychain, openDesk, tempDir } from '../../support/desk-fixtures.ts'
import { routerDeskPerTest } from '../../support/router-desk.ts'

const trusted = { trustedSender: true }

describe('IPC router', () => {
  const subject = routerDeskPerTest()

  it('answers a valid call through the core', async () => {
    const result = await subject.router.handle('booking:submit', { locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() }, trusted)
    expect(result).toMatchObject({ ok: true, value: { status: 'queued', locationId: LOCATION_ID } })
    expect(await subject.desk.listBookings()).toHaveLength(1)
  })

  it('signing in: the password reaches neither the answer nor the log, and a missing partner token is explained', async () => {
    const lines: string[] = []
    const fresh = await openDesk(undefined, { dataDir: tempDir().path, secrets: memoryKeychain() })
    const logged = createIpcRouter(singleDesk(fresh), (line) => lines.push(line))
    const password = 'pa55-word-not-for-logs'
    const result = await logged.handle('auth:login', { login: 'reception@studio.test', password }, trusted)
    expect(result).toMatchObject({ ok: false, error: { code: 'not_allowed', message: 'partner_token_missing' } })
    expect(JSON.stringify(result)).not.toContain(password)
    const refused = await logged.handle('auth:login', { login: '', password }, trusted)
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', fieldErrors: { login: [expect.any(String)] } } })
    expect(JSON.stringify(refused) + lines.join('\n')).not.toContain(password)
    await fresh.close()
  })

  it('refuses a call from a frame that is not the app window, and writes nothing', async () => {
    const result = await subject.router.handle('booking:submit', { locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() }, { trustedSender: false })
    expect(result).toEqual({ ok: false, error: { code: 'untrusted_sender', message: expect.any(String) } })
    expect(await subject.desk.listBookings()).toHaveLength(0)
  })

  it('refuses unknown channels, including prototype names', async () => {
    for (const channel of ['nope', 'constructor', '__proto__', 42, null]) {
      expect(await subject.router.handle(channel, undefined, trusted)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    }
  })

  it('refuses every channel given a wrongly typed payload, with a clear message', async () => {
    for (const channel of Object.keys(channels)) {
      const result = await subject.router.handle(channel, { unexpected: 'field', id: 12, request: 'no' }, trusted)
      expect(result.ok, channel).toBe(false)
      expect(!result.ok && result.error.code, channel).toBe('invalid_input')
      expect(!result.ok && result.error.message.length, channel).toBeGreaterThan(0)
    }
    expect(await subject.desk.listBookings()).toHaveLength(0)
  })

  it('refuses oversized and non-plain payloads before parsing them', async () => {
    const big = { locationId: LOCATION_ID, eventId: EVENT_ID, request: booking({ name: 'x'.repeat(10 * 1024 * 1024) }) }
    expect(await subject.router.handle('booking:submit', big, trusted)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'too_big' } })
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(await subject.router.handle('booking:submit', cyclic, trusted)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await subject.router.handle('booking:submit', { locationId: 1n }, trusted)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('puts schema errors on the fields they name', async () => {
    const request = { ...booking(), clients_count: 0 }
    const result = await subject.router.handle('booking:submit', { locationId: '41001', eventId: EVENT_ID, request }, trusted)
    expect(result.ok).toBe(false)
    expect(!result.ok && Object.keys(result.error.fieldErrors ?? {}).sort()).toEqual(['locationId', 'request.clients_count'])
  })

  it('turns core refusals into answers, not exceptions', async () => {
    expect(await subject.router.handle('booking:retry', { id: 'missing' }, trusted)).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('never returns tokens: saving answers only whether each is saved', async () => {
    const result = await subject.router.handle('tokens:save', { userToken: 'fresh-user-token' }, trusted)
    expect(result).toEqual({ ok: true, value: { partner: true, user: true } })
    expect(JSON.stringify(result)).not.toContain('fresh-user-token')
  })

  it('refuses tokens with spaces, and API addresses that would send tokens in clear text', async () => {
    expect(await subject.router.handle('tokens:save', { userToken: 'a b' }, trusted)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await subject.router.handle('settings:save', { apiBaseUrl: 'http://api.alteg.io/api' }, trusted)).toMatchObject({ ok: false })
    expect(await subject.router.handle('settings:save', { apiBaseUrl: 'javascript:alert(1)' }, trusted)).toMatchObject({ ok: false })
    expect(await subject.router.handle('settings:save', { apiBaseUrl: 'http://127.0.0.1:9/api/' }, trusted)).toEqual({
      ok: true,
      value: { locationId: null, apiBaseUrl: 'http://127.0.0.1:9/api', locations: [], clientCacheDays: 30, retentionDays: 30 }
    })
  })

  it('pushes outbox changes to subscribers, checked by the contract', async () => {
    const pushed: unknown[] = []
    const stop = subject.router.subscribe((event, payload) => pushed.push([event, payload]))
    await subject.router.handle('booking:submit', { locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() }, trusted)
    stop()
    expect(pushed).toEqual([['outbox:changed', expect.objectContaining({ status: 'queued' })]])
  })
})

describe('isAppUrl', () => {
  it('trusts only the built page, or the dev server origin', () => {
    const built = 'file:///opt/desk/resources/app.asar/out/renderer/index.html'
    expect(isAppUrl(built, built)).toBe(true)
    expect(isAppUrl('file:///tmp/evil.html', built)).toBe(false)
    expect(isAppUrl('https://evil.example/', built)).toBe(false)
    expect(isAppUrl('http://localhost:5173/#/settings', 'http://localhost:5173/')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
    expect(isAppUrl('not a url', built)).toBe(false)
  })
})
