import { describe, expect, it } from 'vitest'
import { MAX_PAYLOAD_BYTES, channels, type Channel } from '../../../src-main/shared/contract.ts'
import { createIpcRouter, type IpcRouter } from '../../../src-main/ipc/router.ts'
import { singleDesk, type FrontDesk } from '../../../src-main/core/index.ts'
import { EVENT_ID, LOCATION_ID, booking, memoryKeychain, openDesk, savedTokens, tempDir } from '../../support/desk-fixtures.ts'

/**
 * Every channel of the contract, abused systematically against a real core on a temporary folder:
 * malformed, oversized, wrongly typed (each field in turn), extra-field payloads, and valid payloads
 * from a frame that is not the app's window. Each is refused with a clear error, the router answers
 * normally afterwards, and the outbox, the settings and the keychain are exactly as before.
 */
const trusted = { trustedSender: true }
const untrusted = { trustedSender: false }

const fullRequest = () =>
  booking(
    { patronymic: 'Ivanovna', birthday: '1990-01-31', agreements: { is_personal_data_processing_allowed: true, is_newsletter_allowed: null } },
    2
  )

/** A payload each channel accepts; `id` is a booking that exists. Adding a channel without one fails below. */
const validPayloads: Record<Channel, (id: string) => unknown> = {
  'tokens:save': () => ({ partnerToken: 'new-partner-token', userToken: 'new-user-token' }),
  'tokens:status': () => undefined,
  'tokens:clear': () => undefined,
  'settings:get': () => undefined,
  'settings:save': () => ({ locationId: 42, apiBaseUrl: 'https://api.alteg.io/api' }),
  'settings:managed': () => undefined,
  'booking:submit': () => ({ locationId: LOCATION_ID, eventId: EVENT_ID, request: { ...fullRequest(), labels: [5], comer: { name: 'Ivan' } } }),
  'booking:retry': (id) => ({ id }),
  'booking:update': (id) => ({ id, request: fullRequest() }),
  'booking:move': (id) => ({ id, eventId: EVENT_ID + 1 }),
  'booking:discard': (id) => ({ id }),
  'booking:resolve': (id) => ({ id, resolution: 'created', recordId: '123456' }),
  'outbox:list': () => ({ statuses: ['queued', 'failed'], limit: 50 }),
  'outbox:deliver-now': () => undefined,
  'delivery:status': () => undefined,
  'network:hint': () => ({ online: true }),
  'auth:login': () => ({ login: 'anna@example.com', password: 'a password' }),
  'auth:logout': () => undefined,
  'events:list': () => ({ locationId: LOCATION_ID, date: '2026-11-24' }),
  'clients:search': () => ({ locationId: LOCATION_ID, query: '4567' }),
  'clients:details': () => ({ locationId: LOCATION_ID, clientId: 7 }),
  'roster:get': () => ({ locationId: LOCATION_ID, eventId: EVENT_ID, live: true }),
  'checkin:mark': (id) => ({ locationId: LOCATION_ID, eventId: EVENT_ID, target: { bookingId: id }, mark: 'arrived' }),
  'checkin:cancel': (id) => ({ locationId: LOCATION_ID, eventId: EVENT_ID, target: { bookingId: id } }),
  'checkin:rebook': (id) => ({ id }),
  'day:search': () => ({ locationId: LOCATION_ID, day: '2026-11-24', query: 'Anna' }),
  'day:sheet': () => ({ locationId: LOCATION_ID, day: '2026-11-24' }),
  'labels:list': () => ({ locationId: LOCATION_ID }),
  'locations:mine': () => undefined,
  'mode:get': () => undefined,
  'mode:set': () => ({ mode: 'real' })
}

/** Values of another type than `value` (never null for a number: some ids may be null on purpose). */
function wrongTypeOf(value: unknown): unknown[] {
  if (typeof value === 'string') return [123, null, ['x']]
  if (typeof value === 'number') return [String(value), true, Number.NaN]
  if (typeof value === 'boolean') return ['true', 1]
  if (value === null) return ['x', {}]
  return ['x', 7]
}

/** Each variant of `sample` with one field (at any depth) of the wrong type. */
function wronglyTyped(sample: unknown, path: string[] = []): { path: string; payload: unknown }[] {
  const out: { path: string; payload: unknown }[] = []
  const replace = (key: string, value: unknown): unknown => {
    const copy = (Array.isArray(sample) ? [...sample] : { ...(sample as object) }) as Record<string, unknown>
    copy[key] = value
    return copy
  }
  for (const wrong of wrongTypeOf(sample)) out.push({ path: path.join('.') || '(payload)', payload: wrong })
  if (sample !== null && typeof sample === 'object') {
    for (const [key, child] of Object.entries(sample)) {
      for (const variant of wronglyTyped(child, [...path, key])) {
        out.push({ path: variant.path, payload: replace(key, variant.payload) })
      }
    }
  }
  return out
}

