import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATA_KEY_ACCOUNT, NEXT_DATA_KEY_ACCOUNT } from '../../src-main/core/secrets/data-key.ts'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { rotateDataKey } from '../../src-main/core/desk/key-rotation.ts'
import { DATABASE_FILE, openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import {
  EVENT_ID,
  LOCATION_ID,
  PARTNER_TOKEN,
  TEST_DATA_KEY,
  USER_TOKEN,
  booking,
  memoryKeychain,
  openDesk,
  savedTokens,
  startSimulator,
  tempDir
} from '../support/desk-fixtures.ts'
import { legacySeal } from '../support/legacy-seal.ts'

/**
 * What someone who can write the database file, but cannot read the keychain, can make the desk do:
 * nothing. Planted bookings are not sealed and sent, sealed values do not move between columns, settings
 * rows do not change unnoticed, and the data key can be replaced.
 */

let dir: ReturnType<typeof tempDir>
let sim: AltegioSimulator
let secrets: ReturnType<typeof memoryKeychain>
let lines: string[]
const open: FrontDesk[] = []

beforeEach(async () => {
  dir = tempDir()
  sim = await startSimulator()
  secrets = memoryKeychain(savedTokens())
  lines = []
})
afterEach(async () => {
  for (const desk of open.splice(0)) await desk.close()
  await sim.stop()
  dir.remove()
})

async function desk(options: Parameters<typeof openDesk>[1] extends infer O ? Partial<O> : never = {}): Promise<FrontDesk> {
  const opened = await openDesk(sim, { dataDir: dir.path, secrets, log: (line) => lines.push(line), ...options })
  open.push(opened)
  return opened
}

async function closeAll(): Promise<void> {
  for (const desk of open.splice(0)) await desk.close()
}

function raw<T>(work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(dir.path, DATABASE_FILE))
  try {
    return work(db)
  } finally {
    db.close()
  }
}

