import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATA_KEY_ACCOUNT } from '../../src-main/core/secrets/data-key.ts'
import { createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { DATABASE_FILE, openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { openSupportLog } from '../../src-main/core/support-log/support-log.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { RETURNING_CLIENT, RETURNING_DIGITS, seedStudio } from '../simulator/seed-studio.ts'
import { EVENT_ID, LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking, memoryKeychain, openDesk, savedTokens, tempDir } from '../support/desk-fixtures.ts'
import { testTime } from '../support/test-clock.ts'

/**
 * Clients' details at rest: the outbox's files, read as bytes, hold no name, phone or email in the
 * clear, and no token is anywhere under the data folder, logs included.
 */
const clients = [
  { name: 'Zinaida', surname: 'Quarrington', phone: '+44 7911 204517', e164: '+447911204517', email: 'zinaida.quarrington@example.org' },
  { name: 'Зоя', surname: 'Ксенофонтова', phone: '+7 912 345-67-89', e164: '+79123456789', email: 'zoya.ksenofontova@example.net' },
  { name: 'Bartholomew', surname: 'Uxbridge-Vale', phone: '+1 315 555 0175', e164: '+13155550175', email: 'bart.uxbridge@example.com' }
]

/** Every way a client's details could show in a file: names, email and its local part, the phone in each form. */
function needles(client: { name: string; surname: string; phone: string; e164: string; email: string }): string[] {
  const digits = client.e164.slice(1)
  return [client.name, client.surname, client.email, client.email.split('@')[0]!, client.e164, digits, digits.slice(-10), client.phone]
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

function expectNoneIn(files: string[], secrets: string[]): void {
  expect(files.length).toBeGreaterThan(0)
  for (const file of files) {
    const bytes = readFileSync(file)
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${file}`).toBe(false)
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) in ${file}`).toBe(false)
    }
  }
}

describe('personal data at rest', () => {
  let root: ReturnType<typeof tempDir>
  let server: Server
  let apiBaseUrl: string
  beforeEach(async () => {
    root = tempDir()
    // Altegio refuses each booking, echoing the client's phone and email back, as servers do.
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const client = (JSON.parse(body) as { client: { phone: string; email: string } }).client
        res.writeHead(422, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            success: false,
            data: null,
            meta: { message: `Client ${client.phone} (${client.email}) is blocked`, errors: { 'client.phone': [`${client.phone} is blocked`] } }
          })
        )
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
  })
  afterEach(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    root.remove()
  })

  it('the outbox files hold no name, phone or email in the clear, and no token is anywhere under the data folder', async () => {
    const dataDir = join(root.path, 'outbox')
    const supportLog = openSupportLog({ dir: join(root.path, 'logs') })
    const secrets = memoryKeychain(savedTokens())
    const desk = await openDesk(undefined, { dataDir, apiBaseUrl, secrets, log: supportLog.log })
    const ids: string[] = []
    for (const c of clients) {
      const item = await desk.submitBooking({
        locationId: LOCATION_ID,
        eventId: EVENT_ID,
        request: booking({ name: c.name, surname: c.surname, phone: c.phone, email: c.email })
      })
      ids.push(item.id)
    }
    await desk.deliverNow()
    const items = await desk.listBookings()
    // The server's echo is on each booking, in the window's view: so it is on disk too, sealed.
    expect(items.map((i) => i.status)).toEqual(['failed', 'failed', 'failed'])
    expect(items.map((i) => JSON.stringify(i.error)).join()).toContain('+79123456789')
    await desk.updateBooking(ids[0]!, booking({ name: clients[0]!.name, surname: clients[0]!.surname, phone: clients[0]!.phone, email: clients[0]!.email }))
    supportLog.log(`notes pass through here: Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}, ${clients[1]!.e164}, ${clients[1]!.email}`)

    const everything = clients.flatMap(needles)
    const tokens = [PARTNER_TOKEN, USER_TOKEN, secrets.values.get(DATA_KEY_ACCOUNT)!]
    // While the app runs: the database, its WAL and shared memory.
    const outboxFiles = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].map((f) => join(dataDir, f))
    expect(outboxFiles.every((f) => existsSync(f))).toBe(true)
    expect(readFileSync(outboxFiles[1]!).length).toBeGreaterThan(0)
    expectNoneIn(outboxFiles, everything)

    await desk.close()
    await supportLog.close()
    expectNoneIn(filesUnder(dataDir), everything)
    expectNoneIn(filesUnder(root.path), [...tokens, ...everything])
    expect(filesUnder(root.path).some((f) => f.endsWith('front-desk.log'))).toBe(true)

    // The same desk, reopened with the key, still has everything.
    const reopened = await openDesk(undefined, { dataDir, apiBaseUrl, secrets })
    expect((await reopened.listBookings()).map((i) => i.request.client.email).sort()).toEqual(clients.map((c) => c.email).sort())
    await reopened.close()
  })

  it('seals an older plaintext outbox at first open, leaving no copy of it in the files', async () => {
    const dataDir = join(root.path, 'outbox')
    // An outbox as a version before encryption left it: the same tables, rows in plaintext JSON.
    openOutboxDatabase(dataDir).close()
    const raw = new DatabaseSync(join(dataDir, DATABASE_FILE))
    const insert = raw.prepare(
      `INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at, error, last_look_up) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    clients.forEach((c, i) => {
      const request = booking({ name: c.name, surname: c.surname, phone: c.e164, email: c.email })
      const error = i === 1 ? JSON.stringify({ kind: 'validation', status: 422, message: `${c.e164} is blocked` }) : null
      // An unknown booking's lookup evidence, whose summary quotes what Altegio said about the client.
      const evidence = i === 2 ? JSON.stringify({ checkedAt: '2026-01-01T00:00:00.000Z', verdict: 'unclear', summary: `Could not check Altegio: ${c.email} unknown.`, candidates: [] }) : null
      const status = i === 1 ? 'failed' : i === 2 ? 'unknown' : 'queued'
      insert.run(`old-${i}`, LOCATION_ID, EVENT_ID, JSON.stringify(request), status, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', error, evidence)
    })
    raw.close()
    expect(readFileSync(join(dataDir, DATABASE_FILE)).includes(Buffer.from(clients[0]!.email))).toBe(true)

    const desk = await openDesk(undefined, { dataDir })
    const items = await desk.listBookings()
    expect(items.map((i) => i.request.client.email).sort()).toEqual(clients.map((c) => c.email).sort())
    expect(items.find((i) => i.id === 'old-1')?.error?.message).toBe(`${clients[1]!.e164} is blocked`)
    expect(items.find((i) => i.id === 'old-2')?.lastLookUp?.summary).toContain(clients[2]!.email)
    expectNoneIn([DATABASE_FILE, `${DATABASE_FILE}-wal`].map((f) => join(dataDir, f)), clients.flatMap(needles))
    await desk.close()
    expectNoneIn(filesUnder(dataDir), clients.flatMap(needles))
  })

  it('refuses to start, touching nothing, when the keychain lost the key or cannot give it', async () => {
    const dataDir = join(root.path, 'outbox')
    const secrets = memoryKeychain(savedTokens())
    const desk = await openDesk(undefined, { dataDir, secrets })
    await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.close()
    const before = readFileSync(join(dataDir, DATABASE_FILE))

    secrets.values.delete(DATA_KEY_ACCOUNT)
    await expect(createFrontDesk({ dataDir, secrets, autoDeliver: false })).rejects.toMatchObject({
      code: 'unavailable',
      reason: 'data_key_missing'
    })
    expect(secrets.values.has(DATA_KEY_ACCOUNT)).toBe(false)

    const locked = memoryKeychain()
    locked.get = async () => {
      throw new Error('The system keychain is not available (locked).')
    }
    await expect(createFrontDesk({ dataDir, secrets: locked, autoDeliver: false })).rejects.toMatchObject({
      code: 'unavailable',
      reason: 'data_key_unreadable',
      params: { reason: expect.stringMatching(/locked/) }
    })
    expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(before)).toBe(true)
  })

  it('keeps aside, never deletes, a row whose sealed details were moved from another row', async () => {
    const dataDir = join(root.path, 'outbox')
    const desk = await openDesk(undefined, { dataDir })
    const a = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking({ name: 'Alice' }) })
    const b = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking({ name: 'Bob' }) })
    const c = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking({ name: 'Carol' }) })
    await desk.close()
    const raw = new DatabaseSync(join(dataDir, DATABASE_FILE))
    raw.prepare(`UPDATE outbox SET request = (SELECT request FROM outbox WHERE id = ?) WHERE id = ?`).run(a.id, b.id)
    raw.close()

    const reopened = await openDesk(undefined, { dataDir })
    expect((await reopened.listBookings()).map((i) => i.request.client.name)).toEqual(['Carol', 'Alice'])
    await reopened.close()
    const check = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true })
    expect(check.prepare('SELECT id FROM outbox ORDER BY seq').all()).toEqual([{ id: a.id }, { id: b.id }, { id: c.id }])
    check.close()
  })
})

describe('the client cache at rest', () => {
  it('seals clients seen in searches, opens them offline, and seals an older plaintext cache at first open', async () => {
    const root = tempDir()
    const sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN })
    try {
      seedStudio(sim, LOCATION_ID, testTime(9))
      const dataDir = join(root.path, 'outbox')
      // An older version's plaintext row, as the first offline cache wrote it before encryption.
      openOutboxDatabase(dataDir).close()
      const raw = new DatabaseSync(join(dataDir, DATABASE_FILE))
      const older = { name: 'Pelagia', surname: 'Winterbottom', phone: '+447911555321', email: 'pelagia.w@example.org' }
      raw
        .prepare('INSERT INTO client_cache (location_id, client_id, personal, cached_at) VALUES (?, ?, ?, ?)')
        .run(LOCATION_ID, 170009999, JSON.stringify(older), new Date().toISOString())
      raw.close()

      const secrets = memoryKeychain(savedTokens())
      const desk = await openDesk(sim, { dataDir, secrets })
      await desk.saveSettings({ locationId: LOCATION_ID })
      const found = await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
      expect(found.clients.map((c) => c.id)).toContain(RETURNING_CLIENT.id)
      await desk.close()

      const returning = { name: RETURNING_CLIENT.name, surname: RETURNING_CLIENT.surname, e164: RETURNING_CLIENT.phone, email: RETURNING_CLIENT.email, phone: RETURNING_CLIENT.phone }
      expectNoneIn(filesUnder(dataDir), [...needles(returning), ...needles({ ...older, e164: older.phone })])

      await sim.stop() // offline, at the same address: the cache answers, opened with the key
      const offline = await openDesk(undefined, { dataDir, secrets, apiBaseUrl: sim.baseUrl })
      const cached = await offline.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
      // The search's `name` carries the whole name (it has no `surname` field).
      expect(cached.clients.map((c) => c.name)).toContain(`${RETURNING_CLIENT.name} ${RETURNING_CLIENT.surname}`)
      const olderFound = await offline.searchClients({ locationId: LOCATION_ID, query: 'Winterbottom' })
      expect(olderFound.clients.map((c) => c.email)).toEqual([older.email])
      await offline.close()
      expectNoneIn(filesUnder(dataDir), [...needles(returning), ...needles({ ...older, e164: older.phone })])
    } finally {
      await sim.stop()
      root.remove()
    }
  })
})