/** Each variant of `sample` with an unexpected field added to one of its objects. */
function withExtraFields(sample: unknown): unknown[] {
  if (sample === undefined) return [{ extra: true }]
  if (sample === null || typeof sample !== 'object' || Array.isArray(sample)) return []
  const out: unknown[] = [{ ...sample, extra: true }, { ...sample, constructor: 'x' }]
  for (const [key, child] of Object.entries(sample)) {
    for (const variant of withExtraFields(child)) out.push({ ...sample, [key]: variant })
  }
  return out
}

const malformed: unknown[] = ['', 'booking', 0, -1, true, null, [], [1, 2], () => 1, Symbol('x'), 10n]

async function snapshot(desk: FrontDesk, secrets: Map<string, string>): Promise<string> {
  return JSON.stringify({
    bookings: await desk.listBookings(),
    settings: await desk.getSettings(),
    tokens: await desk.tokenStatus(),
    secrets: [...secrets.entries()].sort()
  })
}

function expectClearRefusal(result: unknown, codes: string[], what: string): void {
  expect(result, what).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } })
  const { error } = result as { error: { code: string; message: string } }
  expect(codes, `${what}: ${error.code} ${error.message}`).toContain(error.code)
  expect(error.message.length, what).toBeGreaterThan(3)
  expect(error.message.length, what).toBeLessThan(300)
  expect(error.message, what).not.toMatch(/\n\s+at |ZodError|TypeError|undefined/)
}

async function withDesk(run: (ctx: { desk: FrontDesk; router: IpcRouter; id: string; secrets: Map<string, string> }) => Promise<void>): Promise<void> {
  const dir = tempDir()
  const secrets = memoryKeychain(savedTokens())
  // Altegio's address is a closed port on this machine: a valid deliver-now reaches nothing outside.
  const desk = await openDesk(undefined, { dataDir: dir.path, secrets, apiBaseUrl: 'http://127.0.0.1:9/api' })
  try {
    const { id } = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.saveSettings({ locationId: LOCATION_ID })
    await run({ desk, router: createIpcRouter(singleDesk(desk)), id, secrets: secrets.values })
  } finally {
    await desk.close()
    dir.remove()
  }
}

describe('IPC abuse, channel by channel', () => {
  it('has a valid payload for every channel of the contract', () => {
    expect(Object.keys(validPayloads).sort()).toEqual(Object.keys(channels).sort())
  })

  for (const channel of Object.keys(channels) as Channel[]) {
    it(`${channel}: refuses every abusive payload, keeps answering, writes nothing; accepts the valid one`, async () => {
      await withDesk(async ({ desk, router, id, secrets }) => {
        const valid = validPayloads[channel](id)
        const before = await snapshot(desk, secrets)
        const abuse: { what: string; payload: unknown; context: { trustedSender: boolean }; codes: string[] }[] = [
          ...malformed.map((payload) => ({ what: `malformed ${String(typeof payload)}`, payload, context: trusted, codes: ['invalid_input'] })),
          { what: 'oversized', payload: { pad: 'x'.repeat(MAX_PAYLOAD_BYTES + 1) }, context: trusted, codes: ['invalid_input'] },
          ...(valid && typeof valid === 'object'
            ? [{ what: 'oversized valid shape', payload: { ...valid, pad: 'x'.repeat(MAX_PAYLOAD_BYTES) }, context: trusted, codes: ['invalid_input'] }]
            : []),
          ...wronglyTyped(valid)
            .filter((variant) => variant.payload !== undefined)
            .map((variant) => ({ what: `wrongly typed ${variant.path}`, payload: variant.payload, context: trusted, codes: ['invalid_input'] })),
          ...withExtraFields(valid).map((payload) => ({ what: `extra field ${JSON.stringify(payload).slice(0, 80)}`, payload, context: trusted, codes: ['invalid_input'] })),
          { what: 'valid payload from another frame', payload: valid, context: untrusted, codes: ['untrusted_sender'] }
        ]
        expect(abuse.length).toBeGreaterThan(malformed.length + 2)

        for (const { what, payload, context, codes } of abuse) {
          expectClearRefusal(await router.handle(channel, payload, context), codes, `${channel} ${what}`)
          // Still answering, between every two abuses.
          expect(await router.handle('tokens:status', undefined, trusted), `${channel} after ${what}`).toMatchObject({ ok: true })
        }
        expect(await snapshot(desk, secrets)).toBe(before)

        // The same channel with its valid payload gets past the checks: the refusals above were about the
        // payload. (The core may still say no for its own reasons: resolving a booking that is not
        // unknown, or signing in while Altegio, here a closed port, cannot be reached.)
        const served = await router.handle(channel, valid, trusted)
        expect(served.ok || ['not_allowed', 'not_found', 'unavailable'].includes(served.error.code), `${channel}: ${JSON.stringify(served)}`).toBe(
          true
        )
      })
    })
  }
})