const plantRow = (id: string, request: string): void =>
  void raw((db) =>
    db
      .prepare(`INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at, next_attempt_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`)
      .run(id, LOCATION_ID, EVENT_ID, request, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
  )

describe('sealing the outbox runs once', () => {
  it('a plaintext booking planted after the first sealing is refused, kept aside as it is, reported, and never sent', async () => {
    const first = await desk()
    const good = await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await closeAll()
    const planted = booking({ name: 'Planted', email: 'planted@example.com' })
    plantRow('planted-1', JSON.stringify(planted))
    plantRow('planted-2', legacySeal(planted, 'planted-2', Buffer.from(TEST_DATA_KEY, 'base64'))) // the older format, even under the right key

    const again = await desk()
    await again.deliverNow()
    expect((await again.listBookings()).map((item) => item.id)).toEqual([good.id])
    expect(sim.records().map((record) => record.client.email)).toEqual([good.request.client.email])
    expect(raw((db) => db.prepare(`SELECT id, request FROM outbox WHERE id LIKE 'planted-%' ORDER BY id`).all())).toEqual([
      { id: 'planted-1', request: JSON.stringify(planted) },
      { id: 'planted-2', request: expect.stringMatching(/^v1:/) }
    ])
    expect(lines.join('\n')).toMatch(/refused 2 outbox row\(s\) not sealed by this desk \(kept aside, never sent\): planted-1, planted-2/)
    // And the next start does not seal them either.
    await closeAll()
    await desk()
    expect(raw((db) => db.prepare(`SELECT request FROM outbox WHERE id = 'planted-1'`).get())).toEqual({ request: JSON.stringify(planted) })
  })

  it('each start checks the rows added since the last: a row planted after the check is found, and reported until it is gone', async () => {
    const first = await desk()
    const good = await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await closeAll()
    await desk() // this start checks the good row and moves the mark past it
    await closeAll()
    const checked = raw((db) => db.prepare(`SELECT value FROM meta WHERE key = 'sealing-checked-outbox-seq'`).get() as { value: string })
    expect(Number(checked.value)).toBeGreaterThan(0)
    plantRow('planted-late', JSON.stringify(booking({ name: 'Late', email: 'late@example.com' })))

    const again = await desk()
    await again.deliverNow()
    expect(lines.join('\n')).toMatch(/refused 1 outbox row\(s\) not sealed by this desk \(kept aside, never sent\): planted-late/)
    expect((await again.listBookings()).map((item) => item.id)).toEqual([good.id])
    expect(sim.records().map((record) => record.client.email)).toEqual([good.request.client.email])
    await closeAll()
    lines = []
    await desk()
    expect(lines.join('\n')).toMatch(/refused 1 outbox row\(s\) not sealed by this desk \(kept aside, never sent\): planted-late/)
  })

  it('a row below the mark changed to plaintext is not scanned again, but does not open: kept aside, left as it is, never sent', async () => {
    const first = await desk()
    const good = await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    const other = await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID + 1, request: booking({ email: 'other@example.com' }) })
    await closeAll()
    await desk()
    await closeAll()
    const planted = booking({ name: 'Changed', email: 'changed@example.com' })
    raw((db) => db.prepare('UPDATE outbox SET request = ? WHERE id = ?').run(JSON.stringify(planted), other.id))

    const again = await desk()
    await again.deliverNow()
    expect((await again.listBookings()).map((item) => item.id)).toEqual([good.id])
    expect(sim.records().map((record) => record.client.email)).toEqual([good.request.client.email])
    expect(raw((db) => db.prepare('SELECT request FROM outbox WHERE id = ?').get(other.id))).toEqual({ request: JSON.stringify(planted) })
  })

  it('an outbox sealed by the older format (row only) is re-sealed binding the column, once, with every booking intact', async () => {
    openOutboxDatabase(dir.path).close()
    const key = Buffer.from(TEST_DATA_KEY, 'base64')
    const request = booking()
    const error = { kind: 'validation', status: 422, message: 'blocked' }
    raw((db) => {
      db.prepare(`INSERT INTO meta (key, value) VALUES ('data-key-check', ?)`).run(new RecordCipher(key).keyCheck)
      db.prepare(
        `INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at, error) VALUES ('old-1', ?, ?, ?, 'failed', ?, ?, ?)`
      ).run(LOCATION_ID, EVENT_ID, legacySeal(JSON.stringify(request), 'old-1', key), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', legacySeal(JSON.stringify(error), 'old-1', key))
    })
    const opened = await desk()
    expect(await opened.listBookings()).toEqual([expect.objectContaining({ id: 'old-1', request, error })])
    expect(raw((db) => db.prepare(`SELECT request, error FROM outbox`).get())).toEqual({
      request: expect.stringMatching(/^v2:/),
      error: expect.stringMatching(/^v2:/)
    })
    expect(raw((db) => db.prepare(`SELECT value FROM meta WHERE key = 'sealing-version'`).get())).toEqual({ value: '2' })
  })

  it("binds each sealed value to its column: a server's echo moved into the booking's column does not open", async () => {
    const first = await desk()
    const item = await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    sim.injectFaults({ kind: 'status', status: 422 })
    await first.deliverNow()
    expect((await first.listBookings())[0]).toMatchObject({ id: item.id, status: 'failed' })
    await closeAll()
    raw((db) => db.prepare('UPDATE outbox SET request = error WHERE id = ?').run(item.id))
    const again = await desk()
    expect(await again.listBookings()).toEqual([])
    await again.deliverNow()
    expect(sim.records()).toEqual([])
    expect(raw((db) => db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE id = ?').get(item.id))).toEqual({ n: 1 }) // kept aside, not deleted
  })
})

describe('the client cache is sealed row by row', () => {
  const zinaida = { id: 170007001, name: 'Zinaida', surname: 'Quarrington', phone: '+447911204517', email: 'zinaida.q@example.org' }
  const bartholomew = { id: 170007002, name: 'Bartholomew', surname: 'Uxbridge', phone: '+13155550175', email: 'bart.u@example.com' }

  /** A desk that searched Altegio for both clients once, so both are in its cache; then Altegio goes away. */
  async function cachedThenOffline(): Promise<void> {
    sim.addClient(zinaida)
    sim.addClient(bartholomew)
    const first = await desk()
    await first.saveSettings({ locationId: LOCATION_ID })
    for (const query of ['Quarrington', 'Uxbridge']) expect((await first.searchClients({ locationId: LOCATION_ID, query })).clients).toHaveLength(1)
    await closeAll()
    await sim.stop()
  }
  /** The desk reopened with Altegio gone: its searches answer from the cache alone. */
  async function offlineSearch(): Promise<(query: string) => Promise<number[]>> {
    const offline = await desk()
    return async (query) => (await offline.searchClients({ locationId: LOCATION_ID, query })).clients.map((client) => client.id)
  }

  it("a client planted in the cache in the clear is refused, reported, and never offered", async () => {
    await cachedThenOffline()
    const planted = { name: 'Planted', surname: 'Person', phone: '+447700900123', email: 'planted@example.com' }
    raw((db) =>
      db
        .prepare('INSERT INTO client_cache (location_id, client_id, personal, cached_at) VALUES (?, ?, ?, ?)')
        .run(LOCATION_ID, 170007003, JSON.stringify(planted), new Date().toISOString())
    )
    const search = await offlineSearch()
    expect(await search('Planted')).toEqual([])
    expect(lines.join('\n')).toMatch(/refused 1 cached client row\(s\) not sealed by this desk/)
    // The real clients still open.
    expect(await search('Quarrington')).toEqual([zinaida.id])
  })

  it("one client's sealed details copied over another's row do not open there", async () => {
    await cachedThenOffline()
    raw((db) =>
      db
        .prepare('UPDATE client_cache SET personal = (SELECT personal FROM client_cache WHERE client_id = ?) WHERE client_id = ?')
        .run(zinaida.id, bartholomew.id)
    )
    const search = await offlineSearch()
    expect(await search('Quarrington')).toEqual([zinaida.id])
    expect(await search('Uxbridge')).toEqual([])
  })
})

describe('settings are authenticated', () => {
  it('a settings row changed in the file is refused, reported, and the tokens do not go where it points', async () => {
    const first = await desk()
    await first.saveSettings({ locationId: LOCATION_ID, retentionDays: 9, apiBaseUrl: sim.baseUrl })
    await closeAll()
    const hostile = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN })
    try {
      // The attacker points the desk at their own server (a host the policy allows, to show the MAC is what stops it).
      raw((db) => db.prepare(`UPDATE settings SET value = ? WHERE key = 'apiBaseUrl'`).run(JSON.stringify(hostile.baseUrl)))
      raw((db) => db.prepare(`INSERT INTO settings (key, value) VALUES ('clientCacheDays', '365')`).run())
      const again = await desk()
      expect(await again.getSettings()).toMatchObject({ apiBaseUrl: sim.baseUrl, locationId: LOCATION_ID, retentionDays: 9, clientCacheDays: 30 })
      expect(lines.join('\n')).toMatch(/refused settings changed outside the app \(their defaults are used until saved again\): (apiBaseUrl, clientCacheDays|clientCacheDays, apiBaseUrl)/)
      await again.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
      await again.deliverNow()
      expect(hostile.requests()).toEqual([])
      expect(sim.records()).toHaveLength(1)
      // Saved again through the app, a setting is signed and counts.
      await again.saveSettings({ clientCacheDays: 60 })
      await closeAll()
      expect(await (await desk()).getSettings()).toMatchObject({ clientCacheDays: 60 })
    } finally {
      await hostile.stop()
    }
  })

  it('settings an older version wrote are signed once at the first open, then kept', async () => {
    openOutboxDatabase(dir.path).close()
    raw((db) => db.prepare(`INSERT INTO settings (key, value) VALUES ('retentionDays', '12'), ('locationId', ?)`).run(String(LOCATION_ID)))
    expect(await (await desk()).getSettings()).toMatchObject({ retentionDays: 12, locationId: LOCATION_ID })
    await closeAll()
    expect(await (await desk()).getSettings()).toMatchObject({ retentionDays: 12, locationId: LOCATION_ID })
    expect(lines.join('\n')).not.toMatch(/refused settings/)
  })
})

