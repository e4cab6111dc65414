import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { DATA_KEY_ACCOUNT } from '../../src-main/core/secrets/data-key.ts'
import { createFrontDesk, keytarKeychain } from '../../src-main/core/index.ts'
import { EVENT_ID, LOCATION_ID, TEST_ALLOWED_HOSTS, booking, startSimulator, tempDir, waitForItem } from '../support/desk-fixtures.ts'

/**
 * The real keychain: keytar against gnome-keyring's Secret Service, which `npm test` starts on a
 * private D-Bus with a throwaway keyring. Each run uses its own service name, and removes what it wrote.
 */
const service = `altegio-front-desk-test-${randomUUID()}`
const store = keytarKeychain(service)

describe('keychain (keytar + gnome-keyring)', () => {
  afterAll(async () => {
    await store.delete('partner-token')
    await store.delete('user-token')
    await store.delete('probe')
    await store.delete(DATA_KEY_ACCOUNT)
  })

  it('stores, reads back and deletes a secret', async () => {
    expect(await store.get('probe')).toBeNull()
    await store.set('probe', 'sekret-value')
    expect(await store.get('probe')).toBe('sekret-value')
    expect(await store.delete('probe')).toBe(true)
    expect(await store.get('probe')).toBeNull()
  })

  it('gives the desk its tokens: a booking is sent with them, and they are nowhere on disk', async () => {
    const sim = await startSimulator()
    const dir = tempDir()
    try {
      const desk = await createFrontDesk({ dataDir: dir.path, secrets: store, apiBaseUrl: sim.baseUrl, allowedApiHosts: TEST_ALLOWED_HOSTS, autoDeliver: true })
      await desk.saveTokens({ partnerToken: 'partner-token-test', userToken: 'user-token-test' })
      expect(await desk.tokenStatus()).toEqual({ partner: true, user: true })
      const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
      await waitForItem(desk, item.id, (i) => i.status === 'sent')
      await desk.close()

      // A new desk, as after a restart, finds the tokens in the keychain, not in a file.
      const again = await createFrontDesk({ dataDir: dir.path, secrets: store, apiBaseUrl: sim.baseUrl, allowedApiHosts: TEST_ALLOWED_HOSTS, autoDeliver: false })
      expect(await again.tokenStatus()).toEqual({ partner: true, user: true })
      await again.clearTokens()
      expect(await again.tokenStatus()).toEqual({ partner: false, user: false })
      await again.close()
      expect(await store.get('user-token')).toBeNull()
      // The key that seals clients' details was made in the keychain on first open, outlived the
      // restart, and stays when the tokens are cleared: without it the bookings on disk are unreadable.
      const dataKey = await store.get(DATA_KEY_ACCOUNT)
      expect(Buffer.from(dataKey ?? '', 'base64')).toHaveLength(32)
      const last = await createFrontDesk({ dataDir: dir.path, secrets: store, apiBaseUrl: sim.baseUrl, allowedApiHosts: TEST_ALLOWED_HOSTS, autoDeliver: false })
      expect((await last.listBookings()).map((i) => i.id)).toEqual([item.id])
      await last.close()
      expect(await store.get(DATA_KEY_ACCOUNT)).toBe(dataKey)

      for (const file of readdirSync(dir.path)) {
        const bytes = readFileSync(join(dir.path, file), 'latin1')
        expect(bytes, file).not.toContain('user-token-test')
        expect(bytes, file).not.toContain('partner-token-test')
        expect(bytes, file).not.toContain(dataKey!)
      }
    } finally {
      await sim.stop()
      dir.remove()
    }
  })
})
