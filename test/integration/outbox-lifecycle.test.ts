import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFrontDesk, DeskError, type FrontDesk } from '../../src-main/core/index.ts'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { EVENT_ID, LOCATION_ID, TEST_ALLOWED_HOSTS, TEST_DATA_KEY, booking, memoryKeychain, openDesk, savedTokens, startSimulator, tempDir, waitForItem } from '../support/desk-fixtures.ts'

/** The outbox across restarts, in the background, under staff's hands, and on a bad disk. */
describe('outbox lifecycle', () => {
  let sim: AltegioSimulator
  let dir: ReturnType<typeof tempDir>
  const open: FrontDesk[] = []

  const openOn = async (options: Parameters<typeof openDesk>[1]) => {
    const desk = await openDesk(sim, options)
    open.push(desk)
    return desk
  }

  beforeEach(async () => {
    sim = await startSimulator()
    dir = tempDir()
  })
  afterEach(async () => {
    for (const desk of open.splice(0)) await desk.close()
    await sim.stop()
    dir.remove()
  })

  it('a submitted booking is on disk when submit resolves, and survives a restart', async () => {
    const desk = await openOn({ dataDir: dir.path })
    const request = booking()
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request })

    // Read the file from another connection, as a new process would, before anything else happens.
    const raw = new DatabaseSync(join(dir.path, DATABASE_FILE), { readOnly: true })
    const row = raw.prepare('SELECT status, request FROM outbox WHERE id = ?').get(item.id) as { status: string; request: string }
    const journal = raw.prepare('PRAGMA journal_mode').get() as { journal_mode: string }
    raw.close()
    expect(journal.journal_mode).toBe('wal')
    expect(row.status).toBe('queued')
    // Sealed on disk, under the row's own id; the key opens it back to exactly what was submitted.
    expect(row.request).toMatch(/^v2:/)
    const cipher = new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))
    expect(JSON.parse(cipher.open(row.request, item.id, 'outbox.request') as string)).toEqual(request)

    await desk.close()
    const reopened = await openOn({ dataDir: dir.path })
    expect(await reopened.listBookings()).toEqual([item])
  })

  it('a booking found `sending` at start-up becomes unknown and is not sent again', async () => {
    const desk = await openOn({ dataDir: dir.path })
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.close()
    const db = new DatabaseSync(join(dir.path, DATABASE_FILE))
    db.prepare(`UPDATE outbox SET status = 'sending', attempts = 1 WHERE id = ?`).run(item.id)
    db.close()

    const restarted = await openOn({ dataDir: dir.path })
    await restarted.deliverNow()
    const [after] = await restarted.listBookings()
    expect(after).toMatchObject({ status: 'unknown', error: { kind: 'network', message: 'interrupted' } })
    expect(sim.requests()).toHaveLength(0)
  })

  it('delivers in the background as soon as a booking is submitted', async () => {
    const desk = await openOn({ dataDir: dir.path, autoDeliver: true })
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    const sent = await waitForItem(desk, item.id, (i) => i.status === 'sent')
    expect(sent.recordId).toBe(String(sim.records()[0]!.id))
  })

  it('retries in the background after a failure, on its own, with backoff', async () => {
    sim.injectFaults({ kind: 'status', status: 500 }, { kind: 'status', status: 502 })
    const desk = await openOn({ dataDir: dir.path, autoDeliver: true })
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    const sent = await waitForItem(desk, item.id, (i) => i.status === 'sent')
    expect(sent.attempts).toBe(3)
    expect(sim.records()).toHaveLength(1)
  })

  it('keeps submission order', async () => {
    const desk = await openOn({ dataDir: dir.path })
    const emails: string[] = []
    for (let i = 0; i < 5; i++) {
      const request = booking()
      emails.push(request.client.email)
      await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request })
    }
    await desk.deliverNow()
    expect(sim.records().map((r) => r.client.email)).toEqual(emails)
    expect((await desk.listBookings()).map((i) => i.request.client.email)).toEqual([...emails].reverse())
  })

  it('refuses to discard or edit what may already be in Altegio, and explains', async () => {
    const desk = await openOn({ dataDir: dir.path })
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.deliverNow()
    await expect(desk.discardBooking(item.id)).rejects.toMatchObject({ code: 'not_allowed', message: 'discard_not_allowed', params: { status: 'sent' } })
    await expect(desk.updateBooking(item.id, booking())).rejects.toBeInstanceOf(DeskError)
    await expect(desk.retryBooking(item.id)).rejects.toMatchObject({ code: 'not_allowed' })
    await expect(desk.retryBooking('no-such-id')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('discards a waiting booking', async () => {
    await sim.stop()
    const desk = await openOn({ dataDir: dir.path })
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    expect(await desk.discardBooking(item.id)).toMatchObject({ id: item.id, status: 'discarded' })
    await sim.restart()
    await desk.deliverNow()
    expect((await desk.listBookings()).map((i) => [i.id, i.status]), 'kept as history, never sent').toEqual([[item.id, 'discarded']])
    expect(sim.requests()).toHaveLength(0)
  })

  it('refuses invalid bookings in the core too, naming the fields', async () => {
    const desk = await openOn({ dataDir: dir.path })
    const attempt = desk.submitBooking({ locationId: -1, eventId: EVENT_ID, request: { ...booking(), clients_count: 0 } })
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input', fieldErrors: { locationId: expect.any(Array), 'request.clients_count': expect.any(Array) } })
    expect(await desk.listBookings()).toEqual([])
  })

  it('keeps settings across restarts', async () => {
    const desk = await openOn({ dataDir: dir.path })
    expect(await desk.getSettings()).toEqual({ locationId: null, apiBaseUrl: sim.baseUrl, locations: [], clientCacheDays: 30, retentionDays: 30 })
    await desk.saveSettings({ locationId: 77, apiBaseUrl: 'https://api.yclients.com/api/', retentionDays: 7 })
    await desk.close()
    const reopened = await openOn({ dataDir: dir.path })
    expect(await reopened.getSettings()).toEqual({ locationId: 77, apiBaseUrl: 'https://api.yclients.com/api', locations: [], clientCacheDays: 30, retentionDays: 7 })
  })

  it('keeps tokens out of the database', async () => {
    const desk = await openOn({ dataDir: dir.path, secrets: memoryKeychain(savedTokens()) })
    await desk.saveTokens({ userToken: 'a-very-secret-user-token' })
    await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.close()
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
      let bytes = ''
      try {
        bytes = readFileSync(join(dir.path, file), 'latin1')
      } catch {
        continue
      }
      expect(bytes).not.toContain('a-very-secret-user-token')
      expect(bytes).not.toContain('partner-token-test')
    }
  })

  it('a damaged database is reported clearly and left in place for recovery', async () => {
    const path = join(dir.path, DATABASE_FILE)
    writeFileSync(path, 'this is not a database, but it may be the only copy of something')
    await expect(createFrontDesk({ dataDir: dir.path, secrets: memoryKeychain() })).rejects.toMatchObject({
      code: 'unavailable',
      reason: 'database_unopenable',
      params: { path, reason: expect.any(String) }
    })
    expect(readFileSync(path, 'utf8')).toMatch(/only copy/)
  })

  it('a row damaged on disk is kept aside, and the rest of the outbox still works', async () => {
    const desk = await openOn({ dataDir: dir.path })
    const good = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    const bad = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.close()
    const db = new DatabaseSync(join(dir.path, DATABASE_FILE))
    db.prepare(`UPDATE outbox SET request = '{"client": ' WHERE id = ?`).run(bad.id)
    db.close()

    const reopened = await openOn({ dataDir: dir.path })
    expect((await reopened.listBookings()).map((i) => i.id)).toEqual([good.id])
    const check = new DatabaseSync(join(dir.path, DATABASE_FILE), { readOnly: true })
    expect(check.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 2 })
    check.close()
  })
})

