import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFrontDesk, type FrontDesk, type FrontDeskOptions } from '../../src-main/core/index.ts'
import type { BookingRequest } from '../../src-main/shared/booking-schema.ts'
import type { OutboxItem } from '../../src-main/shared/outbox-item.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { memoryKeychain } from '../../src-main/practice/memory-keychain.ts'

export const LOCATION_ID = 41001
export const EVENT_ID = 777001
export const PARTNER_TOKEN = 'partner-token-test'
export const USER_TOKEN = 'user-token-test'

// A Keychain in memory, for tests that are not about the keychain (the keychain itself is tested for
// real in test/keychain against gnome-keyring); the practice location uses the same one.
export { memoryKeychain } from '../../src-main/practice/memory-keychain.ts'

/**
 * The administrator's policy in tests: the simulator on this computer may receive the tokens. Given to
 * `createFrontDesk` as an option, as the shell gives a policy file's hosts; never through Settings.
 */
export const TEST_ALLOWED_HOSTS: readonly string[] = ['127.0.0.1']

/** The outbox's data key in these tests: the same in every process, so a reopened desk or a restarted crash child finds it. */
export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString('base64')

/** A keychain as a desk set up earlier left it: both tokens, and the key that seals clients' details. */
export const savedTokens = (): Record<string, string> => ({
  'partner-token': PARTNER_TOKEN,
  'user-token': USER_TOKEN,
  'outbox-data-key': TEST_DATA_KEY
})

export function tempDir(prefix = 'front-desk-', parent = tmpdir()): { path: string; remove: () => void } {
  const path = mkdtempSync(join(parent, prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/**
 * A simulator with one location and one event a day ahead of `now` (the simulator's clock, real time by
 * default), with room for `capacity` people.
 */
export async function startSimulator(capacity = 50, now: () => Date = () => new Date()): Promise<AltegioSimulator> {
  const sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN, now })
  sim.addLocation(LOCATION_ID)
  sim.addEvent({ locationId: LOCATION_ID, id: EVENT_ID, date: new Date(now().getTime() + 86_400_000), capacity, title: 'Evening yoga' })
  return sim
}

let counter = 0

/** A valid booking for a distinct client (the email tells clients apart in the simulator). */
export function booking(overrides: Partial<BookingRequest['client']> = {}, count = 1): BookingRequest {
  counter += 1
  return {
    client: {
      name: 'Anna',
      surname: 'Petrova',
      phone: `+4479111${String(10000 + counter).slice(-5)}`,
      email: `anna.${counter}@example.com`,
      gender: 2,
      ...overrides
    },
    clients_count: count
  }
}

/** A desk on a fresh data folder, pointed at the simulator, with tokens saved and no background delivery. */
export async function openDesk(
  sim: AltegioSimulator | undefined,
  options: Partial<FrontDeskOptions> & { dataDir: string }
): Promise<FrontDesk> {
  return createFrontDesk({
    secrets: memoryKeychain(savedTokens()),
    autoDeliver: false,
    requestTimeoutMs: 2_000,
    backoff: { baseMs: 200, maxMs: 1_000 },
    allowedApiHosts: TEST_ALLOWED_HOSTS,
    ...(sim ? { apiBaseUrl: sim.baseUrl } : {}),
    ...options
  })
}

/** Resolves with the item once `accept` likes it (now, or at a later change), or rejects after `timeoutMs`. */
export function waitForItem(desk: FrontDesk, id: string, accept: (item: OutboxItem) => boolean, timeoutMs = 10_000): Promise<OutboxItem> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`booking ${id} did not reach the expected state within ${timeoutMs} ms`))
    }, timeoutMs)
    const done = (item: OutboxItem): void => {
      clearTimeout(timer)
      stop()
      resolve(item)
    }
    const stop = desk.onChange((item) => {
      if (item.id === id && accept(item)) done(item)
    })
    void desk.listBookings().then((items) => {
      const current = items.find((item) => item.id === id)
      if (current && accept(current)) done(current)
    })
  })
}