describe('rotating the data key', () => {
  it('re-seals every value and re-signs the settings under a new key; the old key opens nothing', async () => {
    const first = await desk()
    await first.saveSettings({ locationId: LOCATION_ID, retentionDays: 11 })
    const items = [
      await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() }),
      await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    ]
    await first.searchClients({ locationId: LOCATION_ID, query: 'Anna' })
    await closeAll()

    const { resealed } = await rotateDataKey({ dataDir: dir.path, secrets })
    expect(resealed).toBeGreaterThanOrEqual(2)
    const newKey = secrets.values.get(DATA_KEY_ACCOUNT)!
    expect(newKey).not.toBe(TEST_DATA_KEY)
    expect(secrets.values.has(NEXT_DATA_KEY_ACCOUNT)).toBe(false)
    const oldCipher = new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))
    const stored = raw((db) => db.prepare('SELECT id, request FROM outbox').all() as { id: string; request: string }[])
    for (const row of stored) expect(() => oldCipher.open(row.request, row.id, 'outbox.request')).toThrow()

    const after = await desk()
    expect((await after.listBookings()).map((item) => item.request)).toEqual(expect.arrayContaining(items.map((item) => item.request)))
    expect(await after.getSettings()).toMatchObject({ locationId: LOCATION_ID, retentionDays: 11 })
    expect(lines.join('\n')).not.toMatch(/refused/)
  })

  it('finishes a rotation stopped after the outbox was re-sealed but before the keychain changed', async () => {
    const first = await desk()
    const item = await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await closeAll()
    await rotateDataKey({ dataDir: dir.path, secrets })
    // As if the app stopped between the commit and the keychain update: the old key is still the key.
    secrets.values.set(NEXT_DATA_KEY_ACCOUNT, secrets.values.get(DATA_KEY_ACCOUNT)!)
    secrets.values.set(DATA_KEY_ACCOUNT, TEST_DATA_KEY)
    const again = await desk()
    expect((await again.listBookings()).map((i) => i.id)).toEqual([item.id])
    expect(secrets.values.get(DATA_KEY_ACCOUNT)).not.toBe(TEST_DATA_KEY)
    expect(secrets.values.has(NEXT_DATA_KEY_ACCOUNT)).toBe(false)
  })

  it('drops the new key of a rotation stopped before the outbox was re-sealed', async () => {
    const first = await desk()
    const item = await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await closeAll()
    secrets.values.set(NEXT_DATA_KEY_ACCOUNT, Buffer.alloc(32, 9).toString('base64'))
    const again = await desk()
    expect((await again.listBookings()).map((i) => i.id)).toEqual([item.id])
    expect(secrets.values.get(DATA_KEY_ACCOUNT)).toBe(TEST_DATA_KEY)
    expect(secrets.values.has(NEXT_DATA_KEY_ACCOUNT)).toBe(false)
  })
})