describe('when the keychain fails', () => {
  it('bookings stay queued, and the courier looks again later instead of in a loop', async () => {
    const dir = tempDir()
    let reads = 0
    // The keychain gave the data key at start-up, then failed (locked, its daemon gone).
    const broken = {
      get: async (account: string) => {
        if (account === 'outbox-data-key') return TEST_DATA_KEY
        if (account === 'outbox-data-key-next') return null // no key rotation under way
        if (account === 'partner-token' || account === 'user-token') reads += 1 // what the courier asks for
        throw new DeskError('unavailable', 'keychain_unavailable', { reason: 'test' })
      },
      set: async () => {},
      delete: async () => false
    }
    const desk = await createFrontDesk({ dataDir: dir.path, secrets: broken, autoDeliver: true, apiBaseUrl: 'http://127.0.0.1:9/api', allowedApiHosts: TEST_ALLOWED_HOSTS })
    try {
      const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(reads).toBeGreaterThanOrEqual(1)
      expect(reads).toBeLessThanOrEqual(2)
      expect((await desk.listBookings())[0]).toMatchObject({ id: item.id, status: 'queued', attempts: 0 })
      await expect(desk.tokenStatus()).rejects.toMatchObject({ code: 'unavailable' })
    } finally {
      await desk.close()
      dir.remove()
    }
  })
})
